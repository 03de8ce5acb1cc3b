/**
 * Rewriting a protobuf file in place: copy the bytes, replace a few byte ranges deep inside nested
 * messages, and fix the length prefix of every message that encloses a change. Nothing else is
 * re-encoded, so weights (megabytes of raw_data) are copied as they are, never decoded.
 *
 * The caller walks the file with a Cursor (wire.ts) and, for each change, says which bytes to replace
 * and which messages enclose them (their `Frame`s, outermost first). Frames are identified by where
 * their length prefix starts, so the same frame reached by two changes is fixed once.
 */
import { Cursor, type Tag } from './wire';

/** An embedded message as it sits in the file: its length prefix at [lengthAt, start), its payload at [start, end). */
export interface Frame {
  readonly lengthAt: number;
  readonly start: number;
  readonly end: number;
}

/** Replace bytes [start, end) (inside the innermost of `frames`) by `bytes`. */
export interface Edit {
  readonly start: number;
  readonly end: number;
  readonly bytes: Uint8Array;
  /** Every message enclosing the range, outermost first (the top-level message, the file, has no frame). */
  readonly frames: readonly Frame[];
}

/** Enters an embedded message field: a Cursor over its payload and its Frame (the tag has been read already). */
export function enter(c: Cursor, tag: Tag, name: string): { readonly cursor: Cursor; readonly frame: Frame } {
  const lengthAt = c.pos;
  const cursor = c.message(tag, name);
  return { cursor, frame: { lengthAt, start: cursor.pos, end: cursor.end } };
}

/** Bytes of a varint: non-negative numbers as themselves, negative ones as 10-byte two's complement (int64). */
export function encodeVarint(value: number): number[] {
  const out: number[] = [];
  if (value < 0) {
    let v = BigInt.asUintN(64, BigInt(value));
    do {
      const low = Number(v & 0x7fn);
      v >>= 7n;
      out.push(v === 0n ? low : low | 0x80);
    } while (v !== 0n);
    return out;
  }
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return out;
}

/** A varint field (wire type 0). */
export const varintField = (field: number, value: number): number[] => [...encodeVarint(field * 8), ...encodeVarint(value)];

/** A length-delimited field (wire type 2) holding `payload`. */
export const lengthField = (field: number, payload: readonly number[]): number[] => [...encodeVarint(field * 8 + 2), ...encodeVarint(payload.length), ...payload];

/** ASCII bytes of a string (the rewriter only writes names it chose itself). */
export function asciiBytes(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x7f) throw new RangeError(`asciiBytes: non-ASCII character in ${JSON.stringify(text)}`);
    out.push(code);
  }
  return out;
}

interface Replacement {
  readonly start: number;
  readonly end: number;
  readonly bytes: Uint8Array | null; // null until a frame's new length is known
  readonly frame?: Frame;
}

/**
 * Applies the edits and returns new bytes; `bytes` is not modified. Edits must not overlap each other
 * (two edits of the same range are refused), and each must lie inside its innermost frame.
 */
export function applyEdits(bytes: Uint8Array, edits: readonly Edit[]): Uint8Array {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.start < sorted[i - 1]!.end) throw new RangeError(`applyEdits: edits overlap at byte ${sorted[i]!.start}`);
  }
  const frames = new Map<number, Frame>();
  for (const edit of sorted) {
    const inner = edit.frames.at(-1);
    if (inner && (edit.start < inner.start || edit.end > inner.end)) throw new RangeError(`applyEdits: edit at byte ${edit.start} is outside its message`);
    for (const f of edit.frames) frames.set(f.lengthAt, f);
  }
  // Innermost frames first: a frame's new length depends on the new lengths of the frames inside it.
  const byDepth = [...frames.values()].sort((a, b) => a.end - a.start - (b.end - b.start));
  const replacements: Replacement[] = sorted.map((e) => ({ start: e.start, end: e.end, bytes: e.bytes }));
  const delta = (r: Replacement): number => r.bytes!.length - (r.end - r.start);
  for (const frame of byDepth) {
    let length = frame.end - frame.start;
    for (const r of replacements) if (r.start >= frame.start && r.end <= frame.end) length += delta(r);
    replacements.push({ start: frame.lengthAt, end: frame.start, bytes: new Uint8Array(encodeVarint(length)), frame });
  }
  replacements.sort((a, b) => a.start - b.start);
  const size = replacements.reduce((n, r) => n + delta(r), bytes.length);
  const out = new Uint8Array(size);
  let from = 0;
  let to = 0;
  for (const r of replacements) {
    out.set(bytes.subarray(from, r.start), to);
    to += r.start - from;
    out.set(r.bytes!, to);
    to += r.bytes!.length;
    from = r.end;
  }
  out.set(bytes.subarray(from), to);
  if (to + bytes.length - from !== size) throw new Error('applyEdits: size mismatch');
  return out;
}
