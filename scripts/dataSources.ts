/**
 * Obtaining a dataset file from a list of sources and verifying it (used by scripts/data.ts).
 * Each source is tried in order; the first whose decompressed bytes match the SHA-256 wins.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { DatasetDescription, DatasetFile } from '../app/core/datasets';

const DOWNLOAD_TIMEOUT_MS = 60_000;

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

export type Attempt = { readonly where: string; readonly outcome: string };
export type Source = { readonly label: string; read(name: string): Promise<Uint8Array | string> };

/** Decompresses if needed; returns the raw IDX bytes or why they are unusable. */
function decode(bytes: Uint8Array): Uint8Array | string {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      return gunzipSync(bytes);
    } catch (e) {
      return `not valid gzip (${(e as Error).message})`;
    }
  }
  return bytes;
}

export function folderSource(label: string, folder: string): Source {
  return {
    label,
    async read(name) {
      for (const candidate of [name, name.replace(/\.gz$/, '')]) {
        const path = join(folder, candidate);
        if (existsSync(path)) return readFileSync(path);
      }
      return `no ${name} in ${folder}`;
    },
  };
}

export function mirrorSource(base: string): Source {
  return {
    label: base,
    async read(name) {
      try {
        const response = await fetch(base + name, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
        if (!response.ok) return `HTTP ${response.status}`;
        return new Uint8Array(await response.arrayBuffer());
      } catch (e) {
        const cause = (e as { cause?: { code?: string } }).cause?.code;
        return `download failed (${cause ?? (e as Error).message})`;
      }
    },
  };
}

/** The sources in the documented order: $DATASETS_DIR, ../shared/datasets (beside the project), the mirrors. */
export function sourcesFor(dataset: DatasetDescription, projectRoot: string, env: NodeJS.ProcessEnv = process.env): Source[] {
  const sources: Source[] = [];
  const override = env['DATASETS_DIR'];
  if (override) sources.push(folderSource('$DATASETS_DIR', join(resolve(override), dataset.id)));
  sources.push(folderSource('../shared/datasets', resolve(projectRoot, '..', 'shared', 'datasets', dataset.id)));
  for (const mirror of dataset.mirrors) sources.push(mirrorSource(mirror));
  return sources;
}

/** True when `path` already holds the file with the right content. */
function isInPlace(path: string, file: DatasetFile): boolean {
  if (!existsSync(path)) return false;
  const raw = decode(readFileSync(path));
  return typeof raw !== 'string' && sha256(raw) === file.sha256;
}

/**
 * Makes `destination/<file.name>` hold the verified file (gzip), taking it from the first source that has it.
 * Returns where it came from; throws an error listing every source tried and why each failed.
 */
export async function provide(datasetName: string, file: DatasetFile, destination: string, sources: readonly Source[]): Promise<string> {
  const target = join(destination, file.name);
  if (isInPlace(target, file)) return 'already verified';
  const attempts: Attempt[] = [];
  for (const source of sources) {
    const got = await source.read(file.name);
    if (typeof got === 'string') {
      attempts.push({ where: source.label, outcome: got });
      continue;
    }
    const raw = decode(got);
    if (typeof raw === 'string') {
      attempts.push({ where: source.label, outcome: raw });
      continue;
    }
    const digest = sha256(raw);
    if (digest !== file.sha256) {
      attempts.push({ where: source.label, outcome: `checksum mismatch (sha256 ${digest.slice(0, 12)}…, expected ${file.sha256.slice(0, 12)}…)` });
      continue;
    }
    mkdirSync(destination, { recursive: true });
    const gz = raw === got ? gzipSync(raw, { level: 9 }) : got; // the site serves gzip; keep a source's own .gz as is
    writeFileSync(`${target}.partial`, gz);
    renameSync(`${target}.partial`, target); // never leave a half-written file under the real name
    return `from ${source.label}`;
  }
  const tried = attempts.map((a) => `  - ${a.where}: ${a.outcome}`).join('\n');
  throw new Error(
    `Could not obtain ${datasetName} ${file.name}. Tried:\n${tried}\n` +
      'Put the file (gzip or raw) in a folder laid out like ../shared/datasets and run again with DATASETS_DIR=that-folder.',
  );
}

