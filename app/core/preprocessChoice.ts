import type { ModelCard } from './modelCard';
import { PRESETS, type PresetName, type Preprocessing } from './preprocess';

/** What the user asked for: one preprocessing, or `auto` (calibrate every candidate on a labelled slice). */
export type PreprocessingChoice = { readonly kind: 'auto' } | { readonly kind: 'fixed'; readonly pre: Preprocessing };

export const AUTO: PreprocessingChoice = { kind: 'auto' };

const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];

/** Every preset, plain then inverted: the candidates `auto` tries. */
export const CANDIDATES: readonly Preprocessing[] = [false, true].flatMap((invert) => PRESET_NAMES.map((preset) => ({ preset, invert })));

/** `unit`, `standard,invert`, `auto` — the form used in the URL's `pre` parameter. */
export function formatChoice(choice: PreprocessingChoice): string {
  return choice.kind === 'auto' ? 'auto' : `${choice.pre.preset}${choice.pre.invert ? ',invert' : ''}`;
}

/** Reads the `pre` parameter; null when it names no preset. */
export function parseChoice(text: string): PreprocessingChoice | null {
  const [name, ...flags] = text.split(',').map((s) => s.trim());
  if (name === 'auto' && flags.length === 0) return { kind: 'auto' };
  if (!PRESET_NAMES.includes(name as PresetName)) return null;
  if (flags.some((f) => f !== 'invert')) return null;
  return { kind: 'fixed', pre: { preset: name as PresetName, invert: flags.includes('invert') } };
}

export const samePreprocessing = (a: Preprocessing, b: Preprocessing): boolean => a.preset === b.preset && a.invert === b.invert;

/** What "the model's default" means: the preprocessing its card was trained with, or `auto` without a card. */
export const defaultChoice = (card: ModelCard | null): PreprocessingChoice =>
  card ? { kind: 'fixed', pre: { preset: card.preprocessing.preset, invert: card.preprocessing.invert } } : AUTO;
