/**
 * A bounded reader for the protobuf wire format: just enough to walk an ONNX model field by field.
 * It never copies payloads (tensor data is skipped by its declared length) and checks every declared
 * length against the bytes that are really there before using it, so a hostile length cannot make it
 * allocate or loop beyond the input.
 */
import { decodeUtf8 } from './utf8';

/** The protobuf wire types. Groups (3, 4) are deprecated and absent from ONNX, so they count as damage. */
export const VARINT = 0;
export const FIXED64 = 1;
export const LEN = 2;
export const FIXED32 = 5;

const WIRE_NAMES: Readonly<Record<number, string>> = {
  [VARINT]: 'a number (varint)',
  [FIXED64]: 'an 8-byte value',
  [LEN]: 'a length-delimited value',
  [FIXED32]: 'a 4-byte value',
};

export type WireFailure = 'truncated' | 'malformed';

/**
 * Raised inside the reader only; the entry points of this folder catch it and return a Result, so it
 * never reaches a caller.
 */
export class WireError extends Error {
  constructor(
    readonly kind: WireFailure,
    message: string,
  ) {
    super(message);
    this.name = 'WireError';
  }
}

/** Longer strings are cut: names are never this long, and doc strings only need a preview. */
export const MAX_STRING_BYTES = 4096;

const formatCount = (n: number): string => n.toLocaleString('en-US');

export interface Tag {
  readonly field: number;
  readonly wire: number;
  /** Where the tag starts, for messages. */
  readonly at: number;
}

/**
 * A cursor over one message: bytes [pos, end) of the file. `path` names the message for error
 * messages (e.g. `ModelProto.graph.node[3]`).
 */
export class Cursor {
  pos: number;

  constructor(
    readonly bytes: Uint8Array,
    start: number,
    readonly end: number,
    readonly path: string,
    /** True for the whole file: only there does running out of bytes mean the file was cut short. */
    private readonly root = false,
  ) {
    this.pos = start;
  }

  /** A cursor over a whole file holding one message of type `name`. */
  static file(bytes: Uint8Array, name: string): Cursor {
    return new Cursor(bytes, 0, bytes.length, name, true);
  }

  done(): boolean {
    return this.pos >= this.end;
  }

  /** Reads a field's tag; refuses field number 0 and wire types protobuf does not define. */
  tag(): Tag {
    const at = this.pos;
    const key = this.varint(`a field tag of ${this.path}`);
    // Tags are uint32 with a field number of at least 1.
    if (key < 8 || key > 0xffffffff) throw this.malformed(`invalid field tag ${key} in ${this.path}`, at);
    const field = Math.floor(key / 8);
    const wire = key % 8;
    if (WIRE_NAMES[wire] === undefined) throw this.malformed(`invalid wire type ${wire} for field ${field}`, at);
    return { field, wire, at };
  }

