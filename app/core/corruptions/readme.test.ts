import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../node/testSetFiles';
import { corruptionTable } from '../stress';

describe('the README', () => {
  it('documents every corruption with the parameters of the code’s table', () => {
    const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
    for (const r of corruptionTable()) expect(readme).toContain(`| ${r.name} | ${r.parameter} | ${r.severities.join(' | ')} | ${r.source} |`);
  });
});
