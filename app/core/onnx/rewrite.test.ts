/** The protobuf patcher: replaced ranges, and length prefixes fixed up through every enclosing message. */
import { describe, expect, it } from 'vitest';
import { int, msg, str } from './fixtures/protoWriter';
import { applyEdits, encodeVarint, enter, lengthField, varintField, type Edit, type Frame } from './rewrite';
import { Cursor } from './wire';

/** Walks `data` along field numbers (outermost first) and returns the innermost payload's frames. */
function framesAlong(data: Uint8Array, path: readonly number[]): Frame[] {
  const frames: Frame[] = [];
  let c = Cursor.file(data, 'root');
  for (const field of path) {
    let tag = c.tag();
    while (tag.field !== field) {
      c.skip(tag);
      tag = c.tag();
    }
    const inner = enter(c, tag, `field ${field}`);
    frames.push(inner.frame);
    c = inner.cursor;
  }
  return frames;
}

/** Reads a string field `field` at the end of `path`. */
function readString(data: Uint8Array, path: readonly number[], field: number): string {
  const frames = framesAlong(data, path);
  const inner = frames.at(-1)!;
  const c = new Cursor(data, inner.start, inner.end, 'inner');
  while (!c.done()) {
    const tag = c.tag();
    if (tag.field === field) return c.string(tag, 'text');
    c.skip(tag);
  }
  throw new Error('not found');
}

describe('encodeVarint', () => {
  it('writes protobuf varints, negative numbers as 10-byte int64', () => {
    expect(encodeVarint(0)).toEqual([0]);
    expect(encodeVarint(127)).toEqual([127]);
    expect(encodeVarint(128)).toEqual([0x80, 1]);
    expect(encodeVarint(300)).toEqual([0xac, 2]);
    expect(encodeVarint(2 ** 40)).toEqual([0x80, 0x80, 0x80, 0x80, 0x80, 0x20]);
    expect(encodeVarint(-1)).toEqual([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
    expect(varintField(1, 5)).toEqual([0x08, 5]);
    expect(lengthField(2, [1, 2])).toEqual([0x12, 2, 1, 2]);
  });
});

describe('applyEdits', () => {
  // root { 1: a { 2: b { 3: "short" } 4: 7 } 5: "tail" }
  const data = new Uint8Array([...msg(1, msg(2, str(3, 'short')), int(4, 7)), ...str(5, 'tail')]);

  it('replaces a range deep inside and fixes every length prefix around it, across the 127-byte varint boundary', () => {
    const frames = framesAlong(data, [1, 2]);
    const inner = frames.at(-1)!;
    const long = 'x'.repeat(200);
    const edit: Edit = { start: inner.start, end: inner.end, bytes: new Uint8Array(str(3, long)), frames };
    const out = applyEdits(data, [edit]);
    expect(out).toEqual(new Uint8Array([...msg(1, msg(2, str(3, long)), int(4, 7)), ...str(5, 'tail')]));
    expect(readString(out, [1, 2], 3)).toBe(long);
    expect(data).toEqual(new Uint8Array([...msg(1, msg(2, str(3, 'short')), int(4, 7)), ...str(5, 'tail')]));
  });

  it('shrinks as well, and applies several edits sharing frames once', () => {
    const frames = framesAlong(data, [1, 2]);
    const inner = frames.at(-1)!;
    const outer = frames[0]!;
    // The int field 4 (2 bytes) sits after message 2 inside message 1.
    const intStart = inner.end;
    const out = applyEdits(data, [
      { start: inner.start, end: inner.end, bytes: new Uint8Array(str(3, 's')), frames },
      { start: intStart, end: intStart + 2, bytes: new Uint8Array(int(4, 1000)), frames: [outer] },
    ]);
    expect(out).toEqual(new Uint8Array([...msg(1, msg(2, str(3, 's')), int(4, 1000)), ...str(5, 'tail')]));
  });

  it('deletes a field with an empty replacement', () => {
    const frames = framesAlong(data, [1]);
    const outer = frames[0]!;
    const out = applyEdits(data, [{ start: outer.end - 2, end: outer.end, bytes: new Uint8Array(0), frames }]);
    expect(out).toEqual(new Uint8Array([...msg(1, msg(2, str(3, 'short'))), ...str(5, 'tail')]));
  });

  it('changes nothing without edits', () => {
    expect(applyEdits(data, [])).toEqual(data);
  });

  it('refuses overlapping edits and edits outside their message', () => {
    const frames = framesAlong(data, [1, 2]);
    const inner = frames.at(-1)!;
    const e: Edit = { start: inner.start, end: inner.end, bytes: new Uint8Array(0), frames };
    expect(() => applyEdits(data, [e, { ...e, start: inner.start + 1 }])).toThrow(/overlap/);
    expect(() => applyEdits(data, [{ ...e, end: inner.end + 1 }])).toThrow(/outside its message/);
  });

  it('re-encodes a padded (non-minimal) length prefix minimally', () => {
    // Field 1 with its length 4 written as two bytes (0x84 0x00), as some writers pad lengths.
    const padded = new Uint8Array([0x0a, 0x84, 0x00, ...int(1, 5), ...int(2, 1)]);
    const frames = framesAlong(padded, [1]);
    const f = frames[0]!;
    const out = applyEdits(padded, [{ start: f.start, end: f.start + 2, bytes: new Uint8Array(int(1, 6)), frames }]);
    expect(out).toEqual(new Uint8Array([0x0a, 4, ...int(1, 6), ...int(2, 1)]));
  });
});
