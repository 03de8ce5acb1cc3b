/**
 * The site's Content-Security-Policy, in one place: vite.config.ts writes it into the built index.html as a
 * <meta http-equiv> (so that it holds on any static host), and e2e/serve.ts and `vite preview` also send it as
 * a header, which additionally covers the workers (a <meta> policy binds only the document) and allows
 * frame-ancestors (ignored, with a console error, in a <meta>).
 *
 * - No inline script and no eval: scripts, the inference worker, onnxruntime's threads and the
 *   cross-origin-isolation service worker (coi-serviceworker.min.js) all come from the site itself;
 *   WebAssembly compiles under 'wasm-unsafe-eval', which allows wasm and nothing else.
 * - connect-src allows any http(s) origin, a deliberate trade-off: the page fetches the model and data URLs
 *   a user gives (?model=https://…, ?images=…). Everything else stays at 'self' or 'none', and with no way to
 *   inject script, an open connect-src gives an attacker nothing to run. A site that only ever loads its own
 *   files can narrow it to 'self' (URL loading from other hosts then fails with a message naming CSP).
 * - Styles are stylesheets from the site; React sets style properties through the CSSOM, which CSP allows.
 */
export const CSP_DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'none'"],
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  'worker-src': ["'self'"],
  'connect-src': ["'self'", 'https:', 'http:'],
  'img-src': ["'self'"],
  'style-src': ["'self'"],
  'font-src': ["'self'"],
  'manifest-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'none'"],
};

/** Only a header can say who may frame the page. */
const HEADER_ONLY: Readonly<Record<string, readonly string[]>> = {
  'frame-ancestors': ["'self'"],
};

const format = (directives: Readonly<Record<string, readonly string[]>>): string =>
  Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');

/** For <meta http-equiv="Content-Security-Policy">. */
export const CSP_META = format(CSP_DIRECTIVES);

/** For the Content-Security-Policy response header. */
export const CSP_HEADER = format({ ...CSP_DIRECTIVES, ...HEADER_ONLY });
