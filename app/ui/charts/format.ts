/** Number formats shared by the deep evaluation views. */

/**
 * A count with thousands separators (10000 → "10,000"). One shared formatter: `toLocaleString` builds a new
 * one per call, which made re-rendering the matrix's 100 cell labels take tens of milliseconds.
 */
export const count = new Intl.NumberFormat('en-US').format;

/** A size in bytes, in decimal units as browsers and operating systems show downloads: 1648877 → "1.6 MB". */
export const bytes = (n: number): string => (n < 1e3 ? `${n} B` : n < 1e6 ? `${Math.round(n / 1e3)} kB` : `${(n / 1e6).toFixed(1)} MB`);

/** A fraction as a percentage with `digits` decimals (default 1): 0.9193 → "91.9%". */
export const percent = (x: number, digits = 1): string => `${(x * 100).toFixed(digits)}%`;

/** A difference of fractions in percentage points, signed: 0.0123 → "+1.2 pts", −0.004 → "−0.4 pts". */
export function points(x: number, digits = 1): string {
  const text = Math.abs(x * 100).toFixed(digits);
  if (Number(text) === 0) return `±${text} pts`;
  return `${x > 0 ? '+' : '−'}${text} pts`;
}

/** A signed integer with a true minus sign: 5 → "+5", −3 → "−3", 0 → "0". */
export const signed = (n: number): string => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '0');

/** A metric in [0, 1] with three decimals, as scikit-learn's classification_report prints ("0.927"). */
export const decimal3 = (x: number): string => x.toFixed(3);

/**
 * A p-value for people: four decimals down to 0.0001, then scientific ("1.7e-7"), "< 1e-300" at the bottom of
 * double precision, where the exact test's value has underflowed to 0.
 */
export function pValue(p: number): string {
  if (p === 0) return '< 1e-300';
  if (p >= 0.0001) return p >= 0.9999 ? '1' : p.toFixed(4).replace(/0+$/, '').replace(/\.$/, '');
  return p.toExponential(1);
}

/** English ordinal: 1 → "1st", 2 → "2nd", 11 → "11th", 23 → "23rd". */
export function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}

/** "1 image", "41 images". */
export const images = (n: number): string => `${count(n)} image${n === 1 ? '' : 's'}`;
