/**
 * onnxruntime's errors name C++ internals; users need to know what is wrong with their model and what to do.
 * Known patterns get a plain explanation, everything else keeps onnxruntime's own words after ours.
 */
import { isOffline, OFFLINE_RUNTIME_MESSAGE } from '../io/offline';
const PATTERNS: readonly [RegExp, (m: RegExpMatchArray) => string][] = [
  [
    // An operator no kernel registry knows: a custom domain's (com.example:Op) or a misspelt standard one.
    /(?:([\w.]+):)?(\w+)\(-?\d+\) is not a registered function\/op/,
    (m) =>
      m[1] && m[1] !== 'ai.onnx'
        ? `The model uses the operator ${m[2]} of domain ${m[1]}, which onnxruntime-web does not implement (a custom operator). Re-export the model with standard ONNX operators only.`
        : `The model uses an operator ${m[2]} that is not a standard ONNX operator, so onnxruntime-web cannot run it. Re-export the model with standard ONNX operators only.`,
  ],
  [
    /Could not find an implementation for (\w+)\((\d+)\)/,
    (m) => `onnxruntime-web's WebAssembly backend has no implementation of operator ${m[1]} (opset ${m[2]}). Re-export the model with standard operators or another opset.`,
  ],
  [
    /Cannot parse data from external tensors.*?tensor: (\S+)/,
    (m) => `onnxruntime needs the small constant "${m[1]}" inside the .onnx file to infer shapes, but the model keeps it in its external data file. Save the model again with small tensors inline (onnx's default size_threshold of 1024 bytes).`,
  ],
  [/(?:external data|External data|external initializer)/, () => 'The model keeps its weights in an external data file that is missing or incomplete. Drop the .onnx together with its data file (e.g. model.onnx.data).'],
  [/protobuf parsing failed|Failed to load model/i, () => 'onnxruntime could not parse the model: the file is not a valid ONNX model or is truncated.'],
  [/Unsupported model IR version: (\d+)/, (m) => `The model's IR version ${m[1]} is newer than this onnxruntime-web supports. Export with an older ONNX version.`],
  [/opset (\d+) is under development|is till opset (\d+)/, () => 'The model uses an opset newer than this onnxruntime-web supports. Export with an older opset.'],
];

/** onnxruntime's ways of saying it could not get memory: a C++ bad_alloc, emscripten's heap growth, V8's. */
const OUT_OF_MEMORY = /bad_alloc|out of memory|Cannot enlarge memory|Aborted\(OOM\)|Array buffer allocation failed|Failed to allocate|could not allocate|WebAssembly\.Memory\(\): could not/i;
/** A WebAssembly trap or abort: onnxruntime's module is unusable afterwards, its worker has to be replaced. */
const ABORTED = /RuntimeError|Aborted\(|memory access out of bounds|unreachable executed/;
/** SafeInt's overflow check: a tensor's size (a shape's product) past what a 32-bit heap can address. */
const SIZE_OVERFLOW = /safeint\.h.*Integer overflow|Integer overflow/i;

export const isOutOfMemory = (raw: string): boolean => OUT_OF_MEMORY.test(raw);
/** Whether onnxruntime is unusable in the worker after this failure (out of memory counts: its heap is full). */
export const breaksWorker = (raw: string): boolean => OUT_OF_MEMORY.test(raw) || ABORTED.test(raw);

const formatBytes = (n: number): string => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} kB`);

/** The model's size, when known, says whether the weights or the tensors made while it runs are the problem. */
function outOfMemory(stage: 'load' | 'run', modelBytes: number | undefined): string {
  const size = modelBytes === undefined ? '' : ` The model file is only ${formatBytes(modelBytes)}, so it is the tensors its graph makes that do not fit, not its weights.`;
  return (
    `The model ran out of memory ${stage === 'load' ? 'while onnxruntime prepared it' : 'while it ran'}: it needs more than the 4 GB a page's WebAssembly can use.${size} ` +
    'Try a smaller model or one with smaller intermediate tensors, or evaluate it natively with `npm run eval` (onnxruntime-node). The page started a fresh inference worker, so other models run as before.'
  );
}

export function explainRuntimeError(error: unknown, stage: 'load' | 'run', context: { readonly modelBytes?: number } = {}): string {
  const raw = error instanceof Error ? error.message : String(error);
  // Offline before the site was saved for offline use: onnxruntime reports "no available backend found … NetworkError".
  if (stage === 'load' && isOffline() && /no available backend|NetworkError|Failed to fetch|dynamically imported module/i.test(raw)) return OFFLINE_RUNTIME_MESSAGE;
  if (OUT_OF_MEMORY.test(raw)) return `${outOfMemory(stage, context.modelBytes)} (onnxruntime: ${raw.trim()})`;
  if (SIZE_OVERFLOW.test(raw)) {
    return `The model asks for a tensor too large to address (its size overflows the 32-bit WebAssembly heap); a shape in the model is probably wrong or far too large for the browser. Evaluate it natively with \`npm run eval\`. (onnxruntime: ${raw.trim()})`;
  }
  if (ABORTED.test(raw)) {
    return `onnxruntime stopped with an internal error ${stage === 'load' ? 'while preparing' : 'while running'} the model; the page started a fresh inference worker. Try again, or evaluate the model natively with \`npm run eval\` to see whether the model itself is at fault. (onnxruntime: ${raw.trim()})`;
  }
  for (const [pattern, explain] of PATTERNS) {
    const match = raw.match(pattern);
    if (match) return `${explain(match)} (onnxruntime: ${raw.trim()})`;
  }
  return stage === 'load' ? `onnxruntime could not load the model: ${raw.trim()}` : `onnxruntime failed while running the model: ${raw.trim()}`;
}
