/** A model from a built-in, a URL or dropped files: read, inspected, planned and started in the worker. */
import { BUILTIN_MODELS } from '../../builtins';
import type { ModelCard } from '../../core/modelCard';
import { checkExternalData, externalDataFiles } from '../../core/onnx/externalData';
import { planFeed } from '../../core/onnx/feed';
import { inspectOnnx } from '../../core/onnx/inspect';
import type { OnnxModel } from '../../core/onnx/model';
import { relaxForFeed } from '../../core/onnx/relaxBatch';
import type { InferenceClient } from '../../inference/client';
import type { ExternalDataFile } from '../../inference/protocol';
import { readFileBytes } from '../../io/fetchBytes';
import type { ModelEntry, Origin, Report } from '../evaluation';
import type { ModelRequest } from '../request';
import { checkModelSize, enforce, fetchWithin, pageLimits } from './sizeLimits';
import { baseName, byteTracker, fetchOrExplain, sha256 } from './sources';

export async function loadModelEntry(client: InferenceClient, key: string, request: ModelRequest, report: Report): Promise<ModelEntry> {
  let bytes: Uint8Array;
  let card: ModelCard | null = null;
  let fileName: string;
  let origin: Origin;
  const external = new Map<string, Uint8Array>();
  let externalHow: string;
  let urlData: Uint8Array | null = null;
  if (request.kind === 'builtin') {
    const builtin = BUILTIN_MODELS.find((m) => m.card.id === request.id);
    if (!builtin) throw new Error(`There is no built-in model "${request.id}".`);
    card = builtin.card;
    fileName = builtin.card.file;
    origin = 'built-in';
    bytes = await fetchOrExplain(builtin.url, byteTracker(report, `Loading ${card.name}`)('model'));
    externalHow = 'The built-in model is damaged; reload the page.';
  } else if (request.kind === 'url') {
    fileName = baseName(new URL(request.url).pathname) || request.url;
    origin = 'URL';
    const track = byteTracker(report, `Loading ${fileName}`);
    const limits = pageLimits();
    const [model, data] = await Promise.all([
      fetchWithin(request.url, track('model'), (size) => checkModelSize(fileName, size, limits)),
      request.dataUrl ? fetchWithin(request.dataUrl, track('data'), (size) => checkModelSize(baseName(request.dataUrl!), size, limits)) : Promise.resolve(null),
    ]);
    bytes = model;
    if (data) urlData = data;
    externalHow = 'Give its URL in the "data" parameter.';
  } else {
    fileName = request.model.name;
    origin = 'dropped file';
    // Refused by size before a byte is read: the model and its external data are held whole.
    enforce(checkModelSize(fileName, request.model.size + request.externalData.reduce((sum, f) => sum + f.size, 0), pageLimits()));
    const track = byteTracker(report, `Reading ${fileName}`);
    const [model, ...data] = await Promise.all([readFileBytes(request.model, track('model')), ...request.externalData.map((f) => readFileBytes(f, track(f.name)))]);
    bytes = model!;
    request.externalData.forEach((f, i) => external.set(f.name, data[i]!));
    externalHow = ''; // checkExternalData already says to add the file together with the model
  }

  const inspected = inspectOnnx(bytes);
  if (!inspected.ok) throw new Error(`${fileName}: ${inspected.reason}`);
  const info = inspected.value;
  const decision = planFeed(info);
  if (!decision.ok) throw new Error(`${fileName}: ${decision.reason}`);
  // A URL names the data file itself: it is the one file the model needs, whatever it is called.
  const needed = externalDataFiles(info);
  if (urlData && needed.length === 1) external.set(needed[0]!.location, urlData);
  const externalData = matchExternalData(info, external, externalHow, fileName);
  // A batch fixed at 1 is made free when the graph provably allows it, so the model runs in batches (relaxBatch.ts).
  // `feed` below stays the file's declared one (the model panel describes the file); the notes say what ran.
  const run = relaxForFeed(bytes, decision.value);
  client.prepare({ key, bytes: run.bytes.slice().buffer, externalData, feed: run.feed });
  return {
    key,
    name: card?.name ?? fileName,
    fileName,
    sizeBytes: bytes.length,
    sha256: await sha256(bytes),
    origin,
    card,
    info,
    feed: decision.value,
    runFeed: run.feed,
    classes: decision.value.classes,
    externalData: externalData.map((f) => ({ path: f.path, sizeBytes: f.bytes.byteLength })),
    notes: run.feed.notes,
  };
}

/** The external data files the model needs, taken from what came with it (checked by name and size). */
function matchExternalData(info: OnnxModel, available: ReadonlyMap<string, Uint8Array>, how: string, fileName: string): ExternalDataFile[] {
  const provided = [...available].map(([name, bytes]) => ({ name, size: bytes.length }));
  const matched = checkExternalData(info, provided);
  if (!matched.ok) throw new Error(`${fileName}: ${matched.reason}${available.size === 0 && how ? ` ${how}` : ''}`);
  return matched.value.map((m) => ({ path: m.location, bytes: available.get(m.file)!.slice().buffer }));
}

