import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { json } from '../testing/fakeServer'
import { makeQuestion } from '../testing/lectures'
import AskPanel from './AskPanel.vue'

const earlier = makeQuestion()
const routerAnswer = makeQuestion({
  id: 'q-2',
  question: 'What does a router do?',
  answer: 'It forwards packets between networks.',
  citations: [{ quote: 'Routers forward packets.', start: 75, end: 80 }],
  asker_name: undefined,
})

/** An event-stream answer whose chunks the test sends when it likes. */
function streamedAnswer() {
  const encoder = new TextEncoder()
  let controller!: ReadableStreamDefaultController<Uint8Array>
  const body = new ReadableStream<Uint8Array>({ start: (opened) => void (controller = opened) })
  return {
    response: new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } }),
    send: (chunk: string) => controller.enqueue(encoder.encode(chunk)),
    close: () => controller.close(),
  }
}

type Answer = Response | (() => Response)

function serve(history: unknown[], answerPost?: Answer) {
  const posts: RequestInit[] = []
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const path = new URL(String(input), 'http://konspekt.test').pathname
      if (path !== '/api/v1/lectures/lec-1/questions') return json(404, { detail: 'Not Found' })
      if ((init?.method ?? 'GET') === 'GET') return json(200, { questions: history })
      posts.push(init!)
      return typeof answerPost === 'function' ? answerPost() : answerPost!
    }),
  )
  return { posts }
}

function mountPanel(answerable = true) {
  return mount(AskPanel, { props: { lectureId: 'lec-1', answerable } })
}

afterEach(() => vi.unstubAllGlobals())

describe('AskPanel', () => {
  it('shows the conversation so far, oldest first, with its citations', async () => {
    serve([earlier, routerAnswer])
    const wrapper = mountPanel()
    await flushPromises()
    const exchanges = wrapper.findAll('[data-testid=ask-exchange]')
    expect(exchanges.map((exchange) => exchange.get('.question').text())).toEqual([
      'Ada: What is a protocol?',
      'You: What does a router do?',
    ])
    expect(exchanges[1].get('[data-testid=ask-answer]').text()).toBe('It forwards packets between networks.')
    const citation = exchanges[1].get('[data-testid=ask-citation]')
    expect(citation.get('button').text()).toBe('1:15')
    expect(citation.get('q').text()).toBe('Routers forward packets.')
  })

  it('seeks the player to a citation clicked', async () => {
    serve([earlier, routerAnswer])
    const wrapper = mountPanel()
    await flushPromises()
    await wrapper.findAll('[data-testid=ask-citation] button')[1].trigger('click')
    expect(wrapper.emitted('seek')).toEqual([[75]])
  })

  it('streams the answer in as it is written, then shows the answer as stored', async () => {
    const stream = streamedAnswer()
    const { posts } = serve([earlier], stream.response)
    const wrapper = mountPanel()
    await flushPromises()

    await wrapper.get('[data-testid=ask-input]').setValue('What does a router do?')
    await wrapper.get('form').trigger('submit')
    expect(posts).toHaveLength(1)
    expect(JSON.parse(String(posts[0].body))).toEqual({ question: 'What does a router do?' })
    expect((posts[0].headers as Record<string, string>).Accept).toBe('text/event-stream')

    stream.send('event: text\ndata: {"text": "It forwards"}\n\nevent: te')
    await flushPromises()
    expect(wrapper.get('[data-testid=ask-draft]').text()).toContain('What does a router do?')
    expect(wrapper.get('[data-testid=ask-draft-answer]').text()).toBe('It forwards')
    expect(wrapper.get<HTMLButtonElement>('[data-testid=ask-submit]').element.disabled).toBe(true)

    stream.send('xt\ndata: {"text": " packets…"}\n\n')
    await flushPromises()
    expect(wrapper.get('[data-testid=ask-draft-answer]').text()).toBe('It forwards packets…')

    stream.send(`event: answer\ndata: ${JSON.stringify(routerAnswer)}\n\n`)
    stream.close()
    await flushPromises()
    expect(wrapper.find('[data-testid=ask-draft]').exists()).toBe(false)
    const exchanges = wrapper.findAll('[data-testid=ask-exchange]')
    expect(exchanges).toHaveLength(2)
    expect(exchanges[1].get('[data-testid=ask-answer]').text()).toBe('It forwards packets between networks.')
    expect(exchanges[1].get('[data-testid=ask-citation]').text()).toContain('Routers forward packets.')
  })

  it('says why an answer failed, from the stream or the status', async () => {
    const stream = streamedAnswer()
    serve([], stream.response)
    const wrapper = mountPanel()
    await flushPromises()
    await wrapper.get('[data-testid=ask-input]').setValue('Why?')
    await wrapper.get('form').trigger('submit')
    stream.send('event: error\ndata: {"detail": "No worker is running, so nothing can take the job; try again later."}\n\n')
    stream.close()
    await flushPromises()
    expect(wrapper.get('[data-testid=ask-error]').text()).toBe(
      'Could not answer: No worker is running, so nothing can take the job; try again later.',
    )
  })

  it('explains a recording too large and a missing worker in plain words', async () => {
    for (const [status, expected] of [
      [413, 'at most 10 MB'],
      [503, 'No worker is running'],
    ] as const) {
      serve([], () => json(status, { detail: 'technical detail' }))
      const wrapper = mountPanel()
      await flushPromises()
      await wrapper.get('[data-testid=ask-input]').setValue('Why?')
      await wrapper.get('form').trigger('submit')
      await flushPromises()
      expect(wrapper.get('[data-testid=ask-error]').text()).toContain(expected)
      wrapper.unmount()
    }
  })

  it('shows the server’s message when it refuses the question', async () => {
    serve([], () => json(409, { detail: 'Questions can be asked once the lecture is done.' }))
    const wrapper = mountPanel()
    await flushPromises()
    await wrapper.get('[data-testid=ask-input]').setValue('Why?')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[data-testid=ask-error]').text()).toContain('Questions can be asked once the lecture is done.')
  })

  it('is disabled, with a hint, until the lecture is done', async () => {
    const { posts } = serve([])
    const wrapper = mountPanel(false)
    await flushPromises()
    expect(wrapper.get('[data-testid=ask-disabled]').text()).toContain('once the lecture has been processed')
    expect(wrapper.get<HTMLInputElement>('[data-testid=ask-input]').element.disabled).toBe(true)
    expect(wrapper.get<HTMLButtonElement>('[data-testid=ask-submit]').element.disabled).toBe(true)
    await wrapper.get('form').trigger('submit')
    expect(posts).toHaveLength(0)
  })
})
