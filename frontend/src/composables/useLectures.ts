/** The lecture list, kept fresh by polling while any lecture is queued or processing. */

import { computed, ref, shallowRef } from 'vue'
import { cancelLecture, deleteLecture, listLectures, retryLecture } from '../api/client'
import type { Lecture } from '../api/types'
import { isActive } from '../lecture'
import { ProgressTracker } from '../progress'
import { usePolling } from './usePolling'

export const LIST_POLL_MS = 2000
const PAGE_SIZE = 25
/** The most lectures the API returns in one page. */
const API_MAX_LIMIT = 100

/** The newest `count` lectures, in as many API pages as that takes. */
async function listFirst(count: number): Promise<{ items: Lecture[]; total: number }> {
  const items: Lecture[] = []
  let total = 0
  for (let offset = 0; offset < count; offset += API_MAX_LIMIT) {
    const wanted = Math.min(API_MAX_LIMIT, count - offset)
    const page = await listLectures(wanted, offset)
    items.push(...page.items)
    total = page.total
    if (page.items.length < wanted) break
  }
  return { items, total }
}

export function useLectures() {
  const lectures = ref<Lecture[]>([])
  const total = ref(0)
  const limit = ref(PAGE_SIZE)
  const loaded = ref(false)
  const error = shallowRef<unknown>(null)
  const tracker = new ProgressTracker()
  // Bumped on every refresh so ETAs, which live outside Vue's reactivity in the tracker, recompute.
  const observedAt = ref(0)

  async function refresh(): Promise<boolean> {
    try {
      const page = await listFirst(limit.value)
      lectures.value = page.items
      total.value = page.total
      error.value = null
      for (const lecture of page.items) {
        if (lecture.status === 'processing') tracker.observe(lecture.id, lecture.progress)
        else tracker.forget(lecture.id)
      }
      observedAt.value = Date.now()
    } catch (caught) {
      error.value = caught
    } finally {
      loaded.value = true
    }
    // After an error keep trying only if something was in flight; the user can reload by hand otherwise.
    return lectures.value.some(isActive)
  }

  const { poll, active: polling } = usePolling(refresh, LIST_POLL_MS)

  const hasMore = computed(() => lectures.value.length < total.value)

  function remainingSeconds(id: string): number | null {
    void observedAt.value
    return tracker.remainingSeconds(id)
  }

  async function showMore(): Promise<void> {
    limit.value += PAGE_SIZE
    await poll()
  }

  async function retry(id: string): Promise<void> {
    await retryLecture(id)
    await poll()
  }

  async function cancel(id: string): Promise<void> {
    await cancelLecture(id)
    await poll()
  }

  async function remove(id: string): Promise<void> {
    await deleteLecture(id)
    tracker.forget(id)
    lectures.value = lectures.value.filter((lecture) => lecture.id !== id)
    total.value = Math.max(0, total.value - 1)
  }

  return { lectures, total, loaded, error, polling, hasMore, refresh: poll, showMore, retry, cancel, remove, remainingSeconds }
}
