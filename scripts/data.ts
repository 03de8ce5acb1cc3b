/**
 * Data setup: puts the built-in datasets' files where the app and the training scripts read them,
 * verified against the SHA-256 of their decompressed bytes. Never commits anything; both targets are git-ignored.
 *
 *   npm run data              test files → public/data/<dataset>/ (served by the site)
 *   npm run data -- --train   also training files → models/.data/<dataset>/
 *
 * Sources, in order: $DATASETS_DIR/<dataset>/, ../shared/datasets/<dataset>/, then the dataset's public mirrors.
 * A source file may be gzip-compressed (`name.gz`) or raw (`name` without `.gz`).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { DATASETS, type DatasetDescription, type DatasetFile } from '../app/core/datasets';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DOWNLOAD_TIMEOUT_MS = 60_000;

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

type Attempt = { readonly where: string; readonly outcome: string };
type Source = { readonly label: string; read(name: string): Promise<Uint8Array | string> };

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

function folderSource(label: string, folder: string): Source {
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

function mirrorSource(base: string): Source {
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

function sourcesFor(dataset: DatasetDescription): Source[] {
  const sources: Source[] = [];
  const override = process.env['DATASETS_DIR'];
  if (override) sources.push(folderSource('$DATASETS_DIR', join(resolve(override), dataset.id)));
  sources.push(folderSource('../shared/datasets', resolve(root, '..', 'shared', 'datasets', dataset.id)));
  for (const mirror of dataset.mirrors) sources.push(mirrorSource(mirror));
  return sources;
}

/** True when `path` already holds the file with the right content. */
function isInPlace(path: string, file: DatasetFile): boolean {
  if (!existsSync(path)) return false;
  const raw = decode(readFileSync(path));
  return typeof raw !== 'string' && sha256(raw) === file.sha256;
}

async function provide(dataset: DatasetDescription, file: DatasetFile, destination: string): Promise<string> {
  const target = join(destination, file.name);
  if (isInPlace(target, file)) return `${relative(root, target)} (already verified)`;
  const attempts: Attempt[] = [];
  for (const source of sourcesFor(dataset)) {
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
    return `${relative(root, target)} (from ${source.label})`;
  }
  const tried = attempts.map((a) => `  - ${a.where}: ${a.outcome}`).join('\n');
  throw new Error(
    `Could not obtain ${dataset.name} ${file.name}. Tried:\n${tried}\n` +
      'Put the file (gzip or raw) in a folder laid out like ../shared/datasets and run again with DATASETS_DIR=that-folder.',
  );
}

async function main(): Promise<void> {
  const withTraining = process.argv.includes('--train');
  for (const dataset of DATASETS) {
    const files: [DatasetFile, string][] = [
      [dataset.test.images, join(root, 'public', 'data', dataset.id)],
      [dataset.test.labels, join(root, 'public', 'data', dataset.id)],
    ];
    if (withTraining) {
      files.push([dataset.train.images, join(root, 'models', '.data', dataset.id)]);
      files.push([dataset.train.labels, join(root, 'models', '.data', dataset.id)]);
      // The training scripts measure on the test set too; keep everything they read in one folder.
      files.push([dataset.test.images, join(root, 'models', '.data', dataset.id)]);
      files.push([dataset.test.labels, join(root, 'models', '.data', dataset.id)]);
    }
    for (const [file, destination] of files) console.log(`data: ${await provide(dataset, file, destination)}`);
  }
}

main().catch((e: unknown) => {
  console.error(`data: ${(e as Error).message}`);
  process.exit(1);
});
