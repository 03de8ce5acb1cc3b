/**
 * Data setup: puts the built-in datasets' files where the app and the training scripts read them,
 * verified against the SHA-256 of their decompressed bytes. Never commits anything; both targets are git-ignored.
 *
 *   npm run data              test files → public/data/<dataset>/ (served by the site)
 *   npm run data -- --train   also training and test files → models/.data/<dataset>/
 *
 * Sources, in order: $DATASETS_DIR/<dataset>/, ../shared/datasets/<dataset>/, then the dataset's public mirrors.
 * A source file may be gzip-compressed (`name.gz`) or raw (`name` without `.gz`).
 */
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DATASETS, type DatasetFile } from '../app/core/datasets';
import { provide, sourcesFor } from './dataSources';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

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
    const sources = sourcesFor(dataset, root);
    for (const [file, destination] of files) {
      const how = await provide(dataset.name, file, destination, sources);
      console.log(`data: ${relative(root, join(destination, file.name))} (${how})`);
    }
  }
}

main().catch((e: unknown) => {
  console.error(`data: ${(e as Error).message}`);
  process.exit(1);
});
