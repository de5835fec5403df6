/**
 * `npm run lab -- run <config.json> [--out result.json] [--backend cpu|wasm]`: the same engine
 * and schema as the browser lab, headless. stdout carries only the result JSON (when no --out),
 * so it can be piped; everything for people goes to stderr.
 */
import { USAGE, parseCli, type RunCommand } from './args';
import { checkWritable, loadConfigFile, writeResult } from './io';
import { createProgress } from './progress';
import { formatEvent, formatSummary } from './summary';

const EXIT_OK = 0;
const EXIT_RUN_FAILED = 1;
const EXIT_USAGE = 2;

const say = (line: string) => process.stderr.write(`${line}\n`);

async function run(cmd: RunCommand): Promise<number> {
  const loaded = await loadConfigFile(cmd.configPath, cmd.seed);
  if (!loaded.ok) {
    loaded.messages.forEach(say);
    return EXIT_USAGE;
  }
  const { config } = loaded;
  const outProblem = cmd.out === null ? null : await checkWritable(cmd.out);
  if (outProblem !== null) {
    say(outProblem);
    return EXIT_USAGE;
  }
  // Loaded only now: tfjs takes seconds to import, and --help or a bad config should not wait.
  const { startBackend } = await import('../engine/node-backend');
  const { runExperiment } = await import('../engine/run');
  const { missingKernels } = await import('../engine/models');
  const { loadDataset } = await import('../engine/loadData');
  const { diskSource } = await import('./dataFiles');
  const backend = await startBackend(cmd.backend, say);
  const missing = missingKernels(config.model.arch, backend);
  if (missing.length > 0) {
    say(
      `error: model.arch "${config.model.arch}" cannot train on --backend ${backend} ` +
        `(missing kernels: ${missing.join(', ')}); use --backend cpu`,
    );
    return EXIT_USAGE;
  }
  const data = await loadDataset(config, diskSource());

  const progress = createProgress(config.training.steps);
  const start = performance.now();
  let stepsDone = 0;
  let result;
  try {
    result = await runExperiment(config, `node ${process.version} (${process.platform})`, {
      onProgress: (step, _total, last) => {
        stepsDone = step;
        progress.update(step, last);
      },
      onEvent: (e) => progress.note(formatEvent(e)),
    }, data);
  } catch (err) {
    progress.stop(stepsDone, null); // give the terminal line back before the error message
    throw err;
  }
  const seconds = (performance.now() - start) / 1000;
  progress.stop(result.summary.steps, result.history.at(-1) ?? null);

  await writeResult(result, cmd.out);
  say(formatSummary(result, seconds));
  if (cmd.out !== null) say(`Result written to ${cmd.out}.`);
  return EXIT_OK;
}

async function main(argv: string[]): Promise<number> {
  const cmd = parseCli(argv);
  switch (cmd.kind) {
    case 'help':
      process.stdout.write(`${USAGE}\n`);
      return EXIT_OK;
    case 'usage-error':
      say(`error: ${cmd.message}\n\n${USAGE}`);
      return EXIT_USAGE;
    case 'run':
      try {
        return await run(cmd);
      } catch (err) {
        say(`error: ${(err as Error).message}`);
        return EXIT_RUN_FAILED;
      }
  }
}

process.exitCode = await main(process.argv.slice(2));
