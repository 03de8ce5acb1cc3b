import { defineConfig } from '@playwright/test';
import base from './playwright.config';
import { V8_INTERPRETER_ONLY } from './e2e/soak/interpreterOnly';

/**
 * The soak test (`npm run soak`, run by CI after `npm test`): one tab, a hundred-odd evaluations, its memory
 * and workers watched. A few minutes; kept out of `npm run test:e2e`, which ignores e2e/soak/.
 *
 * Its Chromium runs JavaScript in V8's interpreter only (e2e/soak/interpreterOnly.ts says why): the JS heap then
 * holds the page's objects and bytecode, not the machine code V8's optimising tiers keep adding in a long session.
 */
export default defineConfig({
  ...base,
  testDir: 'e2e/soak',
  testIgnore: [],
  timeout: 600_000,
  use: {
    ...base.use,
    launchOptions: { ...base.use?.launchOptions, args: [...(base.use?.launchOptions?.args ?? []), V8_INTERPRETER_ONLY] },
  },
});
