/** Runs a command-line tool: one clear line and a non-zero exit for bad arguments (2) and bad files (1). */
import { UsageError } from './args';
import { startBackend, type CliBackend } from './backend';
import { CliError } from './modelFiles';

export type Log = (line: string) => void;
const toStdout: Log = (line) => process.stdout.write(`${line}\n`);

/**
 * A command: its options parsed (or its usage printed for --help), the backend started, then `body`.
 * The result takes argv and a log (stdout by default) and resolves to the exit code.
 */
export function command<O extends { backend: CliBackend }>(
  parse: (argv: string[]) => O | 'help', usage: string, body: (options: O, log: Log) => Promise<number>,
): (argv: string[], log?: Log) => Promise<number> {
  return async (argv, log = toStdout) => {
    const options = parse(argv);
    if (options === 'help') {
      log(usage);
      return 0;
    }
    await startBackend(options.backend);
    return body(options, log);
  };
}

export function main(run: (argv: string[]) => Promise<number>, usageHint: string): void {
  run(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      if (err instanceof UsageError) {
        process.stderr.write(`error: ${err.message}\n${usageHint}\n`);
        process.exit(2);
      }
      if (err instanceof CliError) {
        process.stderr.write(`error: ${err.message}\n`);
        process.exit(1);
      }
      process.stderr.write(`error: ${(err as Error)?.stack ?? String(err)}\n`);
      process.exit(1);
    },
  );
}
