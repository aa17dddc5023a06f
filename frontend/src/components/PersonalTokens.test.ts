import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { PersonalToken } from '../api/types'
import { fakeFetch } from '../testing/fakeServer'
import PersonalTokens from './PersonalTokens.vue'

afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

const listed: PersonalToken = { id: 'tok-1', name: 'laptop', created_at: '2025-01-01T00:00:00Z', last_used_at: null }

function serveTokens() {
  return fakeFetch((url, init) => {
    if (url.pathname === '/api/v1/users/me/tokens' && init?.method === 'POST') {
      const { name } = JSON.parse(String(init.body)) as { name: string }
      return { status: 201, body: { id: 'tok-2', name, created_at: '2025-02-01T00:00:00Z', last_used_at: null, token: 'kpt_secret' } }
    }
    if (url.pathname === '/api/v1/users/me/tokens') return { status: 200, body: [listed] }
    if (url.pathname === '/api/v1/users/me/tokens/tok-1' && init?.method === 'DELETE') return { status: 204 }
    return undefined
  })
}

describe('PersonalTokens', () => {
  it('shows a new token’s secret once, with a copy button, and lists it without the secret', async () => {
    serveTokens()
    const writeText = vi.fn(async () => {})
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } })
    const wrapper = mount(PersonalTokens)
    await flushPromises()
    expect(wrapper.findAll('[data-testid=token-row]').map((row) => row.text())).toEqual([expect.stringContaining('laptop')])

    await wrapper.get('[data-testid=token-name]').setValue('CI script')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    const shown = wrapper.get('[data-testid=token-created]')
    expect(wrapper.get<HTMLInputElement>('[data-testid=token-secret]').element.value).toBe('kpt_secret')
    expect(shown.text()).toContain('it will not be shown again')
    await wrapper.get('[data-testid=token-copy]').trigger('click')
    await flushPromises()
    expect(writeText).toHaveBeenCalledWith('kpt_secret')
    expect(shown.text()).toContain('Copied')

    const rows = wrapper.findAll('[data-testid=token-row]')
    expect(rows.map((row) => row.attributes('data-token-id'))).toEqual(['tok-2', 'tok-1'])
    expect(rows[0].text()).not.toContain('kpt_secret')

    await wrapper.get('[data-testid=token-created] button:last-child').trigger('click')
    expect(wrapper.find('[data-testid=token-secret]').exists()).toBe(false)
  })

  it('revokes a token after confirmation', async () => {
    const { calls } = serveTokens()
    vi.spyOn(window, 'confirm').mockReturnValue(true)
    const wrapper = mount(PersonalTokens)
    await flushPromises()
    await wrapper.get('[data-testid=token-revoke]').trigger('click')
    await flushPromises()
    expect(calls).toContain('DELETE /api/v1/users/me/tokens/tok-1')
    expect(wrapper.get('[data-testid=tokens-empty]').text()).toBe('No tokens yet.')
  })
})
