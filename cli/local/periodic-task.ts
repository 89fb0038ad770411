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
