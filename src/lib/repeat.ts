/**
 * Runs `task` `firstMs` from now, then `everyMs` after each run has ended, until the returned
 * function is called (a run under way finishes, and none follows). The timers never keep the
 * process alive. Tasks report their own failures: a rejection here is only kept from going
 * unhandled.
 */
export function repeat(task: () => Promise<unknown>, firstMs: number, everyMs: number): () => void {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const schedule = (delayMs: number) => {
    timer = setTimeout(() => {
      void task()
        .catch(() => {})
        .finally(() => {
          if (!stopped) schedule(everyMs);
        });
    }, delayMs);
    timer.unref();
  };
  schedule(firstMs);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
