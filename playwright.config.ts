import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';
import { BASE_PATH, CHROMIUM, CHROMIUM_ARGS, OTHER_HOST, OTHER_HOST_PORT, PORT, SITE } from './e2e/sites';

/**
 * End-to-end tests drive Debian's Chromium (Playwright's own browser downloads are not available here).
 * CHROMIUM_PATH overrides the location.
 */
const chromium = CHROMIUM;
if (!existsSync(chromium)) {
  throw new Error(
    `Chromium not found at ${chromium}. Install Debian's Chromium with: sudo apt-get install -y chromium ` +
      '(or set CHROMIUM_PATH to a Chromium or Chrome binary).',
  );
}


export default defineConfig({
  testDir: 'e2e',
  // The soak test has its own configuration and command (playwright.soak.config.ts, `npm run soak`).
  testIgnore: 'soak/**',
  outputDir: 'test-results',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  globalSetup: './e2e/global-setup.ts',
  use: {
    baseURL: SITE,
    viewport: { width: 1280, height: 900 },
    launchOptions: {
      executablePath: chromium,
      args: CHROMIUM_ARGS,
    },
  },
  webServer: [
    {
      command: `npx tsx e2e/serve.ts --port ${PORT} --base ${BASE_PATH} --mount /fixtures/=e2e/.fixtures --mount /third-party/=../shared/models-third-party --mount /shared-data/=public/data`,
      url: SITE,
      reuseExistingServer: !process.env['CI'],
      timeout: 30_000,
    },
    {
      // The same site from a host that sends .gz files with Content-Encoding: gzip and no isolation headers.
      command: `npx tsx e2e/serve.ts --port ${OTHER_HOST_PORT} --base / --gz-as-encoding --no-isolation`,
      url: OTHER_HOST,
      reuseExistingServer: !process.env['CI'],
      timeout: 30_000,
    },
  ],
});
