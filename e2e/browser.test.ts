import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseBrowser, describeBrowser, FIX_COMMAND, isDebianLike, pickBrowser, type BrowserHost } from './browser';

const DEBIAN = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n';
const UBUNTU = 'NAME="Ubuntu"\nID=ubuntu\nID_LIKE=debian\n';
const FEDORA = 'NAME="Fedora Linux"\nID=fedora\n';
const PLAYWRIGHT = '/root/.cache/ms-playwright/chromium-1200/chrome-linux/chrome';

/** A machine with exactly the files given. */
function host(files: readonly string[], over: Partial<BrowserHost> = {}): BrowserHost {
  return {
    env: {},
    platform: 'linux',
    exists: (path) => files.includes(path),
    playwrightChromium: () => PLAYWRIGHT,
    isRoot: false,
    osRelease: DEBIAN,
    ...over,
  };
}

describe('pickBrowser', () => {
  it('takes CHROMIUM_PATH first, over every other browser', () => {
    expect(pickBrowser(host(['/opt/my/chrome', PLAYWRIGHT, '/usr/bin/chromium'], { env: { CHROMIUM_PATH: '/opt/my/chrome' } }))).toEqual({
      kind: 'found',
      path: '/opt/my/chrome',
      source: 'CHROMIUM_PATH',
    });
  });

  it('refuses a CHROMIUM_PATH that does not exist rather than quietly using another browser', () => {
    const pick = pickBrowser(host([PLAYWRIGHT, '/usr/bin/chromium'], { env: { CHROMIUM_PATH: '/nonexistent' }, isRoot: true }));
    expect(pick).toEqual({
      kind: 'missing',
      message: 'CHROMIUM_PATH is set to /nonexistent, which does not exist. Point it at a Chrome or Chromium binary, or unset it to let the tests find one.',
    });
  });

  it("prefers Playwright's own Chromium when it is installed, then the system's", () => {
    expect(pickBrowser(host([PLAYWRIGHT, '/usr/bin/chromium']))).toMatchObject({ path: PLAYWRIGHT, source: 'Playwright' });
    expect(pickBrowser(host(['/usr/bin/chromium']))).toMatchObject({ path: '/usr/bin/chromium', source: 'system' });
    expect(pickBrowser(host(['/usr/bin/google-chrome-stable'], { playwrightChromium: () => null }))).toMatchObject({ path: '/usr/bin/google-chrome-stable' });
  });

  it('finds Chrome in the usual places on macOS and Windows', () => {
    const mac = '/Users/ada/Applications/Chromium.app/Contents/MacOS/Chromium';
    expect(pickBrowser(host([mac], { platform: 'darwin', env: { HOME: '/Users/ada' } }))).toMatchObject({ path: mac, source: 'system' });
    const chrome = '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome';
    expect(pickBrowser(host([chrome, mac], { platform: 'darwin', env: { HOME: '/Users/ada' } }))).toMatchObject({ path: chrome });
    const win = 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe';
    expect(pickBrowser(host([win], { platform: 'win32', env: { PROGRAMFILES: 'C:\\Program Files' } }))).toMatchObject({ path: win, source: 'system' });
    const local = 'C:\\Users\\ada\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe';
    expect(pickBrowser(host([local], { platform: 'win32', env: { LOCALAPPDATA: 'C:\\Users\\ada\\AppData\\Local' } }))).toMatchObject({ path: local });
  });

  it('installs with apt only as root on Debian or Ubuntu with nothing found', () => {
    expect(pickBrowser(host([], { isRoot: true }))).toMatchObject({ kind: 'apt' });
    expect(pickBrowser(host([], { isRoot: true, osRelease: UBUNTU }))).toMatchObject({ kind: 'apt' });
    expect(pickBrowser(host([], { isRoot: true, osRelease: FEDORA })).kind).toBe('missing');
    expect(pickBrowser(host([], { isRoot: false })).kind).toBe('missing');
    expect(pickBrowser(host([], { isRoot: true, platform: 'darwin' })).kind).toBe('missing');
  });

  it('without a browser, says where it looked and the one command that fixes it', () => {
    const pick = pickBrowser(host([], { platform: 'darwin', env: { HOME: '/Users/ada' } }));
    if (pick.kind !== 'missing') throw new Error(`expected missing, got ${pick.kind}`);
    expect(pick.message).toContain(`Install Playwright's Chromium with: ${FIX_COMMAND}`);
    expect(pick.message).toContain(PLAYWRIGHT);
    expect(pick.message).toContain('/Applications/Google Chrome.app/Contents/MacOS/Google Chrome');
  });
});

describe('isDebianLike', () => {
  it('reads ID and ID_LIKE of /etc/os-release', () => {
    expect(isDebianLike(DEBIAN)).toBe(true);
    expect(isDebianLike(UBUNTU)).toBe(true);
    expect(isDebianLike('ID=linuxmint\nID_LIKE="ubuntu debian"\n')).toBe(true);
    expect(isDebianLike(FEDORA)).toBe(false);
    expect(isDebianLike(null)).toBe(false);
  });
});

describe('chooseBrowser', () => {
  it('installs with apt when that is the way, then uses what it installed', () => {
    const files: string[] = [];
    let installs = 0;
    const chosen = chooseBrowser(host(files, { isRoot: true, exists: (p) => files.includes(p) }), () => {
      installs++;
      files.push('/usr/bin/chromium');
      return null;
    });
    expect(chosen).toEqual({ path: '/usr/bin/chromium', source: 'apt' });
    expect(installs).toBe(1);
  });

  it('never installs when a browser is there or apt is not the way', () => {
    const install = (): string | null => {
      throw new Error('must not install');
    };
    expect(chooseBrowser(host(['/usr/bin/chromium'], { isRoot: true }), install)).toEqual({ path: '/usr/bin/chromium', source: 'system' });
    expect(() => chooseBrowser(host([], { isRoot: false }), install)).toThrow(`Install Playwright's Chromium with: ${FIX_COMMAND}`);
  });

  it('when apt fails, says why and the command that fixes it', () => {
    expect(() => chooseBrowser(host([], { isRoot: true }), () => 'apt-get update -qq failed: network unreachable')).toThrow(
      /did not give one \(apt-get update -qq failed: network unreachable\)\. Install Playwright's Chromium with: npx playwright install chromium$/,
    );
  });
});

it('describes the choice in one line', () => {
  expect(describeBrowser({ path: '/usr/bin/chromium', source: 'system' })).toBe('browser: /usr/bin/chromium (found on this machine)');
});

/** The real Playwright run: its first line names the browser, and a wrong CHROMIUM_PATH stops it with the fix. */
describe('playwright.config.ts', () => {
  const root = join(import.meta.dirname, '..');
  const list = (env: Record<string, string>) =>
    spawnSync('npx', ['playwright', 'test', '--list', 'e2e/sharing.spec.ts'], { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8', shell: process.platform === 'win32' });

  it('names the browser on the first line of the run', () => {
    const run = list({});
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.split('\n')[0]).toMatch(/^browser: \S.* \((from CHROMIUM_PATH|Playwright's own Chromium|found on this machine|Debian's chromium, just installed with apt-get)\)$/);
  }, 120_000);

  it('stops with a clear message when CHROMIUM_PATH points at a missing file', () => {
    const run = list({ CHROMIUM_PATH: '/nonexistent/chrome' });
    expect(run.status).not.toBe(0);
    expect(run.stdout + run.stderr).toContain('CHROMIUM_PATH is set to /nonexistent/chrome, which does not exist.');
  }, 120_000);
});
