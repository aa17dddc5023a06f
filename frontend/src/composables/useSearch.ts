/** Search across one's lectures as the person types: debounced, and only the latest query's answer is kept. */

import { computed, onScopeDispose, ref, shallowRef, watch, type Ref } from 'vue'
import { searchLectures } from '../api/client'
import type { SearchResult } from '../api/types'

export const SEARCH_DEBOUNCE_MS = 300
/** Fewer characters match too much to be worth asking about. */
export const MIN_QUERY_CHARS = 2
/** The server refuses longer queries (app/search.py MAX_QUERY_CHARS). */
export const MAX_QUERY_CHARS = 200

export function useSearch(query: Ref<string>) {
  const results = ref<SearchResult[]>([])
  const total = ref(0)
  const loading = ref(false)
  const error = shallowRef<unknown>(null)
  /** The query the shown results (or error) answer; empty while none has been asked. */
  const searched = ref('')

  const trimmed = computed(() => query.value.trim())
  /** A query long enough to search for: while there is one, results stand in for the lecture list. */
  const active = computed(() => trimmed.value.length >= MIN_QUERY_CHARS)

  let timer: ReturnType<typeof setTimeout> | undefined
  // Answers can arrive out of order; only the latest request's answer is shown.
  let latest = 0

  async function run(text: string): Promise<void> {
    const request = ++latest
    loading.value = true
    try {
      const page = await searchLectures(text)
      if (request !== latest) return
      results.value = page.items
      total.value = page.total
      error.value = null
    } catch (caught) {
      if (request !== latest) return
      results.value = []
      total.value = 0
      error.value = caught
    } finally {
      if (request === latest) {
        loading.value = false
        searched.value = text
      }
    }
  }

  function cancelPending(): void {
    clearTimeout(timer)
    timer = undefined
  }

  function clear(): void {
    cancelPending()
    latest++
    results.value = []
    total.value = 0
    error.value = null
    loading.value = false
    searched.value = ''
  }

  /** Searches at once (Enter), without waiting out the debounce. */
  async function searchNow(): Promise<void> {
    cancelPending()
    if (!active.value) return clear()
    if (trimmed.value === searched.value && !error.value) return
    await run(trimmed.value)
  }

  watch(trimmed, (text) => {
    cancelPending()
    if (text.length < MIN_QUERY_CHARS) return clear()
    timer = setTimeout(() => void run(text), SEARCH_DEBOUNCE_MS)
  })
  onScopeDispose(cancelPending)

  return { results, total, loading, error, searched, active, searchNow, clear }
}
