/**
 * The lecture lifecycle as the API reports it, in one place: its statuses, its stages in the order the
 * worker runs them (the backend's `Stage` enum order, checked by e2e/api-contract.test.mjs), and what a
 * lecture in each allows. Components and composables ask these instead of comparing strings.
 */

import type { Lecture } from './api/types'

export const LECTURE_STATUSES = ['queued', 'processing', 'done', 'failed', 'cancelled'] as const
export type LectureStatus = (typeof LECTURE_STATUSES)[number]

export const STAGE_ORDER = ['queued', 'transcribing', 'glossary', 'summary', 'done'] as const
export type Stage = (typeof STAGE_ORDER)[number]

/** The stages that do work of their own, shown as steps of the progress bar. */
export const WORK_STAGES: readonly Stage[] = STAGE_ORDER.filter((stage) => stage !== 'queued' && stage !== 'done')

type WithStatus = Pick<Lecture, 'status'>

/** Waiting for or under processing: worth polling, and its results may still grow. */
export function isActive(lecture: WithStatus): boolean {
  return lecture.status === 'queued' || lecture.status === 'processing'
}

/** Processing stopped short of the end; the API takes `retry` for these and refuses it otherwise. */
export function canRetry(lecture: WithStatus): boolean {
  return lecture.status === 'failed' || lecture.status === 'cancelled'
}

/** Only an active lecture can be cancelled. */
export function canCancel(lecture: WithStatus): boolean {
  return isActive(lecture)
}

/** Whether processing has got to `stage` (is at it or past it); a finished lecture has reached every stage. */
export function stageReached(lecture: Pick<Lecture, 'status' | 'stage'>, stage: Stage): boolean {
  return lecture.status === 'done' || STAGE_ORDER.indexOf(lecture.stage) >= STAGE_ORDER.indexOf(stage)
}

/**
 * A teacher may correct the transcript and glossary, and have the notes regenerated, once no run is at work
 * on the lecture and its transcript is complete: the API's `ensure_correctable` (app/lifecycle.py).
 */
export function canCorrect(lecture: Pick<Lecture, 'status' | 'stage'>): boolean {
  return !isActive(lecture) && STAGE_ORDER.indexOf(lecture.stage) > STAGE_ORDER.indexOf('transcribing')
}

/** Questions are answered from a finished lecture only: the API's `questions.ask` answers 409 otherwise. */
export function canAsk(lecture: WithStatus): boolean {
  return lecture.status === 'done'
}
