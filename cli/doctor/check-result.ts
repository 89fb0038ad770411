/** One line of `customer-voice doctor`: ok, fail (with what to do) or skipped (with why). */
export type CheckStatus = 'ok' | 'fail' | 'skipped';

export interface CheckResult {
  readonly name: string;
  readonly status: CheckStatus;
  /** What was found, and for a failure what to do. */
  readonly detail: string;
}

export const ok = (name: string, detail: string): CheckResult => ({ name, status: 'ok', detail });
export const fail = (name: string, detail: string): CheckResult => ({ name, status: 'fail', detail });
export const skipped = (name: string, detail: string): CheckResult => ({ name, status: 'skipped', detail });
