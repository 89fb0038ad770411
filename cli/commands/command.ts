/** What every `customer-voice <command>` module exports, and the failures that mean "wrong usage". */

export interface Command {
  /** Its lines of `customer-voice help`, indented and aligned like the others. */
  readonly usage: string;
  /** Runs the command with the arguments that follow its name. */
  run(args: string[]): Promise<void>;
}

/** A mistake in the command line or the environment: printed without a stack, exit code 2. */
export class UsageError extends Error {}

export function isoDate(value: string, flag: string): Date {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new UsageError(`${flag} must be an ISO 8601 date-time, e.g. 2026-11-01T00:00:00Z`);
  return d;
}
