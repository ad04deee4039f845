/** Runs a command-line tool: one clear line and a non-zero exit for bad arguments (2) and bad files (1). */
import { UsageError } from './args';
import { CliError } from './modelFiles';

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
