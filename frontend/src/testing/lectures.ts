import type { GlossaryEntry, Lecture, Question, Segment } from '../api/types'

export function makeLecture(overrides: Partial<Lecture> = {}): Lecture {
  return {
    id: 'lec-1',
    title: 'Computer networks',
    filename: 'lecture_networks.mp3',
    status: 'done',
    stage: 'done',
    progress: 1,
    language: 'en',
    requested_language: 'auto',
    duration: 119,
    error: null,
    template: 'default',
    size_bytes: 1_000_000,
    created_at: '2025-01-01T10:00:00Z',
    updated_at: '2025-01-01T10:05:00Z',
    ...overrides,
  }
}

/** A segment as processing wrote it (no correction), at `index`. */
export function makeSegment(index: number, overrides: Partial<Segment> = {}): Segment {
  return {
    index,
    start: index * 5,
    end: index * 5 + 5,
    text: `part ${index}`,
    edited_by: null,
    edited_by_name: null,
    edited_at: null,
    ...overrides,
  }
}

/** A generated glossary entry (no correction). */
export function makeEntry(overrides: Partial<GlossaryEntry> = {}): GlossaryEntry {
  return {
    id: 'entry-1',
    term: 'TCP',
    definition: 'Reliable transport',
    quote: 'TCP is',
    start: 10,
    end: 14,
    edited_by: null,
    edited_by_name: null,
    edited_at: null,
    ...overrides,
  }
}

/** An answered question about the networks lecture. */
export function makeQuestion(overrides: Partial<Question> = {}): Question {
  return {
    id: 'q-1',
    question: 'What is a protocol?',
    status: 'answered',
    answer: 'A set of rules for communication.',
    citations: [{ quote: 'A protocol is a set of rules.', start: 5, end: 11 }],
    asker_id: 'u-1',
    asker_name: 'Ada',
    asked_at: '2025-01-02T10:00:00Z',
    answered_at: '2025-01-02T10:00:05Z',
    ...overrides,
  }
}
