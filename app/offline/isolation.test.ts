import { describe, expect, it } from 'vitest';
import { carriesIsolation, withIsolation } from './isolation';

describe('isolation headers added by the service worker', () => {
  it('are set on a document response, keeping its status, headers and body', async () => {
    const original = new Response('<!doctype html><p>hi</p>', { status: 200, statusText: 'OK', headers: { 'Content-Type': 'text/html', 'Content-Security-Policy': "default-src 'none'" } });
    const isolated = withIsolation(original);
    expect(isolated.headers.get('Cross-Origin-Opener-Policy')).toBe('same-origin');
    expect(isolated.headers.get('Cross-Origin-Embedder-Policy')).toBe('require-corp');
    expect(isolated.headers.get('Content-Type')).toBe('text/html');
    expect(isolated.headers.get('Content-Security-Policy')).toBe("default-src 'none'");
    expect(isolated.status).toBe(200);
    expect(await isolated.text()).toBe('<!doctype html><p>hi</p>');
  });

  it('replace weaker policies a host sent', () => {
    const isolated = withIsolation(new Response('', { headers: { 'Cross-Origin-Embedder-Policy': 'unsafe-none' } }));
    expect(isolated.headers.get('Cross-Origin-Embedder-Policy')).toBe('require-corp');
  });

  it('are needed by documents and worker scripts only', () => {
    expect(carriesIsolation({ mode: 'navigate', destination: 'document' })).toBe(true);
    expect(carriesIsolation({ mode: 'same-origin', destination: 'worker' })).toBe(true);
    // The WebAssembly file, models and test sets pass untouched (so that Chromium's code cache applies to the wasm).
    expect(carriesIsolation({ mode: 'cors', destination: '' })).toBe(false);
    expect(carriesIsolation({ mode: 'cors', destination: 'script' })).toBe(false);
  });
});
