/**
 * Bundles the command-line tool (app/node/bin.ts and everything it imports from app/) into one plain
 * JavaScript file, dist-cli/bin/classifier-lens.js, the "bin" of the package: `npm pack` runs this first
 * (prepack), so the packed tool needs neither tsx nor the repository. onnxruntime-node, a native module, stays
 * outside the bundle: it is the package's one runtime dependency.
 *
 * The file sits two folders down, as app/node/ does, so that the code's PROJECT_ROOT (two levels up) is
 * still the package's root.
 */
import { build } from 'esbuild';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
export const CLI_BUNDLE = join(ROOT, 'dist-cli', 'bin', 'classifier-lens.js');

await build({
  entryPoints: [join(ROOT, 'app', 'node', 'bin.ts')],
  outfile: CLI_BUNDLE,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['onnxruntime-node'],
  // cli.ts runs itself when it is the script node was started with (`tsx app/node/cli.ts`); inside the
  // bundle, bin.ts decides, so that test must never match.
  define: { 'import.meta.filename': JSON.stringify('(bundled)') },
  logLevel: 'warning',
});
console.error(`build:cli: wrote ${CLI_BUNDLE}`); // stderr: `npm pack --json` keeps stdout for its JSON
