/**
 * Build-only plugins (vite.config.ts) that trim what the app's bundle carries of its dependencies without
 * changing what runs:
 *
 * - recharts' ES build inlines the same Babel helpers (_objectSpread, _defineProperty, _slicedToArray, …) in
 *   every one of its modules: ~150 copies in our chart chunks. `dedupeRechartsHelpers` keeps one copy of each.
 * - The d3 packages now ship one flat file each with no pure annotations, so a top-level `var x = f(…)` stays in
 *   the bundle even when nothing uses x (e.g. all 60-odd d3-scale-chromatic schemes for the four we use), and so
 *   do recharts' hundreds of top-level `createSelector(…)`. `pureTopLevel` marks such initialisers pure: unused
 *   ones are dropped, used ones run exactly as before.
 * - recharts looks its axis scales up by name in the whole d3-scale namespace, which keeps every d3 scale and,
 *   through the time scales, d3-time and d3-time-format. `rechartsScales` gives that lookup only the scales our
 *   charts use; any other scale name fails loudly (see RECHARTS_SCALES).
 *
 * Sizes: `npm run bench` reports the app's JavaScript (gzip) as `appGzip`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';

/** The helper declarations Babel writes, one per line: `function _objectSpread(e) { … }`. */
const HELPER_LINE = /^function (ownKeys|_[A-Za-z]+)\(/;
const HELPERS_ID = '\0recharts-babel-helpers';

/** Every helper line in recharts' ES build, by name; only names whose copies are all identical are shared. */
function canonicalHelpers(es6Dir: string): Map<string, string> {
  const texts = new Map<string, Set<string>>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.js')) {
        for (const line of readFileSync(path, 'utf8').split('\n')) {
          const name = HELPER_LINE.exec(line)?.[1];
          if (name) texts.set(name, (texts.get(name) ?? new Set()).add(line));
        }
      }
    }
  };
  walk(es6Dir);
  return new Map([...texts].filter(([, lines]) => lines.size === 1).map(([name, lines]) => [name, [...lines][0]!]));
}

/**
 * Replaces the Babel helpers inlined in each recharts module with imports from one module holding a single copy
 * of each (the very same text). Lines are blanked, not removed, so line numbers stay put.
 */
export function dedupeRechartsHelpers(): Plugin {
  let helpers: Map<string, string> | null = null;
  return {
    name: 'dedupe-recharts-babel-helpers',
    apply: 'build',
    resolveId: (id) => (id === HELPERS_ID ? id : null),
    load: (id) => (id === HELPERS_ID && helpers ? `${[...helpers.values()].join('\n')}\nexport { ${[...helpers.keys()].join(', ')} };\n` : null),
    transform(code, id) {
      const at = id.indexOf('/node_modules/recharts/es6/');
      if (at < 0 || !id.endsWith('.js')) return null;
      helpers ??= canonicalHelpers(id.slice(0, at) + '/node_modules/recharts/es6');
      const used: string[] = [];
      const lines = code.split('\n').map((line) => {
        const name = HELPER_LINE.exec(line)?.[1];
        if (name === undefined || helpers!.get(name) !== line) return line;
        used.push(name);
        return '';
      });
      if (used.length === 0) return null;
      // Imports are hoisted, so appending keeps the lines above where they were.
      return { code: `${lines.join('\n')}\nimport { ${used.join(', ')} } from '${HELPERS_ID}';\n`, map: null };
    },
  };
}

interface Node {
  readonly type: string;
  readonly start: number;
  readonly end: number;
}
interface Program {
  readonly body: readonly (Node & { declaration?: Node | null; declarations?: readonly { init?: Node | null }[] })[];
}

/**
 * Wraps each top-level `var x = call(…)` / `new …` initialiser of the matching modules in a pure IIFE, so that the
 * bundler drops it when x is unused. Only for modules whose top-level calls have no side effects (checked for the
 * d3 packages and recharts: factories such as ramp(), timeInterval(), createSelector(), createSlice(), new Map()).
 */
export function pureTopLevel(test: RegExp): Plugin {
  return {
    name: 'pure-top-level-initialisers',
    apply: 'build',
    transform(code, id) {
      if (!test.test(id)) return null;
      const edits: [number, string][] = [];
      for (const node of (this.parse(code) as unknown as Program).body) {
        const declaration = node.type === 'ExportNamedDeclaration' ? node.declaration : node;
        if (declaration?.type !== 'VariableDeclaration') continue;
        for (const { init } of (declaration as Program['body'][number]).declarations ?? []) {
          if (init && (init.type === 'CallExpression' || init.type === 'NewExpression')) {
            edits.push([init.start, '/*#__PURE__*/(() => ('], [init.end, '))()']);
          }
        }
      }
      if (edits.length === 0) return null;
      let out = code;
      for (const [at, text] of edits.sort((a, b) => b[0] - a[0])) out = out.slice(0, at) + text + out.slice(at);
      return { code: out, map: null };
    },
  };
}

/**
 * The d3 scales recharts may build for our charts. None of them sets an axis `scale`, so recharts picks
 * 'band' (category axes), 'linear' (number axes) or 'point' (category axes of line/area charts). A chart
 * that sets another scale (scale="log", "time", …) must add it here; until then it throws, naming this list.
 */
const RECHARTS_SCALES = ['scaleBand', 'scaleLinear', 'scalePoint'];
/** The rest of d3-scale's scale constructors, stubbed so that recharts still sees them as known names. */
const OTHER_SCALES = [
  'scaleDiverging', 'scaleDivergingLog', 'scaleDivergingPow', 'scaleDivergingSqrt', 'scaleDivergingSymlog', 'scaleIdentity',
  'scaleLog', 'scaleOrdinal', 'scalePow', 'scaleQuantile', 'scaleQuantize', 'scaleRadial', 'scaleSequential',
  'scaleSequentialLog', 'scaleSequentialPow', 'scaleSequentialQuantile', 'scaleSequentialSqrt', 'scaleSequentialSymlog',
  'scaleSqrt', 'scaleSymlog', 'scaleThreshold', 'scaleTime', 'scaleUtc',
];
const SCALES_ID = '\0recharts-d3-scales';

/** Gives recharts' by-name scale lookup (combineRealScaleType, combineConfiguredScale) only RECHARTS_SCALES. */
export function rechartsScales(): Plugin {
  return {
    name: 'recharts-scales',
    apply: 'build',
    enforce: 'pre',
    resolveId: (id, importer) =>
      id === 'victory-vendor/d3-scale' && importer && /\/recharts\/es6\/state\/selectors\/combiners\/combine(RealScaleType|ConfiguredScale)\.js$/.test(importer) ? SCALES_ID : null,
    load: (id) =>
      id === SCALES_ID
        ? `export { ${RECHARTS_SCALES.join(', ')} } from 'victory-vendor/d3-scale';\n` +
          `function missing() { throw new Error('This d3 scale is not bundled: add it to RECHARTS_SCALES in scripts/slimBundle.ts'); }\n` +
          `export { ${OTHER_SCALES.map((name) => `missing as ${name}`).join(', ')} };\n`
        : null,
  };
}
