/** Short readable forms of ONNX types, as Netron writes them: float32[N,784], sequence<map<int64,float32>>. */
import type { Dim, OnnxType, OnnxValue } from './model';

/** A dimension: its size, its symbolic name, or '?' when unknown. */
export const formatDim = (dim: Dim): string => (dim === null ? '?' : String(dim));

/** A shape in brackets, e.g. [N,1,28,28]; a scalar is []; an undeclared shape says so. */
export const formatShape = (shape: readonly Dim[] | null): string => (shape === null ? '(shape unknown)' : `[${shape.map(formatDim).join(',')}]`);

/** A type, e.g. float32[N,784] or sequence<map<int64,float32>>; a tensor of unknown shape is just its element type. */
export function formatType(type: OnnxType): string {
  switch (type.kind) {
    case 'tensor':
      return type.shape === null ? type.elemType : `${type.elemType}${formatShape(type.shape)}`;
    case 'sparse-tensor':
      return `sparse ${type.shape === null ? type.elemType : `${type.elemType}${formatShape(type.shape)}`}`;
    case 'sequence':
      return `sequence<${formatType(type.elem)}>`;
    case 'map':
      return `map<${type.keyType},${formatType(type.value)}>`;
    case 'optional':
      return `optional<${formatType(type.elem)}>`;
    case 'unknown':
      return 'unknown type';
  }
}

/** A graph input or output as 'name' type, for messages. */
export const formatValue = (value: OnnxValue): string => `'${value.name}' ${formatType(value.type)}`;
