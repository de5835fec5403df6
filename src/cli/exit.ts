/** Exit codes and the one stderr writer shared by the CLI commands. */
export const EXIT_OK = 0;
/** A run failed (an exception, not a divergence: a diverged run has finished). */
export const EXIT_RUN_FAILED = 1;
/** Bad command line, config or sweep file: nothing was run. */
export const EXIT_USAGE = 2;

/** Everything for people goes to stderr; stdout carries only result JSON. */
export const say = (line: string): void => {
  process.stderr.write(`${line}\n`);
};
