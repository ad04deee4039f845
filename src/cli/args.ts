/** Command-line options: parsed by node:util's parseArgs, then checked one by one with a clear message. */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A bad command line: reported as one line with exit code 2. */
export class UsageError extends Error {}

export function parse(argv: string[], options: NonNullable<ParseArgsConfig['options']>): Record<string, string | boolean | undefined> {
  try {
    return parseArgs({ args: argv, options, allowPositionals: false, strict: true }).values as Record<string, string | boolean | undefined>;
  } catch (err) {
    // node's messages name the option already ("Unknown option '--x'"); drop its advice about "--"
    throw new UsageError((err as Error).message.split('. To specify')[0]);
  }
}

/** A number option in [min, max] (an integer when `integer`), or `fallback` when absent. */
function rangeOption(values: Record<string, unknown>, name: string, min: number, max: number, fallback: number, integer: boolean): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min || n > max) {
    throw new UsageError(`--${name} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}, got '${String(raw)}'`);
  }
  return n;
}

/** An integer option in [min, max], or `fallback` when absent. */
export function intOption(values: Record<string, unknown>, name: string, min: number, max: number, fallback: number): number {
  return rangeOption(values, name, min, max, fallback, true);
}

/** A number option in [min, max], or `fallback` when absent. */
export function numberOption(values: Record<string, unknown>, name: string, min: number, max: number, fallback: number): number {
  return rangeOption(values, name, min, max, fallback, false);
}

/** One of `choices`, or `fallback` when absent. */
export function choiceOption<T extends string>(values: Record<string, unknown>, name: string, choices: readonly T[], fallback: T): T {
  const raw = values[name];
  if (raw === undefined) return fallback;
  if (!choices.includes(raw as T)) throw new UsageError(`--${name} must be one of ${choices.join(', ')}, got '${String(raw)}'`);
  return raw as T;
}

/** A required string option. */
export function requiredOption(values: Record<string, unknown>, name: string): string {
  const raw = values[name];
  if (typeof raw !== 'string' || raw === '') throw new UsageError(`--${name} is required`);
  return raw;
}
