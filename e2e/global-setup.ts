/**
 * Before the end-to-end tests: build the ONNX fixtures they drop on the page (e2e/fixtures/make_models.py,
 * with Debian's python3-onnx) into e2e/.fixtures/, which the test server also serves under /fixtures/.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const FIXTURES = join(import.meta.dirname, '.fixtures');

export default function globalSetup(): void {
  const result = spawnSync('sh', [join(import.meta.dirname, '..', 'models', 'python.sh'), join(import.meta.dirname, 'fixtures', 'make_models.py'), FIXTURES], {
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(`Building the e2e ONNX fixtures failed (needs Debian's python3-onnx: apt-get install -y python3-onnx):\n${result.stderr}${result.stdout}`);
  }
}
