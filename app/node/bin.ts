#!/usr/bin/env node
/**
 * The installed command, `classifier-lens eval …` (package.json "bin"): the same evaluation as `npm run eval`
 * (cli.ts), bundled to plain JavaScript at pack time (`npm run build:cli`), so that it runs from an installed
 * package without tsx or the repository. onnxruntime-node is its one runtime dependency.
 */
import { main, USAGE } from './cli';

const COMMANDS = `classifier-lens <command>

Commands:
  eval     evaluate an ONNX classifier on IDX test files with onnxruntime-node (options below)
  --help   this text

${USAGE}`;

async function run(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'eval') return main(rest);
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    console.log(COMMANDS);
    return command === undefined ? 2 : 0;
  }
  console.error(`classifier-lens: unknown command "${command}".\n\n${COMMANDS}`);
  return 2;
}

void run(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
