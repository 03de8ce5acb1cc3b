/**
 * Before the end-to-end tests: build the ONNX fixtures they drop on the page (e2e/fixtures/makeModels.ts) into
 * e2e/.fixtures/, which the test server also serves under /fixtures/, and the corpus of malformed inputs
 * (e2e/fixtures/makeCorpus.ts) into e2e/.corpus/ for e2e/corpus.spec.ts. Plain TypeScript: no Python needed.
 */
import { join } from 'node:path';
import { writeCorpus } from './fixtures/makeCorpus';
import { writeModels } from './fixtures/makeModels';

export const FIXTURES = join(import.meta.dirname, '.fixtures');
export const CORPUS = join(import.meta.dirname, '.corpus');

export default function globalSetup(): void {
  writeModels(FIXTURES);
  writeCorpus(CORPUS);
}
