/**
 * Chart colours, as CSS variables defined in styles.css ("Deep evaluation: shared chart styles") so that dark mode
 * changes them too. Okabe–Ito hues: told apart with the common colour-vision deficiencies, and matching the
 * matrix (blue = correct, orange = errors).
 */
export const SERIES = {
  correct: 'var(--series-correct)',
  wrong: 'var(--series-wrong)',
  precision: 'var(--series-1)',
  recall: 'var(--series-2)',
  f1: 'var(--series-3)',
  neutral: 'var(--series-neutral)',
  grid: 'var(--border)',
  axis: 'var(--muted)',
} as const;

/** Axis tick style shared by the charts. */
export const TICK = { fill: 'var(--muted)', fontSize: 12 } as const;
