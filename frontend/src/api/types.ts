/** The lecture API's wire shapes, written to match app/api/schemas.py. */

import type { LectureStatus, Stage } from '../lecture'
import type { Role } from '../users'

export type { LectureStatus, Stage, Role }

export interface Lecture {
  id: string
  title: string
  filename: string
  status: LectureStatus
  stage: Stage
  /** Overall progress across all stages, 0..1. */
  progress: number
  /** Detected (or requested) ISO language code. */
  language: string | null
  /** ISO code given at upload, or `auto`. */
  requested_language: string
  /** Length of the recording in seconds. */
  duration: number | null
  error: string | null
  template: string
  size_bytes: number
  created_at: string
  updated_at: string | null
}

export interface LecturePage {
  items: Lecture[]
  total: number
  limit: number
  offset: number
}

/** Who corrected a segment or glossary entry and when: the fields Segment and GlossaryEntry carry for it. */
export type EditStamp = Pick<Segment, 'edited_by' | 'edited_by_name' | 'edited_at'>

export interface Segment {
  /** The segment's number, for corrections. */
  index: number
  start: number
  end: number
  text: string
  /** Who corrected it (a user id), their name and when (UTC); null for what processing wrote. */
  edited_by: string | null
  edited_by_name: string | null
  edited_at: string | null
}

export interface Transcript {
  segments: Segment[]
}

export interface GlossaryEntry {
  /** Names the entry for corrections. */
  id: string
  term: string
  definition: string
  /** Verbatim transcript text the definition rests on. */
  quote: string
  start: number
  end: number
  /** Who corrected it (a user id), their name and when (UTC); null for what processing wrote. */
  edited_by: string | null
  edited_by_name: string | null
  edited_at: string | null
}

/** A term a teacher adds; without a quote, the first segment mentioning the term is quoted. */
export interface GlossaryEntryCreate {
  term: string
  definition: string
  quote?: string
  start?: number
  end?: number
}

/** The fields of an entry to change; those left out stay as they are. */
export type GlossaryEntryUpdate = Partial<GlossaryEntryCreate>

export interface Glossary {
  terms: GlossaryEntry[]
}

export interface Summary {
  template: string
  language: string
  markdown: string
  sections: Record<string, unknown>
}

export interface Templates {
  names: string[]
}

export interface AsrEngine {
  name: string
  model: string
  /** Where it runs: `cpu` or `cuda`. */
  device: string
  /** Precision of the weights, e.g. `int8`, `float16`. */
  compute_type: string
}

export interface LanguageModel {
  model: string
  /** Layers offloaded to the GPU: 0 none, -1 all. */
  gpu_layers: number
}

export interface Worker {
  id: string
  host: string
  pid: number
  started_at: string
  asr: AsrEngine
  llm: LanguageModel
}

export interface Workers {
  /** Workers alive now (their heartbeat is fresh). */
  items: Worker[]
}

export interface User {
  id: string
  email: string
  display_name: string
  role: Role
  /** A deactivated account cannot sign in; its lectures are kept. */
  is_active: boolean
  created_at: string
}

export interface UserCreate {
  email: string
  display_name: string
  /** The initial password, at least MIN_PASSWORD_LENGTH characters. */
  password: string
  role: Role
}

/** The fields an admin may change; those left out stay as they are. */
export interface UserUpdate {
  display_name?: string
  role?: Role
  is_active?: boolean
}

/** The login's answer. The dashboard uses the HttpOnly session cookie set alongside, never this token. */
export interface AccessToken {
  access_token: string
  token_type: string
}

export interface PasswordChange {
  current_password: string
  new_password: string
}

export interface PasswordReset {
  new_password: string
}

/** A personal API token as listed: its secret is never sent again after creation. */
export interface PersonalToken {
  id: string
  name: string
  created_at: string
  last_used_at: string | null
}

/** A just-created personal API token, carrying its secret (`kpt_…`) this one time. */
export interface NewPersonalToken {
  id: string
  name: string
  created_at: string
  last_used_at: string | null
  token: string
}

/** What a search passage matched in: a transcript segment, a glossary entry or the summary. */
export type SearchKind = 'segment' | 'glossary' | 'summary'

/** A stretch of a passage's text; `match` marks a word of the query. Plain text, never HTML. */
export interface SnippetPart {
  text: string
  match: boolean
}

export interface SearchResult {
  lecture_id: string
  lecture_title: string
  kind: SearchKind
  /** Where to seek the recording to, in seconds; null for a summary. */
  start: number | null
  snippet: SnippetPart[]
  /** Relevance (BM25); higher is better. */
  score: number
}

export interface SearchResults {
  items: SearchResult[]
  total: number
  limit: number
  offset: number
}

/** A webhook endpoint as listed: its signing secret is never sent again after creation. */
export interface WebhookEndpoint {
  id: string
  url: string
  created_at: string
}

/** A just-registered endpoint, carrying its `whsec_…` signing secret this one time. */
export interface NewWebhookEndpoint {
  id: string
  url: string
  created_at: string
  secret: string
}

export type WebhookEventType = 'lecture.done' | 'lecture.failed'

/** `pending`: waiting for its first attempt or a retry; `failed`: attempts used up or refused. */
export type DeliveryStatus = 'pending' | 'delivered' | 'failed'

export interface DeliveryAttempt {
  attempted_at: string
  /** The receiver's answer; null when none came (see `error`). */
  status_code: number | null
  error: string | null
}

export interface WebhookDelivery {
  id: string
  /** Sent as `webhook-id`: the same on every attempt. */
  event_id: string
  event_type: WebhookEventType
  lecture_id: string
  status: DeliveryStatus
  created_at: string
  /** When it is tried again, while pending. */
  next_attempt_at: string | null
  attempts: DeliveryAttempt[]
}

export interface ApiErrorBody {
  detail: string | unknown
}

export interface LectureUpload {
  file: Blob
  filename: string
  title?: string
  /** ISO code or `auto`. */
  language?: string
  template?: string
}

export type TranscriptFormat = 'json' | 'txt' | 'srt' | 'vtt'

export type SummaryFormat = 'md' | 'json' | 'docx'

/** `csv`: flashcards for Anki and Quizlet (term, definition). */
export type GlossaryFormat = 'json' | 'csv' | 'tsv'

/** Where an answer rests on the lecture: verbatim transcript text and its time in the recording. */
export interface Citation {
  quote: string
  start: number
  end: number
}

export type QuestionStatus = 'pending' | 'answered' | 'failed'

/** A question asked of a lecture, with its answer once written. */
export interface Question {
  id: string
  /** Empty until a spoken question has been heard. */
  question: string
  status: QuestionStatus
  answer: string | null
  citations: Citation[]
  asker_id: string
  /** Left out of the streamed `answer` event. */
  asker_name?: string | null
  asked_at: string
  answered_at: string | null
}

export interface Questions {
  questions: Question[]
}

/** A question typed, or recorded spoken. */
export type QuestionAsked = { text: string } | { audio: Blob; filename: string }

/** One event of a streamed answer: a piece of the draft, the question as stored, or why it failed. */
export type AnswerEvent =
  | { kind: 'text'; text: string }
  | { kind: 'answer'; question: Question }
  | { kind: 'error'; detail: string }