  /**
   * Reads a varint as an int64 (negative values come as 10-byte two's complement). Values beyond
   * ±2^53 lose precision, which no count or dimension in a model we could run reaches.
   */
  varint(what = 'a number'): number {
    const start = this.pos;
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw this.overrun(start, `${what} (varint)`, null);
      const b = this.bytes[this.pos++]!;
      if (i < 7) {
        result += (b & 0x7f) * scale;
        scale *= 128;
      }
      if ((b & 0x80) === 0) {
        // Only 8+ byte varints can exceed 2^49; decode those exactly and fold to int64.
        return i < 7 ? result : this.bigVarint(start);
      }
    }
    throw this.malformed(`${what} (varint) is longer than 10 bytes`, start);
  }

  private bigVarint(start: number): number {
    let value = 0n;
    for (let i = 0, p = start; p < this.pos; i++, p++) value |= BigInt(this.bytes[p]! & 0x7f) << BigInt(7 * i);
    return Number(BigInt.asIntN(64, value));
  }

  /** A field for messages: `ModelProto.graph (field 7)`, or `ModelProto field 99` for fields without a known name. */
  private label(tag: Tag, name: string | null): string {
    return name === null ? `${this.path} field ${tag.field}` : `${this.path}.${name} (field ${tag.field})`;
  }

  /** Checks that a known field arrived with the wire type the schema gives it. */
  expect(tag: Tag, wire: number, name: string): void {
    if (tag.wire !== wire) throw this.malformed(`${this.label(tag, name)} should be ${WIRE_NAMES[wire]} but is ${WIRE_NAMES[tag.wire]}`, tag.at);
  }

  /** A varint field's value (after checking its wire type). */
  int(tag: Tag, name: string): number {
    this.expect(tag, VARINT, name);
    return this.varint(`${this.path}.${name}`);
  }

  /** Bounds of a length-delimited field's payload, checked against the enclosing message. */
  span(tag: Tag, name: string | null): { readonly start: number; readonly end: number } {
    if (name !== null) this.expect(tag, LEN, name);
    const label = this.label(tag, name);
    const length = this.varint(`the length of ${name === null ? label : `${this.path}.${name}`}`);
    const start = this.pos;
    if (length < 0) throw this.malformed(`${label} declares a negative length`, tag.at);
    if (length > this.end - start) throw this.overrun(tag.at, label, length - (this.end - start), length, start);
    this.pos = start + length;
    return { start, end: this.pos };
  }

  /** A cursor over an embedded message field. */
  message(tag: Tag, name: string): Cursor {
    const { start, end } = this.span(tag, name);
    return new Cursor(this.bytes, start, end, `${this.path}.${name}`);
  }

  /** A string field, cut to `MAX_STRING_BYTES` (marked with …). */
  string(tag: Tag, name: string): string {
    const { start, end } = this.span(tag, name);
    if (end - start <= MAX_STRING_BYTES) return decodeUtf8(this.bytes, start, end);
    return `${decodeUtf8(this.bytes, start, start + MAX_STRING_BYTES)}…`;
  }

  /** Skips a field of any wire type without looking at its contents. */
  skip(tag: Tag): void {
    switch (tag.wire) {
      case VARINT:
        this.varint(this.label(tag, null));
        return;
      case FIXED64:
        this.advance(8, tag);
        return;
      case FIXED32:
        this.advance(4, tag);
        return;
      default:
        this.span(tag, null);
    }
  }

  /** A repeated int64 field, packed (one length-delimited run) or not (one varint per tag). */
  packedInts(tag: Tag, name: string, into: number[]): void {
    if (tag.wire === VARINT) {
      into.push(this.varint(`${this.path}.${name}`));
      return;
    }
    const inner = this.message(tag, name);
    while (!inner.done()) into.push(inner.varint(`${inner.path}[${into.length}]`));
  }

  private advance(count: number, tag: Tag): void {
    const available = this.end - this.pos;
    if (count > available) throw this.overrun(tag.at, this.label(tag, null), count - available, count, this.pos);
    this.pos += count;
  }

  /**
   * A read past the end of this message. At the top level it means the file was cut short (every
   * outer length is checked before its contents are read); inside the file it means a length that
   * disagrees with its enclosing message, i.e. damage.
   */
  private overrun(at: number, what: string, missing: number | null, declared?: number, from = at): WireError {
    if (this.root) {
      const expected = missing === null ? 'more bytes' : `${formatCount(missing)} more byte${missing === 1 ? '' : 's'}`;
      return new WireError(
        'truncated',
        `The file is truncated: unexpected end of file at byte ${formatCount(this.bytes.length)} inside ${what}, ` +
          `expected ${expected}. Download or copy the model again.`,
      );
    }
    const detail =
      declared === undefined
        ? `${what} runs past the end of ${this.path}`
        : `${what} declares ${formatCount(declared)} bytes but ${this.path} has only ${formatCount(this.end - from)} left`;
    return this.malformed(detail, at);
  }

  private malformed(detail: string, at: number): WireError {
    return new WireError('malformed', `The model file is damaged: ${detail} (at byte ${formatCount(at)}).`);
  }
}
