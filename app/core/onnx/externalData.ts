/**
 * Models over 2 GB (protobuf's limit), and many large ones below it, keep their weights in files
 * beside the .onnx (ONNX "external data"). A page cannot open neighbouring files by itself, so the
 * UI must ask for them by name; these functions say which, and check what the user gave.
 */
import { fail, ok, type Result } from '../result';
import type { ExternalTensor, OnnxModel } from './model';

/** One external data file a model needs. */
export interface ExternalFile {
  /** The path exactly as written in the model; onnxruntime-web's `externalData[].path` must equal it. */
  readonly location: string;
  /** Its last path component: the name a user's file will have. */
  readonly fileName: string;
  /** How many tensors keep their data in it. */
  readonly tensors: number;
  /** The end of its furthest tensor: the file must be at least this long. Null when some sizes are unknowable (string tensors). */
  readonly minimumSize: number | null;
}

const formatCount = (n: number): string => n.toLocaleString('en-US');
const plural = (n: number, word: string): string => `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;

/** The last component of a location, for both / and \ separators. */
const baseName = (location: string): string => location.slice(Math.max(location.lastIndexOf('/'), location.lastIndexOf('\\')) + 1);

const tensorEnd = (t: ExternalTensor): number | null => (t.bytes === null ? null : t.offset + t.bytes);

/** The external data files the model needs, in order of first use; empty for a self-contained model. */
export function externalDataFiles(model: OnnxModel): ExternalFile[] {
  const files = new Map<string, { location: string; tensors: number; minimumSize: number | null }>();
  for (const t of model.externalTensors) {
    const file = files.get(t.location) ?? { location: t.location, tensors: 0, minimumSize: 0 };
    file.tensors++;
    const end = tensorEnd(t);
    file.minimumSize = end === null || file.minimumSize === null ? null : Math.max(file.minimumSize, end);
    files.set(t.location, file);
  }
  return [...files.values()].map((f) => ({ ...f, fileName: baseName(f.location) }));
}

/** Which user file provides which external data location. */
export interface ExternalMatch {
  readonly location: string;
  /** The name of the provided file. */
  readonly file: string;
}

/**
 * Matches the files a user provided (names and sizes) to the external data the model needs, by exact
 * location or by file name, and checks each is long enough for every tensor it must hold.
 */
export function checkExternalData(model: OnnxModel, provided: readonly { readonly name: string; readonly size: number }[]): Result<ExternalMatch[]> {
  const needed = externalDataFiles(model);
  const matches: ExternalMatch[] = [];
  const missing: ExternalFile[] = [];
  for (const file of needed) {
    const found = provided.find((p) => p.name === file.location) ?? provided.find((p) => p.name === file.fileName);
    if (found === undefined) {
      missing.push(file);
      continue;
    }
    const short = model.externalTensors.find((t) => t.location === file.location && (tensorEnd(t) ?? 0) > found.size);
    if (short !== undefined) {
      const end = tensorEnd(short)!;
      return fail(
        `The external data file '${found.name}' is ${plural(found.size, 'byte')} long, but tensor '${short.tensor}' needs ${plural(short.bytes!, 'byte')} ` +
          `at offset ${formatCount(short.offset)} (up to byte ${formatCount(end)}): the file is truncated or belongs to another version of the model.`,
      );
    }
    matches.push({ location: file.location, file: found.name });
  }
  if (missing.length === 1) {
    const [file] = missing as [ExternalFile];
    return fail(
      `The model keeps the data of ${plural(file.tensors, 'tensor')} in a separate file, '${file.location}'${sizeHint(file)}, which is missing: ` +
        'add that file together with the model.',
    );
  }
  if (missing.length > 1) {
    return fail(
      `The model keeps tensor data in ${missing.length} separate files that are missing: ` +
        `${missing.map((f) => `'${f.location}' (${[plural(f.tensors, 'tensor'), atLeast(f)].filter(Boolean).join(', ')})`).join(', ')}. ` +
        'Add them together with the model.',
    );
  }
  return ok(matches);
}

const atLeast = (file: ExternalFile): string => (file.minimumSize === null ? '' : `at least ${plural(file.minimumSize, 'byte')}`);
const sizeHint = (file: ExternalFile): string => (file.minimumSize === null ? '' : ` (${atLeast(file)})`);
