import { describe, expect, it } from 'vitest'
import { ProgressTracker, estimateRemainingSeconds } from './progress'

describe('estimateRemainingSeconds', () => {
  it('extrapolates the observed rate', () => {
    // 20% in 10 s → the remaining 60% takes 30 s.
    expect(estimateRemainingSeconds({ at: 0, progress: 0.2 }, { at: 10_000, progress: 0.4 })).toBeCloseTo(30)
  })

  it('says nothing before progress has moved noticeably', () => {
    expect(estimateRemainingSeconds({ at: 0, progress: 0.2 }, { at: 10_000, progress: 0.21 })).toBeNull()
  })
})

describe('ProgressTracker', () => {
  it('measures from the first observation and restarts when progress goes back', () => {
    const tracker = new ProgressTracker()
    tracker.observe('a', 0.1, 0)
    tracker.observe('a', 0.3, 20_000)
    expect(tracker.remainingSeconds('a')).toBeCloseTo(70)

    tracker.observe('a', 0.0, 30_000)
    expect(tracker.remainingSeconds('a')).toBeNull()
    tracker.observe('a', 0.5, 40_000)
    expect(tracker.remainingSeconds('a')).toBeCloseTo(10)
  })

  it('forgets lectures', () => {
    const tracker = new ProgressTracker()
    tracker.observe('a', 0.1, 0)
    tracker.observe('a', 0.5, 1000)
    tracker.forget('a')
    expect(tracker.remainingSeconds('a')).toBeNull()
  })
})
