/**
 * Before the end-to-end tests: build the ONNX fixtures they drop on the page (e2e/fixtures/make_models.py,
 * with Debian's python3-onnx) into e2e/.fixtures/, which the test server also serves under /fixtures/, and
 * the corpus of malformed inputs (e2e/fixtures/make_corpus.py) into e2e/.corpus/ for e2e/corpus.spec.ts.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const FIXTURES = join(import.meta.dirname, '.fixtures');
export const CORPUS = join(import.meta.dirname, '.corpus');

function runPython(script: string, out: string, what: string): void {
  const result = spawnSync('sh', [join(import.meta.dirname, '..', 'models', 'python.sh'), join(import.meta.dirname, 'fixtures', script), out], {
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(`Building ${what} failed (needs Debian's python3-onnx: apt-get install -y python3-onnx):\n${result.stderr}${result.stdout}`);
  }
}

export default function globalSetup(): void {
  runPython('make_models.py', FIXTURES, 'the e2e ONNX fixtures');
  runPython('make_corpus.py', CORPUS, 'the corpus of malformed inputs');
}
