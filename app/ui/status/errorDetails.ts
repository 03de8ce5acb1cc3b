/**
 * An error message split into the sentence a user reads and onnxruntime's own text, which goes under a
 * "details" disclosure: C++ file names and error codes help a bug report, not the person looking at the page.
 * Messages keep onnxruntime's text in one of two shapes (inference/runtimeErrors.ts): `… (onnxruntime: raw)` at
 * the end, or `onnxruntime could not load the model: raw` / `onnxruntime failed while running the model: raw`.
 */
export interface SplitError {
  readonly summary: string;
  readonly details: string | null;
}

const TRAILING_RAW = /^([\s\S]*?)\s*\(onnxruntime: ([\s\S]*)\)\s*$/;
const PREFIXED_RAW = /^([\s\S]*?onnxruntime (?:could not load the model|failed while running the model)): ([\s\S]+)$/;

export function splitErrorDetails(message: string): SplitError {
  const trailing = message.match(TRAILING_RAW);
  if (trailing && trailing[1]) return { summary: trailing[1], details: trailing[2]!.trim() };
  const prefixed = message.match(PREFIXED_RAW);
  if (prefixed) return { summary: `${prefixed[1]}.`, details: prefixed[2]!.trim() };
  return { summary: message, details: null };
}
