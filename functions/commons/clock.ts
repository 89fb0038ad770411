/**
 * The time the functions stamp where alerts depend on it (an item's `receivedAt`, the alert
 * evaluator's "now"). On Lambda it is the system clock and nothing can change it: no environment
 * variable, no event field. The local stack runs the entries in its own process and may install
 * a clock here (`cli/local/clock.ts`), so a replay can walk 30 days of calendar in minutes; a
 * registered symbol rather than a module variable so the bundles `cdk synth` produced, each with
 * its own copy of this module, see the same clock.
 */
export const LOCAL_CLOCK = Symbol.for('customer-voice.local-clock');

export interface InstalledClock {
  now(): Date;
}

export function functionClock(): Date {
  const installed = (globalThis as { [LOCAL_CLOCK]?: InstalledClock })[LOCAL_CLOCK];
  return installed ? installed.now() : new Date();
}
