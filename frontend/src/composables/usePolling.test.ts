import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope } from 'vue'
import { usePolling } from './usePolling'

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

describe('usePolling', () => {
  it('repeats while the refresh asks to, then stops', async () => {
    const answers = [true, true, false]
    const refresh = vi.fn(async () => answers.shift() ?? false)
    const { poll, active } = usePolling(refresh, 1000)

    await poll()
    expect(refresh).toHaveBeenCalledTimes(1)
    expect(active.value).toBe(true)
    await vi.advanceTimersByTimeAsync(1000)
    await vi.advanceTimersByTimeAsync(1000)
    expect(refresh).toHaveBeenCalledTimes(3)
    expect(active.value).toBe(false)
    await vi.advanceTimersByTimeAsync(5000)
    expect(refresh).toHaveBeenCalledTimes(3)
  })

  it('stops when its owner goes away', async () => {
    const refresh = vi.fn(async () => true)
    const scope = effectScope()
    const polling = scope.run(() => usePolling(refresh, 1000))!
    await polling.poll()
    scope.stop()
    await vi.advanceTimersByTimeAsync(5000)
    expect(refresh).toHaveBeenCalledTimes(1)
  })

  it('runs once more when poked during a refresh, without overlapping', async () => {
    let release: () => void = () => {}
    let running = 0
    let maxRunning = 0
    const refresh = vi.fn(async () => {
      running += 1
      maxRunning = Math.max(maxRunning, running)
      await new Promise<void>((resolve) => (release = resolve))
      running -= 1
      return false
    })
    const { poll } = usePolling(refresh, 1000)
    const first = poll()
    void poll()
    release()
    await vi.waitFor(() => expect(refresh).toHaveBeenCalledTimes(2))
    release()
    await first
    expect(maxRunning).toBe(1)
  })
})
