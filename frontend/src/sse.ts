/**
 * Server-Sent Events read from a fetch response's body. `EventSource` only GETs, and asking a question is a
 * POST, so the stream is parsed here (the WHATWG "event stream" rules: `event:` and `data:` fields, a blank line
 * ends an event, `:` starts a comment).
 */

export interface ServerEvent {
  /** The `event:` field; `message` when the server named none. */
  event: string
  /** The `data:` lines joined with newlines. */
  data: string
}

/** Feeds text in chunks cut anywhere, even mid-line or between `\r` and `\n`; returns the events completed. */
export class ServerEventParser {
  private buffer = ''
  private event = ''
  private data: string[] = []

  push(chunk: string): ServerEvent[] {
    this.buffer += chunk
    const completed: ServerEvent[] = []
    for (;;) {
      const end = this.buffer.search(/\r\n|\r|\n/)
      // A `\r` last in the buffer may be the first half of `\r\n`: wait for the next chunk to tell.
      if (end < 0 || (end === this.buffer.length - 1 && this.buffer[end] === '\r')) break
      const line = this.buffer.slice(0, end)
      const breakLength = this.buffer.startsWith('\r\n', end) ? 2 : 1
      this.buffer = this.buffer.slice(end + breakLength)
      const event = this.line(line)
      if (event) completed.push(event)
    }
    return completed
  }

  private line(line: string): ServerEvent | null {
    if (line === '') {
      const event = this.data.length ? { event: this.event || 'message', data: this.data.join('\n') } : null
      this.event = ''
      this.data = []
      return event
    }
    if (line.startsWith(':')) return null
    const colon = line.indexOf(':')
    const field = colon < 0 ? line : line.slice(0, colon)
    let value = colon < 0 ? '' : line.slice(colon + 1)
    if (value.startsWith(' ')) value = value.slice(1)
    if (field === 'event') this.event = value
    else if (field === 'data') this.data.push(value)
    return null
  }
}

/** The events of a `text/event-stream` body as they arrive; an event left unfinished at the end is dropped. */
export async function* readServerEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<ServerEvent> {
  const reader = body.getReader()
  const decoder = new TextDecoder()
  const parser = new ServerEventParser()
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      // `stream: true` keeps a UTF-8 character split between chunks for the next one.
      yield* parser.push(decoder.decode(value, { stream: true }))
    }
    yield* parser.push(decoder.decode())
  } finally {
    reader.releaseLock()
  }
}
