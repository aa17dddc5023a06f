import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, ref } from 'vue'
import type { Lecture } from '../api/types'
import { fakeFetch } from '../testing/fakeServer'
import { makeLecture } from '../testing/lectures'
import { LECTURE_POLL_MS, useLecture } from './useLecture'

beforeEach(() => vi.useFakeTimers())
afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

const segment = (index: number) => ({ start: index * 5, end: index * 5 + 5, text: `part ${index}` })
const entry = { term: 'TCP', definition: 'Reliable transport', quote: 'TCP is', start: 10, end: 14 }

describe('useLecture', () => {
  it('grows the transcript while processing, then loads glossary and summary', async () => {
    const states: Lecture[] = [
      makeLecture({ status: 'processing', stage: 'transcribing', progress: 0.1 }),
      makeLecture({ status: 'processing', stage: 'transcribing', progress: 0.3 }),
      makeLecture({ status: 'processing', stage: 'summary', progress: 0.8 }),
      makeLecture(),
    ]
    let lecture = states[0]
    let segmentCount = 1
    const { calls } = fakeFetch((url) => {
      switch (url.pathname) {
        case '/api/v1/lectures/lec-1':
          lecture = states.shift() ?? lecture
          return { status: 200, body: lecture }
        case '/api/v1/lectures/lec-1/transcript':
          return { status: 200, body: { segments: Array.from({ length: segmentCount++ }, (_, i) => segment(i)) } }
        case '/api/v1/lectures/lec-1/glossary':
          return { status: 200, body: { terms: [entry] } }
        case '/api/v1/lectures/lec-1/summary':
          return lecture.status === 'done'
            ? { status: 200, body: { template: 'default', language: 'en', markdown: '# Notes', sections: {} } }
            : { status: 404, body: { detail: 'Summary is not ready' } }
      }
    })

    const scope = effectScope()
    const view = scope.run(() => useLecture(ref('lec-1')))!
    await vi.advanceTimersByTimeAsync(0)
    expect(view.segments.value).toHaveLength(1)
    expect(view.terms.value).toEqual([])

    await vi.advanceTimersByTimeAsync(LECTURE_POLL_MS)
    expect(view.segments.value).toHaveLength(2)

    await vi.advanceTimersByTimeAsync(LECTURE_POLL_MS)
    expect(view.terms.value).toEqual([entry])
    expect(view.summary.value).toBeNull()

    await vi.advanceTimersByTimeAsync(LECTURE_POLL_MS)
    expect(view.lecture.value?.status).toBe('done')
    expect(view.summary.value?.markdown).toBe('# Notes')
    const requestsWhenDone = calls.length

    await vi.advanceTimersByTimeAsync(LECTURE_POLL_MS * 5)
    expect(calls).toHaveLength(requestsWhenDone)
    expect(view.error.value).toBeNull()
    scope.stop()
  })

  it('tells a missing lecture apart from a failing server', async () => {
    fakeFetch(() => undefined)
    const missing = useLecture(ref('gone'))
    await vi.advanceTimersByTimeAsync(0)
    expect(missing.notFound.value).toBe(true)

    fakeFetch(() => ({ status: 503, body: { detail: 'Service unavailable' } }))
    const failing = useLecture(ref('lec-1'))
    await vi.advanceTimersByTimeAsync(0)
    expect(failing.notFound.value).toBe(false)
    expect((failing.error.value as Error).message).toBe('Service unavailable')
  })
})
