/**
 * `npm run lab -- run <config.json> | sweep <sweep.json>`: the same engine and schema as the
 * browser lab, headless. stdout carries only the result JSON (when no --out), so it can be piped;
 * everything for people goes to stderr.
 */
import { USAGE, parseCli, type CliCommand } from './args';
import { EXIT_OK, EXIT_RUN_FAILED, EXIT_USAGE, say } from './exit';
import { runCommand } from './runCommand';
import { sweepCommand } from './sweep';

async function main(argv: string[]): Promise<number> {
  const cmd: CliCommand = parseCli(argv);
  switch (cmd.kind) {
    case 'help':
      process.stdout.write(`${USAGE}\n`);
      return EXIT_OK;
    case 'usage-error':
      say(`error: ${cmd.message}\n\n${USAGE}`);
      return EXIT_USAGE;
    case 'run':
    case 'sweep':
      try {
        return await (cmd.kind === 'run' ? runCommand(cmd) : sweepCommand(cmd));
      } catch (err) {
        say(`error: ${(err as Error).message}`);
        return EXIT_RUN_FAILED;
      }
  }
}

process.exitCode = await main(process.argv.slice(2));
