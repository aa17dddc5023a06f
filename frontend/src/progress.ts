/** Remaining-time estimates for lectures in processing, from how fast their progress has moved. */

export interface ProgressSample {
  /** Milliseconds, as from Date.now(). */
  at: number
  progress: number
}

/** Too little movement gives wild estimates; wait until at least this much progress was observed. */
const MIN_OBSERVED_PROGRESS = 0.02

/** Seconds left, extrapolating linearly from the first to the latest sample; null while unknown. */
export function estimateRemainingSeconds(first: ProgressSample, latest: ProgressSample): number | null {
  const gained = latest.progress - first.progress
  const elapsed = (latest.at - first.at) / 1000
  if (gained < MIN_OBSERVED_PROGRESS || elapsed <= 0) return null
  return ((1 - latest.progress) * elapsed) / gained
}

/** Remembers, per lecture, the first progress seen in this page, so later polls can estimate a rate. */
export class ProgressTracker {
  private readonly first = new Map<string, ProgressSample>()
  private readonly latest = new Map<string, ProgressSample>()

  observe(id: string, progress: number, at: number = Date.now()): void {
    const first = this.first.get(id)
    // Progress going backwards means the lecture was restarted (a retry): start measuring again.
    if (!first || progress < first.progress) this.first.set(id, { at, progress })
    this.latest.set(id, { at, progress })
  }

  forget(id: string): void {
    this.first.delete(id)
    this.latest.delete(id)
  }

  remainingSeconds(id: string): number | null {
    const first = this.first.get(id)
    const latest = this.latest.get(id)
    return first && latest ? estimateRemainingSeconds(first, latest) : null
  }
}
