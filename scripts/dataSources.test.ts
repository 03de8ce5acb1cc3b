/** The data setup's source order, checksum verification and failure message, on the real MNIST label file. */
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { MNIST } from '../app/core/datasets';
import { PROJECT_ROOT } from '../app/node/testSetFiles';
import { folderSource, provide, sourcesFor, type Source } from './dataSources';

const realLabelsGz = readFileSync(join(PROJECT_ROOT, 'public', 'data', 'mnist', MNIST.test.labels.name));
const file = MNIST.test.labels;
const temp = () => mkdtempSync(join(tmpdir(), 'data-test-'));
const unreachable: Source = { label: 'https://mirror.invalid/', read: async () => 'download failed (ENOTFOUND)' };

describe('provide', () => {
  it('takes a raw (uncompressed) file from the first folder, verifies it and stores it gzipped', async () => {
    const source = temp();
    writeFileSync(join(source, file.name.replace(/\.gz$/, '')), gunzipSync(realLabelsGz));
    const out = temp();
    expect(await provide('MNIST', file, out, [folderSource('override', source), unreachable])).toBe('from override');
    expect(gunzipSync(readFileSync(join(out, file.name)))).toEqual(gunzipSync(realLabelsGz));
    expect(await provide('MNIST', file, out, [unreachable])).toBe('already verified');
  });

  it('skips a source whose content fails the checksum and uses the next one', async () => {
    const bad = temp();
    const corrupted = gunzipSync(realLabelsGz);
    corrupted[100] = (corrupted[100]! + 1) % 10;
    writeFileSync(join(bad, file.name.replace(/\.gz$/, '')), corrupted);
    const good = temp();
    writeFileSync(join(good, file.name), realLabelsGz);
    const out = temp();
    expect(await provide('MNIST', file, out, [folderSource('bad', bad), folderSource('good', good)])).toBe('from good');
  });

  it('names every source it tried and why each failed, and writes nothing', async () => {
    const empty = temp();
    const garbage = temp();
    writeFileSync(join(garbage, file.name), realLabelsGz.subarray(0, 1000)); // a truncated download
    const out = join(temp(), 'never');
    const attempt = provide('MNIST', file, out, [folderSource('$DATASETS_DIR', empty), folderSource('../shared/datasets', garbage), unreachable]);
    await expect(attempt).rejects.toThrow(
      [
        'Could not obtain MNIST t10k-labels-idx1-ubyte.gz. Tried:',
        `  - $DATASETS_DIR: no t10k-labels-idx1-ubyte.gz in ${empty}`,
        '  - ../shared/datasets: not valid gzip (unexpected end of file)',
        '  - https://mirror.invalid/: download failed (ENOTFOUND)',
      ].join('\n'),
    );
    expect(existsSync(out)).toBe(false);
  });
});

describe('sourcesFor', () => {
  it('tries $DATASETS_DIR, then ../shared/datasets, then the mirrors', () => {
    const labels = sourcesFor(MNIST, '/x/project', { DATASETS_DIR: '/data' }).map((s) => s.label);
    expect(labels).toEqual(['$DATASETS_DIR', '../shared/datasets', ...MNIST.mirrors]);
    expect(sourcesFor(MNIST, '/x/project', {}).map((s) => s.label)[0]).toBe('../shared/datasets');
  });

  it('reads the override folder per dataset id', async () => {
    const dir = temp();
    mkdirSync(join(dir, 'mnist'));
    writeFileSync(join(dir, 'mnist', file.name), realLabelsGz);
    const [override] = sourcesFor(MNIST, '/x/project', { DATASETS_DIR: dir });
    expect(await override!.read(file.name)).toEqual(realLabelsGz);
  });
});
