import { LOCAL_CLOCK, type InstalledClock } from '../../functions/commons/clock';

/**
 * The local stack's clock: the system time until a caller sets it (the alert replay, or
 * `PUT /_local/clock`), then that instant until it is set again or released. The functions read
 * it through `functionClock()`; schedules (the weekly digest) follow it through `onChange`.
 */
export class LocalClock implements InstalledClock {
  private fixed: Date | undefined;
  private readonly listeners = new Set<() => Promise<void>>();

  now(): Date {
    return this.fixed ? new Date(this.fixed) : new Date();
  }

  /** True while the clock holds a set instant rather than the system time. */
  get isSet(): boolean {
    return this.fixed !== undefined;
  }

  /**
   * Holds the clock at `at`. Resolves once the schedules whose time came by then (listeners of
   * `onChange`) have run, so a caller that moves the calendar sees what it caused.
   */
  async set(at: Date): Promise<void> {
    if (Number.isNaN(at.getTime())) throw new RangeError('the clock needs a valid date');
    this.fixed = new Date(at);
    await this.changed();
  }

  /** Back to the system time. */
  async release(): Promise<void> {
    this.fixed = undefined;
    await this.changed();
  }

  onChange(listener: () => Promise<void>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async changed(): Promise<void> {
    await Promise.all([...this.listeners].map((listener) => listener()));
  }
}

/**
 * Makes `clock` the one the function entries of this process read (the latest stack started in
 * a process wins, as its environment does); the returned function takes it out again.
 */
export function installLocalClock(clock: LocalClock): () => void {
  const slot = globalThis as { [LOCAL_CLOCK]?: InstalledClock };
  const previous = slot[LOCAL_CLOCK];
  slot[LOCAL_CLOCK] = clock;
  return () => {
    if (slot[LOCAL_CLOCK] !== clock) return;
    if (previous) slot[LOCAL_CLOCK] = previous;
    else delete slot[LOCAL_CLOCK];
  };
}
