import { describe, expect, it } from 'vitest'
import {
  LECTURE_STATUSES,
  STAGE_ORDER,
  WORK_STAGES,
  canAsk,
  canCancel,
  canCorrect,
  canRetry,
  isActive,
  stageReached,
} from './lecture'
import { makeLecture } from './testing/lectures'

describe('lecture rules', () => {
  const allowed = (rule: (lecture: { status: (typeof LECTURE_STATUSES)[number] }) => boolean) =>
    LECTURE_STATUSES.filter((status) => rule({ status }))

  it('says which statuses are active, retryable and cancellable', () => {
    expect(allowed(isActive)).toEqual(['queued', 'processing'])
    expect(allowed(canRetry)).toEqual(['failed', 'cancelled'])
    expect(allowed(canCancel)).toEqual(['queued', 'processing'])
  })

  it('opens corrections once no run is at work and the transcript is complete', () => {
    expect(canCorrect(makeLecture({ status: 'done', stage: 'done' }))).toBe(true)
    expect(canCorrect(makeLecture({ status: 'failed', stage: 'summary' }))).toBe(true)
    expect(canCorrect(makeLecture({ status: 'cancelled', stage: 'glossary' }))).toBe(true)
    expect(canCorrect(makeLecture({ status: 'failed', stage: 'transcribing' }))).toBe(false)
    expect(canCorrect(makeLecture({ status: 'processing', stage: 'summary' }))).toBe(false)
    expect(canCorrect(makeLecture({ status: 'queued', stage: 'glossary' }))).toBe(false)
  })

  it('shows the stages that do work as progress steps, in order', () => {
    expect(WORK_STAGES).toEqual(['transcribing', 'glossary', 'summary'])
    expect(STAGE_ORDER[0]).toBe('queued')
    expect(STAGE_ORDER.at(-1)).toBe('done')
  })

  it('tells which stages processing has reached', () => {
    const glossary = makeLecture({ status: 'processing', stage: 'glossary' })
    expect(STAGE_ORDER.filter((stage) => stageReached(glossary, stage))).toEqual(['queued', 'transcribing', 'glossary'])

    const queued = makeLecture({ status: 'queued', stage: 'queued' })
    expect(STAGE_ORDER.filter((stage) => stageReached(queued, stage))).toEqual(['queued'])

    // A finished lecture has reached everything, whatever stage it was last reported at.
    const done = makeLecture({ status: 'done', stage: 'summary' })
    expect(STAGE_ORDER.every((stage) => stageReached(done, stage))).toBe(true)

    // A failed one keeps the stage it stopped at.
    const failed = makeLecture({ status: 'failed', stage: 'transcribing' })
    expect(stageReached(failed, 'transcribing')).toBe(true)
    expect(stageReached(failed, 'glossary')).toBe(false)
  })

  it('lets questions be asked of a finished lecture only', () => {
    expect(canAsk(makeLecture({ status: 'done' }))).toBe(true)
    for (const status of ['queued', 'processing', 'failed', 'cancelled'] as const)
      expect(canAsk(makeLecture({ status })), status).toBe(false)
  })
})
