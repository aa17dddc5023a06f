import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope } from 'vue'
import type { Lecture } from '../api/types'
import { fakeFetch } from '../testing/fakeServer'
import { makeLecture } from '../testing/lectures'
import { LIST_POLL_MS, useLectures } from './useLectures'

beforeEach(() => vi.useFakeTimers())
afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

function serve(pages: Lecture[][]) {
  return fakeFetch((url) => {
    if (url.pathname !== '/api/v1/lectures') return undefined
    const items = pages.length > 1 ? pages.shift()! : pages[0]
    return { status: 200, body: { items, total: items.length, limit: 50, offset: 0 } }
  })
}

describe('useLectures', () => {
  it('polls while a lecture is processing and stops once all are finished', async () => {
    const processing = makeLecture({ status: 'processing', stage: 'transcribing', progress: 0.2 })
    const { calls } = serve([[processing], [{ ...processing, progress: 0.6 }], [makeLecture()]])
    const scope = effectScope()
    const list = scope.run(() => useLectures())!

    await list.refresh()
    expect(list.lectures.value[0].progress).toBe(0.2)
    expect(list.polling.value).toBe(true)

    await vi.advanceTimersByTimeAsync(LIST_POLL_MS)
    expect(list.lectures.value[0].progress).toBe(0.6)
    expect(list.remainingSeconds('lec-1')).toBeCloseTo((0.4 * LIST_POLL_MS) / 1000 / 0.4)

    await vi.advanceTimersByTimeAsync(LIST_POLL_MS)
    expect(list.lectures.value[0].status).toBe('done')
    expect(list.polling.value).toBe(false)

    await vi.advanceTimersByTimeAsync(LIST_POLL_MS * 5)
    expect(calls).toHaveLength(3)
    scope.stop()
  })

  it('does not poll when nothing is in flight', async () => {
    const { calls } = serve([[makeLecture(), makeLecture({ id: 'lec-2', status: 'failed', error: 'boom' })]])
    const list = useLectures()
    await list.refresh()
    await vi.advanceTimersByTimeAsync(LIST_POLL_MS * 3)
    expect(calls).toHaveLength(1)
    expect(list.lectures.value).toHaveLength(2)
  })

  it('keeps the error for the page instead of throwing', async () => {
    fakeFetch(() => ({ status: 500, body: { detail: 'database is down' } }))
    const list = useLectures()
    await list.refresh()
    expect(list.loaded.value).toBe(true)
    expect((list.error.value as Error).message).toBe('database is down')
  })
})

describe('useLectures paging', () => {
  it('asks for more lectures in pages the API allows', async () => {
    const all = Array.from({ length: 130 }, (_, index) => makeLecture({ id: `lec-${index}` }))
    const { calls } = fakeFetch((url) => {
      const limit = Number(url.searchParams.get('limit'))
      const offset = Number(url.searchParams.get('offset'))
      if (limit > 100) return { status: 422, body: { detail: 'limit too large' } }
      return { status: 200, body: { items: all.slice(offset, offset + limit), total: all.length, limit, offset } }
    })
    const list = useLectures()
    await list.refresh()
    expect(list.lectures.value).toHaveLength(25)
    expect(list.hasMore.value).toBe(true)
    for (let round = 0; round < 5; round += 1) await list.showMore()
    expect(list.lectures.value.map((lecture) => lecture.id)).toEqual(all.map((lecture) => lecture.id))
    expect(list.hasMore.value).toBe(false)
    expect(calls.at(-1)).toBe('GET /api/v1/lectures?limit=50&offset=100')
    expect(list.error.value).toBeNull()
  })
})
