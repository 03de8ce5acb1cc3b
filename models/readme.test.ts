/** models/README.md's table states every card's figures as the cards (checked by cards.test.ts) hold them. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { ModelCard } from '../app/core/modelCard';
import { PROJECT_ROOT } from '../app/node/testSetFiles';

const MODELS = join(PROJECT_ROOT, 'models');
const readme = readFileSync(join(MODELS, 'README.md'), 'utf8');
const cards = readdirSync(MODELS)
  .filter((f) => f.endsWith('.card.json'))
  .map((f) => JSON.parse(readFileSync(join(MODELS, f), 'utf8')) as ModelCard);

for (const card of cards) {
  it(`models/README.md states ${card.id}'s card`, () => {
    const row = readme.split('\n').find((line) => line.startsWith(`| \`${card.id}\` |`));
    expect(row, `no table row for ${card.id}`).toBeDefined();
    const cells = row!.split('|').map((c) => c.trim());
    // | id | dataset | parameters | size | test accuracy | … |
    expect(cells[2]).toBe(card.dataset);
    expect(cells[3]).toBe(card.parameters.toLocaleString('en-US'));
    expect(cells[4]).toBe(`${Math.round(statSync(join(MODELS, card.file)).size / 1024)} KB`);
    expect(cells[5]).toBe(`${(card.test.accuracy * 100).toFixed(2)} %`);
  });
}
