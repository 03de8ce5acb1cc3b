import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '/work/wt11/e2e/sites';
const root = '/work/wt11';
const server = spawn(process.execPath, ['--import', 'tsx', join(root, 'e2e', 'serve.ts'), '--port', '4330', '--base', '/app/', '--root', join(root, 'dist')], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise<void>((ready) => server.stdout!.on('data', (c: Buffer) => c.toString().includes('serve:') && ready()));
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
try {
  const page = await browser.newPage();
  await page.goto('http://127.0.0.1:4330/app/');
  await page.waitForFunction(() => document.querySelector<HTMLElement>('[data-testid="eval-status"]')?.dataset['state'] === 'done');
  await page.evaluate(() => {
    const log: string[] = ((window as any).__log = []);
    document.addEventListener('change', () => log.push(`${performance.now().toFixed(0)} change`), { capture: true });
    const el = document.querySelector<HTMLElement>('[data-testid="eval-status"]')!;
    let last = '';
    setInterval(() => { const t = `${el.dataset['state']} ${el.textContent?.slice(0, 80)}`; if (t !== last) { last = t; log.push(`${performance.now().toFixed(0)} ${t}`); } }, 50);
  });
  await page.getByTestId('folder-input').setInputFiles(join(root, 'bench/.cache/formats/folder'));
  await page.waitForFunction(() => document.querySelector<HTMLElement>('[data-testid="eval-status"]')?.dataset['state'] === 'done' && Number(document.querySelector<HTMLElement>('[data-testid="eval-status"]')?.dataset['run']) > 0, undefined, { timeout: 120000 });
  await page.waitForTimeout(300);
  console.log((await page.evaluate(() => (window as any).__log)).join('\n'));
} finally {
  await browser.close();
  server.kill();
}
