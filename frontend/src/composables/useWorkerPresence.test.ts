import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, ref } from 'vue'
import type { Worker } from '../api/types'
import { fakeFetch } from '../testing/fakeServer'
import { WORKERS_POLL_MS, useWorkerPresence } from './useWorkerPresence'

beforeEach(() => vi.useFakeTimers())
afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

const WORKER: Worker = {
  id: 'gpu-1',
  host: 'gpu',
  pid: 42,
  started_at: '2025-01-01T10:00:00Z',
  asr: { name: 'faster-whisper', model: 'large-v3', device: 'cuda', compute_type: 'float16' },
  llm: { model: 'qwen.gguf', gpu_layers: -1 },
}

function serve(answers: { status: number; body?: unknown }[]) {
  return fakeFetch((url) => {
    if (url.pathname !== '/api/v1/workers') return undefined
    return answers.length > 1 ? answers.shift()! : answers[0]
  })
}

describe('useWorkerPresence', () => {
  it('asks only while something is queued, and follows workers coming and going', async () => {
    const { calls } = serve([
      { status: 200, body: { items: [] } },
      { status: 200, body: { items: [WORKER] } },
    ])
    const queued = ref(false)
    const scope = effectScope()
    const { noWorker } = scope.run(() => useWorkerPresence(queued))!

    await vi.advanceTimersByTimeAsync(WORKERS_POLL_MS * 3)
    expect(calls).toEqual([])

    queued.value = true
    await nextTick()
    await vi.advanceTimersByTimeAsync(0)
    expect(noWorker.value).toBe(true)

    await vi.advanceTimersByTimeAsync(WORKERS_POLL_MS)
    expect(noWorker.value).toBe(false)
    expect(calls).toEqual(['GET /api/v1/workers', 'GET /api/v1/workers'])

    queued.value = false
    await nextTick()
    await vi.advanceTimersByTimeAsync(WORKERS_POLL_MS * 3)
    expect(calls).toHaveLength(2)
    scope.stop()
  })

  it('claims nothing when the API cannot tell', async () => {
    serve([{ status: 503, body: { detail: 'Redis is not answering, so which workers are alive is unknown.' } }])
    const scope = effectScope()
    const { noWorker } = scope.run(() => useWorkerPresence(ref(true)))!
    await vi.advanceTimersByTimeAsync(0)
    expect(noWorker.value).toBe(false)
    scope.stop()
  })
})
