import { describe, expect, it } from 'vitest';
import { confusionMatrix } from '../../core/metrics/confusion';
import { confusionMatrixSvg, escapeXml, exportFileName, slug } from './matrixSvg';

const m = confusionMatrix([0, 0, 0, 1, 1, 2], [0, 0, 1, 1, 2, 2], 3);

describe('confusionMatrixSvg', () => {
  const { svg, width, height } = confusionMatrixSvg(m, ['0', '1', '2'], 'Model <A> & "B": accuracy 66.67%');

  it('is one SVG document with a cell per count, labels and axis titles', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).toContain(`width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"`);
    const cells = [...svg.matchAll(/<g class="cell" data-true="(\d)" data-pred="(\d)" data-count="(\d+)">/g)].map((x) => x.slice(1).map(Number));
    expect(cells).toHaveLength(9);
    expect(cells.filter(([t, p]) => t === 0 && p === 0)[0]![2]).toBe(2);
    expect(cells.filter(([t, p]) => t === 1 && p === 2)[0]![2]).toBe(1);
    expect(svg).toContain('>Predicted label</text>');
    expect(svg).toContain('>True label</text>');
  });

  it('escapes the title and uses the page’s colours', () => {
    expect(svg).toContain('Model &lt;A&gt; &amp; &quot;B&quot;: accuracy 66.67%');
    expect(svg).not.toContain('<A>');
    // Zero cells neutral, non-zero cells coloured.
    expect(svg).toMatch(/data-true="0" data-pred="2" data-count="0"><rect [^>]*fill="rgb\(246, 247, 249\)"/);
    expect(svg).not.toMatch(/data-true="0" data-pred="0" data-count="2"><rect [^>]*fill="rgb\(246, 247, 249\)"/);
  });

  it('slants long class names and grows to fit them', () => {
    const long = confusionMatrixSvg(m, ['T-shirt/top', 'Trouser', 'Ankle boot'], 't');
    expect(long.svg).toContain('rotate(-45)');
    expect(long.height).toBeGreaterThan(height);
    expect(svg).not.toContain('rotate(-45)');
  });
});

describe('file names', () => {
  it('slug model and dataset names', () => {
    expect(slug('MNIST logreg (v2)')).toBe('mnist-logreg-v2');
    expect(slug('my_model.onnx')).toBe('my-model');
    expect(slug('***')).toBe('model');
    expect(exportFileName('mnist-logreg', 'MNIST', 'predictions.csv')).toBe('mnist-logreg_mnist_predictions.csv');
  });

  it('escapeXml', () => {
    expect(escapeXml(`a<b>&"c'`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;');
  });
});
