/**
 * A task the local stack runs every `intervalMs` and on demand, never twice at once: a call while
 * it runs shares that run. Stopping waits for the run in progress.
 */
export interface PeriodicTask<T> {
  run(): Promise<T>;
  stop(): Promise<void>;
}

export function startPeriodicTask<T>(once: () => Promise<T>, intervalMs: number, onError: (error: unknown) => void): PeriodicTask<T> {
  let running: Promise<T> | undefined;
  const run = () => (running ??= once().finally(() => (running = undefined)));
  let stopped = false;
  const timer = setInterval(() => {
    if (!stopped) run().catch(onError);
  }, intervalMs);
  return {
    run,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}

/**
 * A task the local stack runs at the instants a schedule gives (what EventBridge does on AWS):
 * `next(now)` is the next due instant, re-computed after each run, so a run that overlaps the
 * next instant never doubles. The timer does not keep the process alive.
 */
export function startScheduledTask(next: (now: Date) => Date, run: (due: Date) => Promise<unknown>, onError: (error: unknown) => void): { stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const arm = () => {
    if (stopped) return;
    const due = next(new Date());
    // setTimeout's longest delay is about 24.8 days; a schedule further out re-arms on the way.
    timer = setTimeout(() => {
      if (due.getTime() > Date.now()) return arm();
      run(due).catch(onError).finally(arm);
    }, Math.min(Math.max(0, due.getTime() - Date.now()), 2 ** 31 - 1));
    timer.unref();
  };
  arm();
  return {
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
