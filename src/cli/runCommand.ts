/**
 * `run <config.json|run.json>`: one experiment from a config file, or the config of an exported
 * run trained again with its seed (and its history compared with the new one).
 */
import type { RunCommand } from './args';
import { startEngine } from './engine';
import { checkWritable, loadConfigFile, writeResult, type ConfigSource } from './io';
import { createProgress } from './progress';
import { compareHistories } from './rerun';
import { formatEvent, formatSummary } from './summary';
import { EXIT_OK, EXIT_USAGE, say } from './exit';

function describeSource(path: string, source: ConfigSource, seed: number): string {
  if (source.kind === 'config') return `Running config file "${path}" (seed ${seed}).`;
  const overridden =
    source.fileSeed !== null && source.fileSeed !== seed
      ? `; the export used ${source.fileSeed}`
      : '';
  return `Rerunning the config of an exported run (seed ${seed}${overridden}).`;
}

export async function runCommand(cmd: RunCommand): Promise<number> {
  const loaded = await loadConfigFile(cmd.configPath, cmd.seed);
  if (!loaded.ok) {
    loaded.messages.forEach(say);
    return EXIT_USAGE;
  }
  const { config, source } = loaded;
  const outProblem = cmd.out === null ? null : await checkWritable(cmd.out);
  if (outProblem !== null) {
    say(outProblem);
    return EXIT_USAGE;
  }
  say(describeSource(cmd.configPath, source, config.seed));
  const engine = await startEngine(cmd.backend, say);
  const unsupported = engine.unsupported(config.model.arch);
  if (unsupported !== null) {
    say(unsupported);
    return EXIT_USAGE;
  }

  const progress = createProgress(config.training.steps);
  const start = performance.now();
  let stepsDone = 0;
  let result;
  try {
    result = await engine.train(config, {
      onProgress: (step, _total, last) => {
        stepsDone = step;
        progress.update(step, last);
      },
      onEvent: (e) => progress.note(formatEvent(e)),
    });
  } catch (err) {
    progress.stop(stepsDone, null); // give the terminal line back before the error message
    throw err;
  }
  const seconds = (performance.now() - start) / 1000;
  progress.stop(result.summary.steps, result.history.at(-1) ?? null);

  await writeResult(result, cmd.out);
  say(formatSummary(result, seconds));
  if (source.kind === 'exported-run' && source.history !== null && cmd.seed === null) {
    say(
      compareHistories(source.history, result.history, {
        exported: source.backend,
        rerun: result.env.backend,
      }),
    );
  }
  if (cmd.out !== null) say(`Result written to ${cmd.out}.`);
  return EXIT_OK;
}
