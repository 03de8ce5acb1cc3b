/**
 * Builds one batch's input values in the model's element type. Kept apart from the worker so that the
 * page's worker and the Node reference (app/node) feed models identically.
 */
import { lookupTable, preprocessInto, type Preprocessing } from '../core/preprocess';
import type { InputElementType } from '../core/onnx/feed';

export type InputValues = Float32Array | Float64Array | Uint8Array;

/** Preprocessed values for `pixels` (a whole number of images) as `type`. */
export function inputValues(pixels: Uint8Array, preprocessing: Preprocessing, type: InputElementType, table = lookupTable(preprocessing)): InputValues {
  const values = new Float32Array(pixels.length);
  preprocessInto(pixels, table, values);
  switch (type) {
    case 'float32':
      return values;
    case 'float64':
      return Float64Array.from(values);
    case 'uint8':
      // A uint8 input takes bytes: only the raw preset (optionally inverted) gives whole numbers 0…255.
      return Uint8Array.from(values, (v) => Math.max(0, Math.min(255, Math.round(v))));
  }
}
