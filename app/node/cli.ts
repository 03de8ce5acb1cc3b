/**
 * Headless evaluation: `npm run eval -- --model m.onnx --images x.gz --labels y.gz [options]`.
 * Runs the dashboard's evaluation in Node with onnxruntime-node (see headlessEval.ts), prints a summary and
 * writes the metrics JSON the page exports. Exit status: 0 done, 1 bad input or a failed run, 2 bad usage,
 * 3 accuracy below --min-accuracy.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseChoice, type PreprocessingChoice } from '../core/preprocessChoice';
import { builtinTestFiles, evaluateFiles, formatSummary, InputError } from './headlessEval';
import { labelIssuesReport } from './labelIssuesCli';
import { nativeMap } from './nativeMap';
import { parseStress, runStress, StressUsageError, type StressCli } from './stressCli';
import { PROJECT_ROOT } from './testSetFiles';

export const USAGE = `Usage: npm run eval -- --model <model.onnx> (--images <images.gz> --labels <labels.gz> | --dataset <id>) [options]
       classifier-lens eval --model … with the same options (the installed package: npx classifier-lens eval …)

Evaluates an MNIST-like ONNX classifier on IDX test files (gzip or raw) with onnxruntime-node, exactly as the
dashboard does, prints accuracy, per-class precision/recall/F1 and the confusion matrix, and can write the
dashboard's metrics JSON.

  --model <file>         the .onnx model (external data files are read from beside it)
  --images <file>        IDX image file (28×28 grey images), gzip or raw
  --labels <file>        IDX label file, gzip or raw
  --dataset <id>         a built-in test set from public/data/ instead (mnist, fashion-mnist; after \`npm run data\`)
  --pre <preprocessing>  auto | unit | raw | standard | symmetric, optionally ",invert" (e.g. unit,invert).
                         Default: the preprocessing on the model's card (<model>.card.json beside it), else auto
  --json <file>          write the metrics JSON there (- for standard output)
  --label-issues <file>  write every image ranked by label quality (suspect labels, confident learning) as CSV:
                         index,label,suggested,score,flagged; flagged first, each group lowest score first
  --map <file>           write the map's coordinates (index,x,y,label,pred; UMAP of the model's features) as CSV
  --min-accuracy <x>     exit with status 3 when accuracy is below x (0 … 1), for CI gates
  --stress <file>        also run the stress test (15 corruptions × 5 severities, as the page's Stress test tab)
                         and write its JSON there (- for standard output)
  --stress-images <n>    images of the stress test, the first n of the test set (default 1000)
  --stress-seed <n>      the corruptions' seed (default 2019, the page's)
  --quiet                print only errors and the accuracy line
  --help                 this text

Exit status: 0 done, 1 unusable input or failed run, 2 bad usage, 3 accuracy below --min-accuracy.`;

class UsageError extends Error {}

interface Options {
  readonly model: string;
  readonly images: string;
  readonly labels: string;
  readonly pre: PreprocessingChoice | null;
  readonly json: string | null;
  readonly labelIssues: string | null;
  readonly map: string | null;
  readonly minAccuracy: number | null;
  readonly quiet: boolean;
  readonly stress: StressCli | null;
}

function parse(argv: readonly string[]): Options | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        model: { type: 'string' },
        images: { type: 'string' },
        labels: { type: 'string' },
        dataset: { type: 'string' },
        pre: { type: 'string' },
        json: { type: 'string' },
        'label-issues': { type: 'string' },
        map: { type: 'string' },
        'min-accuracy': { type: 'string' },
        quiet: { type: 'boolean', default: false },
        stress: { type: 'string' },
        'stress-images': { type: 'string' },
        'stress-seed': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (values.help) return 'help';
  if (!values.model) throw new UsageError('--model is required.');
  let images = values.images;
  let labels = values.labels;
  if (values.dataset !== undefined) {
    if (images || labels) throw new UsageError('Give either --dataset or --images and --labels, not both.');
    ({ images, labels } = builtinTestFiles(values.dataset, PROJECT_ROOT));
  }
  if (!images || !labels) throw new UsageError('Give the test set: --images and --labels (or --dataset).');
  let pre: PreprocessingChoice | null = null;
  if (values.pre !== undefined) {
    pre = parseChoice(values.pre);
    if (pre === null) throw new UsageError(`--pre "${values.pre}" is not a preprocessing: use auto, unit, raw, standard or symmetric, optionally followed by ",invert".`);
  }
  let minAccuracy: number | null = null;
  if (values['min-accuracy'] !== undefined) {
    minAccuracy = Number(values['min-accuracy']);
    if (!(minAccuracy >= 0 && minAccuracy <= 1) || values['min-accuracy'].trim() === '') {
      throw new UsageError(`--min-accuracy "${values['min-accuracy']}" must be a number from 0 to 1 (e.g. 0.9).`);
    }
  }
  // `npm run` starts scripts in the project folder; paths are meant relative to where the user typed the command.
  const base = process.env['INIT_CWD'] ?? process.cwd();
  const json = values.json === undefined ? null : values.json === '-' ? '-' : resolve(base, values.json);
  const labelIssues = values['label-issues'] === undefined ? null : resolve(base, values['label-issues']);
  const map = values.map === undefined ? null : resolve(base, values.map);
  const stress = parseStress(values.stress, values['stress-images'], values['stress-seed'], base);
  return { model: resolve(base, values.model), images: resolve(base, images), labels: resolve(base, labels), pre, json, labelIssues, map, minAccuracy, quiet: values.quiet ?? false, stress };
}

export async function main(argv: readonly string[]): Promise<number> {
  let options: Options | 'help';
  try {
    options = parse(argv);
  } catch (e) {
    if (!(e instanceof UsageError || e instanceof InputError || e instanceof StressUsageError)) throw e;
    console.error(`eval: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (options === 'help') {
    console.log(USAGE);
    return 0;
  }
  try {
    const result = await evaluateFiles(options.model, options.images, options.labels, options.pre);
    const text = JSON.stringify(result.metrics, null, 2) + '\n';
    const log = options.json === '-' ? console.error : console.log;
    if (options.quiet) log(`accuracy ${result.accuracy.toFixed(4)} (${result.data.images.count} images)`);
    else log(formatSummary(result));
    if (options.json === '-') process.stdout.write(text);
    else if (options.json !== null) {
      mkdirSync(dirname(options.json), { recursive: true });
      writeFileSync(options.json, text);
      if (!options.quiet) log(`\nMetrics JSON written to ${options.json}`);
    }
    if (options.labelIssues !== null) {
      const issues = labelIssuesReport(result);
      mkdirSync(dirname(options.labelIssues), { recursive: true });
      writeFileSync(options.labelIssues, issues.csv);
      log(`${options.quiet ? '' : '\n'}${issues.summary}; ranking written to ${options.labelIssues}`);
    }
    if (options.map !== null) {
      const map = await nativeMap(result);
      mkdirSync(dirname(options.map), { recursive: true });
      writeFileSync(options.map, map.csv);
      if (!options.quiet) log(`Map coordinates (${map.source.kind === 'features' ? `features '${map.source.tensor}'` : `class probabilities: ${map.source.reason}`}) written to ${options.map}`);
    }
    if (options.stress) await runStress(options.stress, result, options.quiet);
    if (options.minAccuracy !== null && result.accuracy < options.minAccuracy) {
      console.error(`eval: accuracy ${result.accuracy.toFixed(4)} is below --min-accuracy ${options.minAccuracy}.`);
      return 3;
    }
    return 0;
  } catch (e) {
    if (e instanceof InputError) {
      console.error(`eval: ${e.message}`);
      return 1;
    }
    console.error(`eval: ${(e as Error).stack ?? String(e)}`);
    return 1;
  }
}

// Run when executed (tsx app/node/cli.ts), not when imported by tests.
if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
