import { RouterLinkStub, flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { WebhookDelivery, WebhookEndpoint } from '../api/types'
import { fakeFetch } from '../testing/fakeServer'
import WebhookEndpoints from './WebhookEndpoints.vue'

afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

const listed: WebhookEndpoint = { id: 'wh-1', url: 'https://example.org/hook', created_at: '2025-01-01T00:00:00Z' }

const deliveries: WebhookDelivery[] = [
  {
    id: 'del-2',
    event_id: 'evt-2',
    event_type: 'lecture.failed',
    lecture_id: 'lec-2',
    status: 'pending',
    created_at: '2025-01-02T00:00:00Z',
    next_attempt_at: '2025-01-02T00:05:00Z',
    attempts: [
      { attempted_at: '2025-01-02T00:00:01Z', status_code: 503, error: null },
      { attempted_at: '2025-01-02T00:01:01Z', status_code: null, error: 'connection refused' },
    ],
  },
  {
    id: 'del-1',
    event_id: 'evt-1',
    event_type: 'lecture.done',
    lecture_id: 'lec-1',
    status: 'delivered',
    created_at: '2025-01-01T00:00:00Z',
    next_attempt_at: null,
    attempts: [{ attempted_at: '2025-01-01T00:00:01Z', status_code: 204, error: null }],
  },
]

function serveWebhooks() {
  return fakeFetch((url, init) => {
    if (url.pathname === '/api/v1/webhooks' && init?.method === 'POST') {
      const { url: target } = JSON.parse(String(init.body)) as { url: string }
      if (target.includes('192.168.')) {
        return { status: 422, body: { detail: 'The URL’s host resolves to a private address (192.168.1.5).' } }
      }
      return { status: 201, body: { id: 'wh-2', url: target, created_at: '2025-02-01T00:00:00Z', secret: 'whsec_secret' } }
    }
    if (url.pathname === '/api/v1/webhooks') return { status: 200, body: [listed] }
    if (url.pathname === '/api/v1/webhooks/wh-1' && init?.method === 'DELETE') return { status: 204 }
    if (url.pathname === '/api/v1/webhooks/wh-1/deliveries') return { status: 200, body: deliveries }
    return undefined
  })
}

function mountWebhooks() {
  return mount(WebhookEndpoints, { global: { stubs: { RouterLink: RouterLinkStub } } })
}

describe('WebhookEndpoints', () => {
  it('shows a new endpoint’s secret once, with a copy button, and lists it without the secret', async () => {
    serveWebhooks()
    const writeText = vi.fn(async () => {})
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } })
    const wrapper = mountWebhooks()
    await flushPromises()
    expect(wrapper.findAll('[data-testid=webhook-row]').map((row) => row.text())).toEqual([
      expect.stringContaining('https://example.org/hook'),
    ])

    await wrapper.get('[data-testid=webhook-url]').setValue('https://ci.example.org/done')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    const shown = wrapper.get('[data-testid=webhook-created]')
    expect(wrapper.get<HTMLInputElement>('[data-testid=webhook-secret]').element.value).toBe('whsec_secret')
    expect(shown.text()).toContain('it will not be shown again')
    await wrapper.get('[data-testid=webhook-copy]').trigger('click')
    await flushPromises()
    expect(writeText).toHaveBeenCalledWith('whsec_secret')
    expect(shown.text()).toContain('Copied')

    const rows = wrapper.findAll('[data-testid=webhook-row]')
    expect(rows.map((row) => row.attributes('data-webhook-id'))).toEqual(['wh-2', 'wh-1'])
    expect(rows[0].text()).not.toContain('whsec_secret')

    await wrapper.get('[data-testid=webhook-done]').trigger('click')
    expect(wrapper.find('[data-testid=webhook-secret]').exists()).toBe(false)
  })

  it('shows why the API refused a URL', async () => {
    serveWebhooks()
    const wrapper = mountWebhooks()
    await flushPromises()
    await wrapper.get('[data-testid=webhook-url]').setValue('http://192.168.1.5/hook')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[data-testid=webhook-error]').text()).toBe('The URL’s host resolves to a private address (192.168.1.5).')
    expect(wrapper.find('[data-testid=webhook-created]').exists()).toBe(false)
    expect(wrapper.findAll('[data-testid=webhook-row]')).toHaveLength(1)
  })

  it('deletes an endpoint after confirmation, and not without', async () => {
    const { calls } = serveWebhooks()
    const confirm = vi.spyOn(window, 'confirm').mockReturnValue(false)
    const wrapper = mountWebhooks()
    await flushPromises()
    await wrapper.get('[data-testid=webhook-delete]').trigger('click')
    await flushPromises()
    expect(calls).not.toContain('DELETE /api/v1/webhooks/wh-1')

    confirm.mockReturnValue(true)
    await wrapper.get('[data-testid=webhook-delete]').trigger('click')
    await flushPromises()
    expect(confirm).toHaveBeenLastCalledWith(expect.stringContaining('https://example.org/hook'))
    expect(calls).toContain('DELETE /api/v1/webhooks/wh-1')
    expect(wrapper.get('[data-testid=webhooks-empty]').text()).toBe('No webhooks yet.')
  })

  it('lists an endpoint’s latest deliveries on request', async () => {
    const { calls } = serveWebhooks()
    const wrapper = mountWebhooks()
    await flushPromises()
    expect(wrapper.find('[data-testid=webhook-deliveries]').exists()).toBe(false)

    await wrapper.get('[data-testid=webhook-deliveries-toggle]').trigger('click')
    await flushPromises()
    expect(calls).toContain('GET /api/v1/webhooks/wh-1/deliveries?limit=20')
    const rows = wrapper.findAll('[data-testid=delivery-row]')
    expect(rows.map((row) => row.attributes('data-status'))).toEqual(['pending', 'delivered'])
    const cells = (index: number) => rows[index].findAll('td').map((cell) => cell.text())
    const [event, lecture, status, attempts, answer, next] = cells(0)
    expect(event).toContain('lecture.failed')
    expect(lecture).toBe('lec-2')
    expect(status).toBe('pending')
    expect(attempts).toBe('2')
    expect(answer).toBe('connection refused')
    expect(next).not.toBe('—')
    expect(cells(1).slice(2)).toEqual(['delivered', '1', '204', '—'])

    await wrapper.get('[data-testid=webhook-deliveries-toggle]').trigger('click')
    expect(wrapper.find('[data-testid=webhook-deliveries]').exists()).toBe(false)
  })
})
