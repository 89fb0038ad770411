import type { LocalClock } from './clock';

export interface ClockSchedule {
  stop(): Promise<void>;
}

/**
 * A schedule (EventBridge on AWS) that follows the local clock: on the system time it waits for
 * the next due time as a timer; when the clock is set, every due time passed by then runs, in
 * order and one at a time, as EventBridge would have run them, before `clock.set` resolves.
 */
export function scheduleOnClock(
  clock: LocalClock,
  nextAfter: (at: Date) => Date,
  run: (due: Date) => Promise<unknown>,
  onError: (error: unknown) => void,
): ClockSchedule {
  let due = nextAfter(clock.now());
  let timer: NodeJS.Timeout | undefined;
  let chain: Promise<void> = Promise.resolve();
  let stopped = false;

  const catchUp = (): Promise<void> => {
    chain = chain.then(async () => {
      while (!stopped && due <= clock.now()) {
        const at = due;
        due = nextAfter(at);
        await run(at).catch(onError);
      }
      arm();
    });
    return chain;
  };
  const arm = () => {
    clearTimeout(timer);
    timer = undefined;
    // A set clock does not move by itself: only the next `set` can bring the due time.
    if (stopped || clock.isSet) return;
    timer = setTimeout(() => void catchUp(), Math.min(Math.max(0, due.getTime() - Date.now()), 2 ** 31 - 1));
    timer.unref();
  };
  let seen = clock.now();
  const unsubscribe = clock.onChange(() => {
    const now = clock.now();
    // Moved back (a replay starts its calendar in the past), or released to the system time:
    // the next due time is reckoned from there; nothing in between is owed.
    if (now < seen || !clock.isSet) due = nextAfter(now);
    seen = now;
    return catchUp();
  });
  arm();
  return {
    stop: async () => {
      stopped = true;
      unsubscribe();
      clearTimeout(timer);
      await chain;
    },
  };
}
