/** Repeats an async refresh while it says there is more to wait for, and stops with the component. */

import { getCurrentScope, onScopeDispose, ref } from 'vue'

/**
 * `refresh` returns whether to keep polling. `poll()` runs it now and keeps going every `intervalMs`
 * until it returns false; calling `poll()` again while a round is scheduled only brings it forward.
 */
export function usePolling(refresh: () => Promise<boolean>, intervalMs: number) {
  const active = ref(false)
  let timer: ReturnType<typeof setTimeout> | undefined
  let running = false
  let rerun = false
  let stopped = false

  async function round(): Promise<void> {
    if (running) {
      rerun = true
      return
    }
    clearTimeout(timer)
    timer = undefined
    running = true
    let keepGoing = false
    try {
      keepGoing = await refresh()
    } finally {
      running = false
    }
    if (stopped) return
    if (rerun) {
      rerun = false
      return round()
    }
    active.value = keepGoing
    if (keepGoing) timer = setTimeout(round, intervalMs)
  }

  function stop(): void {
    stopped = true
    active.value = false
    clearTimeout(timer)
  }

  if (getCurrentScope()) onScopeDispose(stop)

  return { poll: round, stop, active }
}
