/**
 * Which Chromium the end-to-end tests and the benchmark drive, on any machine `npm test` runs on.
 *
 * In this order: CHROMIUM_PATH; Playwright's own Chromium if `npx playwright install chromium` put it
 * there; Chrome or Chromium where Linux, macOS and Windows install them; and, on Debian or Ubuntu as root
 * with nothing found, Debian's `chromium` package, installed with apt. Otherwise the error gives the one
 * command that fixes it.
 *
 * `pickBrowser` decides from an injected view of the machine (unit-tested in browser.test.ts);
 * `ensureBrowser` applies it to this machine.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';

/** What the picker may know about the machine. */
export interface BrowserHost {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: NodeJS.Platform;
  /** Whether a file exists. */
  readonly exists: (path: string) => boolean;
  /** Where Playwright keeps its own Chromium (whether or not it is installed there). */
  readonly playwrightChromium: () => string | null;
  /** Running as root (apt may install packages). */
  readonly isRoot: boolean;
  /** Contents of /etc/os-release, or null. */
  readonly osRelease: string | null;
}

export type BrowserSource = 'CHROMIUM_PATH' | 'Playwright' | 'system';

export type BrowserPick =
  | { readonly kind: 'found'; readonly path: string; readonly source: BrowserSource }
  /** Nothing found, but apt can install Debian's chromium (root on Debian or Ubuntu). */
  | { readonly kind: 'apt'; readonly looked: readonly string[] }
  | { readonly kind: 'missing'; readonly message: string };

/** The one command that gives a machine a browser for the tests. */
export const FIX_COMMAND = 'npx playwright install chromium';

/** The usual places of Chrome and Chromium, in order of preference, for one platform. */
export function systemCandidates(platform: NodeJS.Platform, env: BrowserHost['env']): string[] {
  switch (platform) {
    case 'linux':
      return [
        '/usr/bin/chromium',
        '/usr/bin/chromium-browser',
        '/usr/bin/google-chrome',
        '/usr/bin/google-chrome-stable',
        '/opt/google/chrome/chrome',
        '/snap/bin/chromium',
      ];
    case 'darwin': {
      const apps = ['/Applications', ...(env['HOME'] ? [join(env['HOME'], 'Applications')] : [])];
      return apps.flatMap((dir) => [`${dir}/Google Chrome.app/Contents/MacOS/Google Chrome`, `${dir}/Chromium.app/Contents/MacOS/Chromium`]);
    }
    case 'win32': {
      // Windows paths are built with backslashes whatever platform the picker runs on (it is unit-tested on Linux).
      const roots = [env['PROGRAMFILES'], env['PROGRAMFILES(X86)'], env['LOCALAPPDATA']].filter((r): r is string => Boolean(r));
      return roots.flatMap((root) => [`${root}\\Google\\Chrome\\Application\\chrome.exe`, `${root}\\Chromium\\Application\\chrome.exe`]);
    }
    default:
      return [];
  }
}

/** Debian or a derivative (Ubuntu) from /etc/os-release: only there is `apt-get install chromium` the fix. */
export function isDebianLike(osRelease: string | null): boolean {
  if (osRelease === null) return false;
  const field = (name: string): string => new RegExp(`^${name}=(.*)$`, 'm').exec(osRelease)?.[1]?.replace(/["']/g, '') ?? '';
  return [field('ID'), ...field('ID_LIKE').split(/\s+/)].some((id) => id === 'debian' || id === 'ubuntu');
}

export function pickBrowser(host: BrowserHost): BrowserPick {
  const override = host.env['CHROMIUM_PATH'];
  if (override) {
    if (host.exists(override)) return { kind: 'found', path: override, source: 'CHROMIUM_PATH' };
    // Set but wrong: falling back to another browser would hide the mistake.
    return {
      kind: 'missing',
      message: `CHROMIUM_PATH is set to ${override}, which does not exist. Point it at a Chrome or Chromium binary, or unset it to let the tests find one.`,
    };
  }
  const looked: string[] = [];
  const playwright = host.playwrightChromium();
  if (playwright !== null) {
    if (host.exists(playwright)) return { kind: 'found', path: playwright, source: 'Playwright' };
    looked.push(playwright);
  }
  for (const path of systemCandidates(host.platform, host.env)) {
    if (host.exists(path)) return { kind: 'found', path, source: 'system' };
    looked.push(path);
  }
  if (host.platform === 'linux' && host.isRoot && isDebianLike(host.osRelease)) return { kind: 'apt', looked };
  return {
    kind: 'missing',
    message:
      `No Chrome or Chromium found for the end-to-end tests (looked in ${looked.join(', ')}). ` +
      `Install Playwright's Chromium with: ${FIX_COMMAND}  (or set CHROMIUM_PATH to a Chrome or Chromium binary).`,
  };
}

/** The machine the tests run on. */
export function thisMachine(): BrowserHost {
  return {
    env: process.env,
    platform: process.platform,
    exists: existsSync,
    playwrightChromium: () => {
      try {
        return chromium.executablePath();
      } catch {
        return null; // a platform Playwright has no build for
      }
    },
    isRoot: process.getuid?.() === 0,
    osRelease: existsSync('/etc/os-release') ? readFileSync('/etc/os-release', 'utf8') : null,
  };
}

export interface Browser {
  readonly path: string;
  readonly source: BrowserSource | 'apt';
}

/** The line the e2e run and the benchmark start with. */
export function describeBrowser(browser: Browser): string {
  const why = {
    CHROMIUM_PATH: 'from CHROMIUM_PATH',
    Playwright: "Playwright's own Chromium",
    system: 'found on this machine',
    apt: "Debian's chromium, just installed with apt-get",
  }[browser.source];
  return `browser: ${browser.path} (${why})`;
}

/** Installs Debian's chromium; null when apt-get succeeded, else what went wrong. */
function aptInstallChromium(): string | null {
  console.log("browser: no Chrome or Chromium found; installing Debian's chromium with apt-get (root on Debian/Ubuntu)…");
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', 'chromium']]) {
    const run = spawnSync('apt-get', args, { env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    if (run.status !== 0) return `apt-get ${args.join(' ')} failed: ${(run.stderr || String(run.error ?? '')).trim()}`;
  }
  return null;
}

/**
 * The browser to drive on `host`, running `install` (apt-get) when the pick says that is the way to get one.
 * Throws an Error whose message gives the fix.
 */
export function chooseBrowser(host: BrowserHost, install: () => string | null): Browser {
  const pick = pickBrowser(host);
  if (pick.kind === 'found') return { path: pick.path, source: pick.source };
  if (pick.kind === 'missing') throw new Error(pick.message);
  const failure = install();
  const after = pickBrowser(host);
  if (after.kind === 'found') return { path: after.path, source: 'apt' };
  throw new Error(
    `No Chrome or Chromium found (looked in ${pick.looked.join(', ')}), and installing Debian's chromium did not give one` +
      `${failure ? ` (${failure})` : ''}. Install Playwright's Chromium with: ${FIX_COMMAND}`,
  );
}

let chosen: Browser | null = null;

/** The browser on this machine (installing Debian's chromium if that is the way), remembered for the process. */
export function ensureBrowser(): Browser {
  chosen ??= chooseBrowser(thisMachine(), aptInstallChromium);
  return chosen;
}
