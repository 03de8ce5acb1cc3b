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

export function explainRuntimeError(error: unknown, stage: 'load' | 'run'): string {
  const raw = error instanceof Error ? error.message : String(error);
  // Offline before the site was saved for offline use: onnxruntime reports "no available backend found … NetworkError".
  if (stage === 'load' && isOffline() && /no available backend|NetworkError|Failed to fetch|dynamically imported module/i.test(raw)) return OFFLINE_RUNTIME_MESSAGE;
  for (const [pattern, explain] of PATTERNS) {
    const match = raw.match(pattern);
    if (match) return `${explain(match)} (onnxruntime: ${raw.trim()})`;
  }
  return stage === 'load' ? `onnxruntime could not load the model: ${raw.trim()}` : `onnxruntime failed while running the model: ${raw.trim()}`;
}
