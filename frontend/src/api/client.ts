/**
 * Typed calls to the lecture API; every request in the app goes through here. The session is the HttpOnly
 * cookie the login sets, which the browser sends with every same-origin request: no token is kept in script.
 */

import { readServerEvents } from '../sse'
import type {
  AccessToken,
  AnswerEvent,
  Glossary,
  GlossaryEntry,
  GlossaryEntryCreate,
  GlossaryEntryUpdate,
  GlossaryFormat,
  Lecture,
  LecturePage,
  LectureUpload,
  NewPersonalToken,
  NewWebhookEndpoint,
  PasswordChange,
  PersonalToken,
  Question,
  QuestionAsked,
  Questions,
  SearchResults,
  Segment,
  Summary,
  SummaryFormat,
  Templates,
  Transcript,
  TranscriptFormat,
  User,
  UserCreate,
  UserUpdate,
  WebhookDelivery,
  WebhookEndpoint,
  Workers,
} from './types'

export const API_BASE = '/api/v1'

/** A failed API call, carrying the server's `detail` message when it sent one. */
export class ApiError extends Error {
  readonly status: number

  constructor(status: number, message: string) {
    super(message)
    this.name = 'ApiError'
    this.status = status
  }
}

/** FastAPI sends `detail` as a string, or as a list of validation problems for 422. */
export function detailMessage(body: unknown, fallback: string): string {
  if (!body || typeof body !== 'object' || !('detail' in body)) return fallback
  const detail = (body as { detail: unknown }).detail
  if (typeof detail === 'string') return detail
  if (Array.isArray(detail)) {
    const messages = detail
      .map((problem) => (problem && typeof problem === 'object' && 'msg' in problem ? String(problem.msg) : ''))
      .filter(Boolean)
    if (messages.length) return messages.join('; ')
  }
  return fallback
}

async function errorFrom(response: Response): Promise<ApiError> {
  let body: unknown = null
  try {
    body = await response.json()
  } catch {
    // Not JSON (a proxy error page, say): fall back to the status line.
  }
  const fallback = `${response.status} ${response.statusText}`.trim()
  return new ApiError(response.status, detailMessage(body, fallback))
}

let unauthorizedHandler: (() => void) | null = null

/**
 * Called whenever the API answers 401 (not signed in, or the session expired), before the call rejects; the
 * app sends the person to the login page from here. One handler: setting another replaces it.
 */
export function onUnauthorized(handler: (() => void) | null): void {
  unauthorizedHandler = handler
}

/** Every failed call passes through here on its way to the caller. */
function failed(error: ApiError): ApiError {
  if (error.status === 401) unauthorizedHandler?.()
  return error
}

async function call(path: string, init?: RequestInit): Promise<Response> {
  const response = await fetch(API_BASE + path, init)
  if (!response.ok) throw failed(await errorFrom(response))
  return response
}

async function request<T>(path: string, init?: RequestInit): Promise<T> {
  return (await (await call(path, init)).json()) as T
}

