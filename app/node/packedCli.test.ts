/**
 * The installable command: `npm pack` (which bundles app/node/bin.ts, scripts/buildCli.ts), the tarball installed
 * into an empty folder, and `npx classifier-lens eval …` run there — without tsx or the repository — gives the
 * seed model's card accuracy (0.9193) and confusion matrix, as the page does. Slow (it installs onnxruntime-node,
 * from npm's cache when it is there).
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MNIST } from '../core/datasets';
import type { MetricsJson } from '../core/metrics/export';
import type { ModelCard } from '../core/modelCard';
import { PROJECT_ROOT } from './testSetFiles';

const MODEL = join(PROJECT_ROOT, 'models', 'mnist-logreg.onnx');
const card = JSON.parse(readFileSync(join(PROJECT_ROOT, 'models', 'mnist-logreg.card.json'), 'utf8')) as ModelCard;
const IMAGES = join(PROJECT_ROOT, 'public', 'data', 'mnist', MNIST.test.images.name);
const LABELS = join(PROJECT_ROOT, 'public', 'data', 'mnist', MNIST.test.labels.name);

const scratch = mkdtempSync(join(tmpdir(), 'packed-cli-'));
const consumer = join(scratch, 'consumer');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
/** npm before 11.16 ignores allowScripts: skip onnxruntime-node's CUDA download there too. */
const env = { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip', npm_config_update_notifier: 'false' };

function ok(run: SpawnSyncReturns<string>, what: string): string {
  if (run.status !== 0) throw new Error(`${what} failed (${run.status}):\n${run.stderr}\n${run.stdout}`);
  return run.stdout;
}

/** The installed command, run in the consumer folder. */
const classifierLens = (...args: string[]): SpawnSyncReturns<string> =>
  spawnSync(npx, ['--no-install', 'classifier-lens', ...args], { cwd: consumer, env, encoding: 'utf8', shell: process.platform === 'win32' });

let packedFiles: string[] = [];

beforeAll(() => {
  const packOutput = ok(spawnSync(npm, ['pack', '--json', '--pack-destination', scratch], { cwd: PROJECT_ROOT, env, encoding: 'utf8' }), 'npm pack');
  // The JSON follows whatever the prepack script printed.
  const packed = JSON.parse(packOutput.slice(packOutput.search(/^\[/m))) as {
    filename: string;
    files: { path: string }[];
  }[];
  const tarball = join(scratch, packed[0]!.filename);
  packedFiles = packed[0]!.files.map((f) => f.path).sort();
  mkdirSync(consumer);
  // The consumer's own policy for install scripts (npm ≥ 11.16): onnxruntime-node's only downloads CUDA libraries.
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, allowScripts: { 'onnxruntime-node': false } }));
  ok(
    spawnSync(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], { cwd: consumer, env, encoding: 'utf8' }),
    'npm install <tarball>',
  );
}, 600_000);

describe('the packed command-line tool', () => {
  it('ships only the bundled command (and package.json, README)', () => {
    expect(packedFiles).toEqual(['README.md', 'dist-cli/bin/classifier-lens.js', 'package.json']);
    const manifest = JSON.parse(readFileSync(join(consumer, 'node_modules', 'classifier-lens', 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(Object.keys(manifest.dependencies)).toEqual(['onnxruntime-node']);
    // Installed without the repository's tools.
    expect(existsSync(join(consumer, 'node_modules', 'tsx'))).toBe(false);
    expect(existsSync(join(consumer, 'node_modules', 'onnxruntime-node'))).toBe(true);
  });

  it('evaluates the seed model on the MNIST test files exactly as the page: accuracy 0.9193, the card\'s matrix', () => {
    const json = join(scratch, 'metrics.json');
    const run = classifierLens('eval', '--model', MODEL, '--images', IMAGES, '--labels', LABELS, '--json', json);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('0.9193');
    const metrics = JSON.parse(readFileSync(json, 'utf8')) as MetricsJson;
    expect(metrics.accuracy).toBe(card.test.accuracy);
    expect(metrics.accuracy).toBe(0.9193);
    expect(metrics.confusionMatrix.counts).toEqual(card.test.confusionMatrix);
  });

  it('--help lists every option the evaluation takes', () => {
    const help = classifierLens('eval', '--help');
    expect(help.status).toBe(0);
    // Every option cli.ts declares to parseArgs, found in its source so that new options are checked too.
    const source = readFileSync(join(PROJECT_ROOT, 'app', 'node', 'cli.ts'), 'utf8');
    const options = [...source.matchAll(/^\s+'?([a-z][a-z-]*)'?: \{ type: '(?:string|boolean)'/gm)].map((m) => m[1]!);
    expect(options).toContain('min-accuracy');
    for (const option of options) expect(help.stdout, `--${option}`).toContain(`--${option}`);
    expect(classifierLens('--help').stdout).toContain('classifier-lens <command>');
  });

  it('refuses an unknown command with status 2', () => {
    const run = classifierLens('train');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('unknown command "train"');
  });
});
