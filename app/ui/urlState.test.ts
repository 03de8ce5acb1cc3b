import { describe, expect, it } from 'vitest';
import { formatUrl, parseUrl, safeUrl } from './urlState';

const PAGE = 'https://example.org/tools/lens/';
const parse = (query: string) => parseUrl(PAGE + query, ['mnist-logreg', 'mnist-cnn'], ['mnist', 'fashion-mnist']);

describe('parseUrl', () => {
  it('defaults to the seed model on MNIST', () => {
    expect(parse('')).toEqual({
      request: { model: { kind: 'builtin', id: 'mnist-logreg' }, data: { kind: 'builtin', id: 'mnist' }, pre: null, backend: 'wasm' },
      seed: 42,
      view: 'counts',
      cell: null,
      sample: null,
      tab: 'per-class',
      compare: null,
      problems: [],
    });
  });

  it('reads model and data URLs relative to the page, with preprocessing and seed', () => {
    const parsed = parse('?model=models/m.onnx&data=models/m.onnx.data&images=x.gz&labels=https://cdn.example/y.gz&pre=standard,invert&seed=7&view=errors');
    expect(parsed.request).toEqual({
      model: { kind: 'url', url: 'https://example.org/tools/lens/models/m.onnx', dataUrl: 'https://example.org/tools/lens/models/m.onnx.data' },
      data: { kind: 'url', images: 'https://example.org/tools/lens/x.gz', labels: 'https://cdn.example/y.gz' },
      pre: { kind: 'fixed', pre: { preset: 'standard', invert: true } },
      backend: 'wasm',
    });
    expect([parsed.seed, parsed.view, parsed.problems]).toEqual([7, 'errors', []]);
  });

  it('refuses other schemes before anything is fetched, and says why', () => {
    const parsed = parse('?model=javascript:alert(1)&images=data:text/plain,x&labels=file:///etc/passwd&pre=bogus&seed=-1&backend=cuda');
    expect(parsed.request.model).toEqual({ kind: 'builtin', id: 'mnist-logreg' });
    expect(parsed.request.data).toEqual({ kind: 'builtin', id: 'mnist' });
    expect(parsed.problems).toEqual([
      'model: only http and https URLs are loaded, not javascript:',
      'images: only http and https URLs are loaded, not data:',
      'labels: only http and https URLs are loaded, not file:',
      'pre: "bogus" is not auto, unit, raw, standard or symmetric (optionally followed by ,invert)',
      'backend: "cuda" is not wasm, webgl or webgpu; using WebAssembly (wasm)',
      'seed: "-1" is not a whole number from 0 to 4294967295',
    ]);
  });

  it('names the built-ins when an id is unknown', () => {
    expect(parse('?model=resnet&dataset=cifar').problems).toEqual([
      'model: there is no built-in model "resnet" (built-in: mnist-logreg, mnist-cnn)',
      'dataset: there is no built-in dataset "cifar" (built-in: mnist, fashion-mnist)',
    ]);
  });
});

describe('formatUrl', () => {
  it('round-trips', () => {
    for (const query of ['?seed=42', '?model=mnist-cnn&dataset=fashion-mnist&pre=auto&backend=webgl&seed=3&view=errors&cell=5%2C3&sample=120&tab=compare&compare=mnist-logreg', '?model=https%3A%2F%2Fexample.org%2Fm.onnx&pre=unit&seed=9']) {
      const parsed = parse(query);
      expect(formatUrl(parsed, PAGE)).toBe(PAGE + query);
    }
  });

  it('leaves dropped files out of the link', () => {
    const file = new File([new Uint8Array(4)], 'mine.onnx');
    const url = formatUrl({ request: { model: { kind: 'files', model: file, externalData: [] }, data: { kind: 'builtin', id: 'mnist' }, pre: null, backend: 'wasm' }, seed: 5, view: 'counts', cell: null, sample: null, tab: 'per-class', compare: null }, PAGE);
    expect(url).toBe(`${PAGE}?seed=5`);
  });
});

describe('safeUrl', () => {
  it('accepts http(s) only', () => {
    expect(safeUrl('//evil.example/x', PAGE)).toEqual({ ok: true, url: 'https://evil.example/x' });
    expect(safeUrl('blob:https://example.org/123', PAGE).ok).toBe(false);
    expect(safeUrl('http://[::1', PAGE)).toEqual({ ok: false, reason: '"http://[::1" is not a valid URL' });
  });
});
