/** One lecture and what has been produced from it so far, polled while it is being processed. */

import { ref, shallowRef, watch, type Ref } from 'vue'
import {
  ApiError,
  addGlossaryEntry,
  correctSegment,
  deleteGlossaryEntry,
  getGlossary,
  getLecture,
  getSummary,
  getTranscript,
  regenerateNotes,
  retryLecture,
  updateGlossaryEntry,
} from '../api/client'
import type {
  GlossaryEntry,
  GlossaryEntryCreate,
  GlossaryEntryUpdate,
  Lecture,
  Segment,
  Summary,
} from '../api/types'
import { isActive, stageReached } from '../lecture'
import { ProgressTracker } from '../progress'
import { usePolling } from './usePolling'

export const LECTURE_POLL_MS = 1500

/** What a teacher may do to a finished lecture's glossary; each call rejects with the API's reason. */
export interface GlossaryCorrections {
  add: (entry: GlossaryEntryCreate) => Promise<void>
  edit: (entryId: string, change: GlossaryEntryUpdate) => Promise<void>
  remove: (entryId: string) => Promise<void>
}

export function useLecture(id: Ref<string>) {
  const lecture = ref<Lecture | null>(null)
  const segments = shallowRef<Segment[]>([])
  const terms = shallowRef<GlossaryEntry[]>([])
  const summary = shallowRef<Summary | null>(null)
  const error = shallowRef<unknown>(null)
  const notFound = ref(false)
  const remainingSeconds = ref<number | null>(null)
  const tracker = new ProgressTracker()
  // A result is final once the stage producing it is over (or processing stopped); it is not fetched again.
  const final = { transcript: false, glossary: false, summary: false }

  function reset(): void {
    lecture.value = null
    segments.value = []
    terms.value = []
    summary.value = null
    error.value = null
    notFound.value = false
    remainingSeconds.value = null
    Object.assign(final, { transcript: false, glossary: false, summary: false })
  }

  /** Results that do not exist yet answer 404; that just means "not yet". */
  async function unlessMissing<T>(load: Promise<T>): Promise<T | null> {
    try {
      return await load
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 404) return null
      throw caught
    }
  }

  async function loadResults(current: Lecture): Promise<void> {
    const stopped = !isActive(current)
    // A stage's output is complete once the next stage has been reached.
    const transcribed = stageReached(current, 'glossary')
    const glossaryWritten = stageReached(current, 'summary')
    const wants = {
      transcript: !final.transcript && stageReached(current, 'transcribing'),
      glossary: !final.glossary && (stopped || transcribed),
      summary: !final.summary && (stopped || glossaryWritten),
    }
    const [transcript, glossary, written] = await Promise.all([
      wants.transcript ? unlessMissing(getTranscript(current.id)) : null,
      wants.glossary ? unlessMissing(getGlossary(current.id)) : null,
      wants.summary ? unlessMissing(getSummary(current.id)) : null,
    ])
    if (transcript) segments.value = transcript.segments
    if (glossary) terms.value = glossary.terms
    if (written) summary.value = written
    final.transcript ||= wants.transcript && (stopped || transcribed)
    final.glossary ||= wants.glossary && (stopped || glossaryWritten)
    final.summary ||= wants.summary && (stopped || written !== null)
  }

  async function refresh(): Promise<boolean> {
    const requested = id.value
    try {
      const current = await getLecture(requested)
      if (requested !== id.value) return false
      lecture.value = current
      if (current.status === 'processing') tracker.observe(current.id, current.progress)
      remainingSeconds.value = tracker.remainingSeconds(current.id)
      await loadResults(current)
      error.value = null
      return isActive(current)
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 404) {
        notFound.value = true
        return false
      }
      error.value = caught
      // Ride out transient errors only while the lecture is still being processed.
      return lecture.value !== null && isActive(lecture.value)
    }
  }

  const { poll } = usePolling(refresh, LECTURE_POLL_MS)

  async function retry(): Promise<void> {
    if (!lecture.value) return
    const restarted = await retryLecture(lecture.value.id)
    reset()
    lecture.value = restarted
    await poll()
  }

  /** A new run writes the glossary and summary again; the transcript stays as it is, and is kept on screen. */
  async function regenerate(): Promise<void> {
    if (!lecture.value) return
    lecture.value = await regenerateNotes(lecture.value.id)
    Object.assign(final, { glossary: false, summary: false })
    await poll()
  }

  async function correct(index: number, text: string): Promise<void> {
    if (!lecture.value) return
    const corrected = await correctSegment(lecture.value.id, index, text)
    segments.value = segments.value.map((segment) => (segment.index === index ? corrected : segment))
  }

  async function addTerm(entry: GlossaryEntryCreate): Promise<void> {
    if (!lecture.value) return
    const added = await addGlossaryEntry(lecture.value.id, entry)
    terms.value = [...terms.value, added]
  }

  async function editTerm(entryId: string, change: GlossaryEntryUpdate): Promise<void> {
    if (!lecture.value) return
    const edited = await updateGlossaryEntry(lecture.value.id, entryId, change)
    terms.value = terms.value.map((entry) => (entry.id === entryId ? edited : entry))
  }

  async function deleteTerm(entryId: string): Promise<void> {
    if (!lecture.value) return
    await deleteGlossaryEntry(lecture.value.id, entryId)
    terms.value = terms.value.filter((entry) => entry.id !== entryId)
  }

  watch(
    id,
    () => {
      reset()
      void poll()
    },
    { immediate: true },
  )

  return {
    lecture,
    segments,
    terms,
    summary,
    error,
    notFound,
    remainingSeconds,
    refresh: poll,
    retry,
    regenerate,
    correct,
    addTerm,
    editTerm,
    deleteTerm,
  }
}
