/** A stand-in for the lecture API in unit tests: routes answer from handlers, and every request is recorded. */

import { vi } from 'vitest'

export type Handler = (url: URL, init?: RequestInit) => { status: number; body?: unknown } | undefined

export function json(status: number, body?: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  })
}

export function fakeFetch(handler: Handler) {
  const calls: string[] = []
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://konspekt.test')
    calls.push(`${init?.method ?? 'GET'} ${url.pathname}${url.search}`)
    const answer = handler(url, init)
    if (!answer) return json(404, { detail: 'Not Found' })
    return json(answer.status, answer.body)
  })
  vi.stubGlobal('fetch', fetchMock)
  return { calls }
}

/** Minimal XMLHttpRequest that "uploads" in two progress steps and answers with `respond`'s result. */
export function fakeXhr(respond: (form: FormData) => { status: number; body: unknown }) {
  const sent: FormData[] = []
  class FakeXMLHttpRequest {
    status = 0
    statusText = ''
    response: unknown = null
    responseType = ''
    upload: { onprogress: ((event: ProgressEvent) => void) | null } = { onprogress: null }
    onload: (() => void) | null = null
    onerror: (() => void) | null = null
    onabort: (() => void) | null = null
    open(): void {}
    abort(): void {
      this.onabort?.()
    }
    send(form: FormData): void {
      sent.push(form)
      const progress = (loaded: number) =>
        this.upload.onprogress?.({ lengthComputable: true, loaded, total: 100 } as ProgressEvent)
      queueMicrotask(() => {
        progress(50)
        progress(100)
        const answer = respond(form)
        this.status = answer.status
        this.response = answer.body
        this.onload?.()
      })
    }
  }
  vi.stubGlobal('XMLHttpRequest', FakeXMLHttpRequest)
  return { sent }
}