function sendJson<T>(path: string, method: 'POST' | 'PATCH', body: unknown): Promise<T> {
  return request<T>(path, { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
}

function send(path: string, method: 'POST' | 'DELETE'): Promise<Response> {
  return call(path, { method })
}

const lecturePath = (id: string) => `/lectures/${encodeURIComponent(id)}`

export function listLectures(limit = 50, offset = 0): Promise<LecturePage> {
  return request<LecturePage>(`/lectures?limit=${limit}&offset=${offset}`)
}

export function getLecture(id: string): Promise<Lecture> {
  return request<Lecture>(lecturePath(id))
}

export function getTranscript(id: string): Promise<Transcript> {
  return request<Transcript>(`${lecturePath(id)}/transcript?format=json`)
}

export function getGlossary(id: string): Promise<Glossary> {
  return request<Glossary>(`${lecturePath(id)}/glossary`)
}

export function getSummary(id: string): Promise<Summary> {
  return request<Summary>(`${lecturePath(id)}/summary?format=json`)
}

export function getTemplates(): Promise<Templates> {
  return request<Templates>('/templates')
}

/** The workers alive now; none means queued lectures wait. */
export function listWorkers(): Promise<Workers> {
  return request<Workers>('/workers')
}

export async function retryLecture(id: string): Promise<Lecture> {
  return (await (await send(`${lecturePath(id)}/retry`, 'POST')).json()) as Lecture
}

export async function cancelLecture(id: string): Promise<Lecture> {
  return (await (await send(`${lecturePath(id)}/cancel`, 'POST')).json()) as Lecture
}

export async function deleteLecture(id: string): Promise<void> {
  await send(lecturePath(id), 'DELETE')
}

/** Writes the glossary and summary again from the corrected transcript, without transcribing again. */
export async function regenerateNotes(id: string): Promise<Lecture> {
  return (await (await send(`${lecturePath(id)}/regenerate`, 'POST')).json()) as Lecture
}

/** A teacher's correction of one segment's text; 409 while the lecture is being processed. */
export function correctSegment(id: string, index: number, text: string): Promise<Segment> {
  return sendJson<Segment>(`${lecturePath(id)}/transcript/segments/${index}`, 'PATCH', { text })
}

export function addGlossaryEntry(id: string, entry: GlossaryEntryCreate): Promise<GlossaryEntry> {
  return sendJson<GlossaryEntry>(`${lecturePath(id)}/glossary`, 'POST', entry)
}

export function updateGlossaryEntry(id: string, entryId: string, change: GlossaryEntryUpdate): Promise<GlossaryEntry> {
  return sendJson<GlossaryEntry>(`${lecturePath(id)}/glossary/${encodeURIComponent(entryId)}`, 'PATCH', change)
}

export async function deleteGlossaryEntry(id: string, entryId: string): Promise<void> {
  await send(`${lecturePath(id)}/glossary/${encodeURIComponent(entryId)}`, 'DELETE')
}

/** The lecture's conversation, oldest first. */
export function listQuestions(id: string): Promise<Questions> {
  return request<Questions>(`${lecturePath(id)}/questions`)
}

/**
 * Asks a question of a finished lecture (409 otherwise; 413 for a recording over 10 MB) and yields its answer's
 * events as they arrive: pieces of the draft, then the question as stored, or an error.
 */
export async function* askQuestion(
  id: string,
  asked: QuestionAsked,
  signal?: AbortSignal,
): AsyncGenerator<AnswerEvent> {
  let body: BodyInit
  const headers: Record<string, string> = { Accept: 'text/event-stream' }
  if ('audio' in asked) {
    const form = new FormData()
    form.append('audio', asked.audio, asked.filename)
    body = form
  } else {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify({ question: asked.text })
  }
  const response = await call(`${lecturePath(id)}/questions`, { method: 'POST', headers, body, signal })
  if (!response.body) throw new ApiError(0, 'network')
  for await (const event of readServerEvents(response.body)) {
    const data = JSON.parse(event.data) as Record<string, unknown>
    if (event.event === 'text') yield { kind: 'text', text: String(data.text ?? '') }
    else if (event.event === 'answer') yield { kind: 'answer', question: data as unknown as Question }
    else if (event.event === 'error') yield { kind: 'error', detail: detailMessage(data, 'error') }
  }
}

/**
 * Signs in with email and password; the answer sets the session cookie. Not routed through the 401 handler:
 * wrong credentials are the login form's own business (400, or 429 after too many tries).
 */
export async function logIn(email: string, password: string): Promise<AccessToken> {
  const response = await fetch(`${API_BASE}/login/access-token`, {
    method: 'POST',
    body: new URLSearchParams({ username: email, password }),
  })
  if (!response.ok) throw await errorFrom(response)
  return (await response.json()) as AccessToken
}

export async function logOut(): Promise<void> {
  await send('/logout', 'POST')
}

export function getCurrentUser(): Promise<User> {
  return request<User>('/users/me')
}

/** Changes one's own password; the server answers with a new session cookie, so this tab stays signed in. */
export async function changePassword(change: PasswordChange): Promise<void> {
  await sendJson<AccessToken>('/users/me/password', 'POST', change)
}

export function listPersonalTokens(): Promise<PersonalToken[]> {
  return request<PersonalToken[]>('/users/me/tokens')
}

export function createPersonalToken(name: string): Promise<NewPersonalToken> {
  return sendJson<NewPersonalToken>('/users/me/tokens', 'POST', { name })
}

export async function revokePersonalToken(id: string): Promise<void> {
  await send(`/users/me/tokens/${encodeURIComponent(id)}`, 'DELETE')
}

/**
 * Passages of the lectures one may see that hold every word of `query`, best first. 422 for an empty or too
 * long query; 501 where the server's store has no search.
 */
export function searchLectures(query: string, limit = 20, offset = 0): Promise<SearchResults> {
  const params = new URLSearchParams({ q: query, limit: String(limit), offset: String(offset) })
  return request<SearchResults>(`/search?${params}`)
}

const webhookPath = (id: string) => `/webhooks/${encodeURIComponent(id)}`

export function listWebhooks(): Promise<WebhookEndpoint[]> {
  return request<WebhookEndpoint[]>('/webhooks')
}

/** 422 for a URL that is not http(s) or points at a private address; 409 past the per-person limit. */
export function createWebhook(url: string): Promise<NewWebhookEndpoint> {
  return sendJson<NewWebhookEndpoint>('/webhooks', 'POST', { url })
}

export async function deleteWebhook(id: string): Promise<void> {
  await send(webhookPath(id), 'DELETE')
}

/** The endpoint's latest deliveries, newest first. */
export function listWebhookDeliveries(id: string, limit = 20): Promise<WebhookDelivery[]> {
  return request<WebhookDelivery[]>(`${webhookPath(id)}/deliveries?limit=${limit}`)
}

const userPath = (id: string) => `/users/${encodeURIComponent(id)}`

/** Admins only, like the rest of `/users`: a teacher is answered 403. */
export function listUsers(): Promise<User[]> {
  return request<User[]>('/users')
}

export function createUser(user: UserCreate): Promise<User> {
  return sendJson<User>('/users', 'POST', user)
}

export function updateUser(id: string, change: UserUpdate): Promise<User> {
  return sendJson<User>(userPath(id), 'PATCH', change)
}

export function resetPassword(id: string, newPassword: string): Promise<User> {
  return sendJson<User>(`${userPath(id)}/password`, 'POST', { new_password: newPassword })
}

export function audioUrl(id: string): string {
  return `${API_BASE}${lecturePath(id)}/audio`
}

export function transcriptUrl(id: string, format: TranscriptFormat): string {
  return `${API_BASE}${lecturePath(id)}/transcript?format=${format}`
}

export function summaryUrl(id: string, format: SummaryFormat): string {
  return `${API_BASE}${lecturePath(id)}/summary?format=${format}`
}

export function glossaryUrl(id: string, format: GlossaryFormat): string {
  return `${API_BASE}${lecturePath(id)}/glossary?format=${format}`
}

/**
 * Uploads one lecture. XMLHttpRequest rather than fetch because only it reports bytes sent.
 * `onProgress` receives the fraction of the request body sent so far.
 */
export function uploadLecture(
  upload: LectureUpload,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<Lecture> {
  const form = new FormData()
  form.append('file', upload.file, upload.filename)
  if (upload.title) form.append('title', upload.title)
  if (upload.language) form.append('language', upload.language)
  if (upload.template) form.append('template', upload.template)

  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', `${API_BASE}/lectures`)
    xhr.responseType = 'json'
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total)
    }
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1)
        resolve(xhr.response as Lecture)
      } else {
        const fallback = `${xhr.status} ${xhr.statusText}`.trim()
        reject(failed(new ApiError(xhr.status, detailMessage(xhr.response, fallback))))
      }
    }
    xhr.onerror = () => reject(new ApiError(0, 'network'))
    xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'))
    signal?.addEventListener('abort', () => xhr.abort(), { once: true })
    xhr.send(form)
  })
}
