/** The benchmark's options and where things are (bench.ts and the modules it is split into read them from here). */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../app/node/testSetFiles';
import { CHROMIUM_ARGS as E2E_CHROMIUM_ARGS } from '../e2e/sites';

export const { values: opts } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    only: { type: 'string' },
    'no-scale': { type: 'boolean', default: false },
    'no-map': { type: 'boolean', default: false },
    'no-formats': { type: 'boolean', default: false },
    /** Only the per-model rows (dashboard, raw, native): no cold open, stress, visits, scale, formats or map. */
    'models-only': { type: 'boolean', default: false },
    dist: { type: 'string', default: 'dist' },
    build: { type: 'boolean', default: false },
    port: { type: 'string', default: '4190' },
    json: { type: 'string', default: join('bench', '.results', 'latest.json') },
  },
});
export const RUNS = Math.max(1, Number(opts.runs));
export const PORT = Number(opts.port);
export const ORIGIN = `http://127.0.0.1:${PORT}`;
export const DIST = resolve(PROJECT_ROOT, opts.dist!);
export const CACHE = join(PROJECT_ROOT, 'bench', '.cache');
export const THIRD_PARTY = resolve(PROJECT_ROOT, '..', 'shared', 'models-third-party');
// The e2e tests' Chromium and flags, plus performance.memory in whole bytes, not the coarse buckets Chromium reports by default.
export const CHROMIUM_ARGS = [...E2E_CHROMIUM_ARGS, '--enable-precise-memory-info'];
export const TIMEOUT = 180_000;

