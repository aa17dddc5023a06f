/** Whether any worker is alive to process queued lectures, asked of the API only while something waits. */

import { ref, watch, type Ref } from 'vue'
import { listWorkers } from '../api/client'
import { usePolling } from './usePolling'

export const WORKERS_POLL_MS = 5000

/**
 * `noWorker` is true once the API has said that no worker is alive, while `needed` holds (a lecture is
 * queued). When the API cannot tell (Redis down), nothing is claimed: the page says only what it knows.
 */
export function useWorkerPresence(needed: Ref<boolean>) {
  const noWorker = ref(false)

  async function refresh(): Promise<boolean> {
    if (!needed.value) return false
    try {
      noWorker.value = (await listWorkers()).items.length === 0
    } catch {
      noWorker.value = false
    }
    return needed.value
  }

  const { poll } = usePolling(refresh, WORKERS_POLL_MS)

  watch(
    needed,
    (waiting) => {
      if (waiting) void poll()
      else noWorker.value = false
    },
    { immediate: true },
  )

  return { noWorker }
}
