/** Typed calls to the lecture API; every request in the app goes through here. */

import type {
  Glossary,
  Lecture,
  LecturePage,
  LectureUpload,
  Summary,
  SummaryFormat,
  Templates,
  Transcript,
  TranscriptFormat,
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

async function request<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(API_BASE + path, init)
  if (!response.ok) throw await errorFrom(response)
  return (await response.json()) as T
}

async function send(path: string, method: 'POST' | 'DELETE'): Promise<Response> {
  const response = await fetch(API_BASE + path, { method })
  if (!response.ok) throw await errorFrom(response)
  return response
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

export function audioUrl(id: string): string {
  return `${API_BASE}${lecturePath(id)}/audio`
}

export function transcriptUrl(id: string, format: TranscriptFormat): string {
  return `${API_BASE}${lecturePath(id)}/transcript?format=${format}`
}

export function summaryUrl(id: string, format: SummaryFormat): string {
  return `${API_BASE}${lecturePath(id)}/summary?format=${format}`
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
        reject(new ApiError(xhr.status, detailMessage(xhr.response, fallback)))
      }
    }
    xhr.onerror = () => reject(new ApiError(0, 'network'))
    xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'))
    signal?.addEventListener('abort', () => xhr.abort(), { once: true })
    xhr.send(form)
  })
}
