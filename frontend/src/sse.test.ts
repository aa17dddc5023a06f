import { describe, expect, it } from 'vitest'
import { readServerEvents, ServerEventParser, type ServerEvent } from './sse'

const STREAM =
  'event: text\ndata: {"text": "A router"}\n\n' +
  ': keep-alive\n\n' +
  'event: text\ndata: {"text": " forwards packets."}\n\n' +
  'event: answer\ndata: {"id": "q-1", "answer": "A router forwards packets."}\n\n'

const EXPECTED: ServerEvent[] = [
  { event: 'text', data: '{"text": "A router"}' },
  { event: 'text', data: '{"text": " forwards packets."}' },
  { event: 'answer', data: '{"id": "q-1", "answer": "A router forwards packets."}' },
]

function feed(chunks: string[]): ServerEvent[] {
  const parser = new ServerEventParser()
  return chunks.flatMap((chunk) => parser.push(chunk))
}

function body(chunks: (string | Uint8Array)[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk)
      controller.close()
    },
  })
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<ServerEvent[]> {
  const events: ServerEvent[] = []
  for await (const event of readServerEvents(stream)) events.push(event)
  return events
}

describe('ServerEventParser', () => {
  it('returns several events from one chunk, skipping comments', () => {
    expect(feed([STREAM])).toEqual(EXPECTED)
  })

  it('puts together events from chunks split anywhere, mid-line and mid-field', () => {
    for (let size = 1; size <= 7; size++) {
      const chunks = STREAM.match(new RegExp(`[\\s\\S]{1,${size}}`, 'g')) ?? []
      expect(feed(chunks), `chunks of ${size}`).toEqual(EXPECTED)
    }
  })

  it('completes an event only at its blank line', () => {
    const parser = new ServerEventParser()
    expect(parser.push('event: text\ndata: {"te')).toEqual([])
    expect(parser.push('xt": "A"}\n')).toEqual([])
    expect(parser.push('\n')).toEqual([{ event: 'text', data: '{"text": "A"}' }])
  })

  it('takes CRLF and CR line ends, even a CRLF split between chunks', () => {
    expect(feed(['event: text\r', '\ndata: a\r\n\r', '\n'])).toEqual([{ event: 'text', data: 'a' }])
    expect(feed(['data: b\r\rdata: c\r\n\r\n'])).toEqual([
      { event: 'message', data: 'b' },
      { event: 'message', data: 'c' },
    ])
  })

  it('joins data lines with newlines and names an unnamed event `message`', () => {
    expect(feed(['data: one\ndata:two\n\n'])).toEqual([{ event: 'message', data: 'one\ntwo' }])
  })
})

describe('readServerEvents', () => {
  it('decodes UTF-8 split between chunks', async () => {
    const bytes = new TextEncoder().encode('event: text\ndata: {"text": "маршрутизатор"}\n\n')
    const cut = bytes.indexOf(0xd0) + 1
    const events = await collect(body([bytes.slice(0, cut), bytes.slice(cut)]))
    expect(events).toEqual([{ event: 'text', data: '{"text": "маршрутизатор"}' }])
  })

  it('drops an event the stream ended before finishing', async () => {
    expect(await collect(body(['event: text\ndata: {"text": "A"}\n\nevent: answer\ndata: {']))).toEqual([
      { event: 'text', data: '{"text": "A"}' },
    ])
  })
})
