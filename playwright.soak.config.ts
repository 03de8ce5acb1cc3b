import { defineConfig } from '@playwright/test';
import base from './playwright.config';

/**
 * The soak test (`npm run soak`, run by CI after `npm test`): one tab, a hundred-odd evaluations, its memory
 * and workers watched. A few minutes; kept out of `npm run test:e2e`, which ignores e2e/soak/.
 */
export default defineConfig({
  ...base,
  testDir: 'e2e/soak',
  testIgnore: [],
  timeout: 600_000,
});
