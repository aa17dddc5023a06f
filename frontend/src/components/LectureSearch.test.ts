import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent } from 'vue'
import { createMemoryHistory, createRouter } from 'vue-router'
import type { SearchResult } from '../api/types'
import { SEARCH_DEBOUNCE_MS } from '../composables/useSearch'
import { fakeFetch } from '../testing/fakeServer'
import LectureSearch from './LectureSearch.vue'

beforeEach(() => vi.useFakeTimers())
afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

const hit: SearchResult = {
  lecture_id: 'lec-1',
  lecture_title: 'Computer networks',
  kind: 'segment',
  start: 42.7,
  snippet: [
    { text: 'and then <b>', match: false },
    { text: 'TCP', match: true },
    { text: '</b> retransmits', match: false },
  ],
  score: 3.2,
}

function serveSearch(items: SearchResult[] = [hit]) {
  return fakeFetch((url) =>
    url.pathname === '/api/v1/search' ? { status: 200, body: { items, total: items.length, limit: 20, offset: 0 } } : undefined,
  )
}

const Blank = defineComponent({ render: () => null })

async function mountSearch() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', name: 'dashboard', component: Blank },
      { path: '/lectures/:id', name: 'lecture', component: Blank },
    ],
  })
  await router.push('/')
  const wrapper = mount(LectureSearch, { global: { plugins: [router] } })
  return { wrapper, router }
}

async function settle(): Promise<void> {
  await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS)
  await flushPromises()
}

describe('LectureSearch', () => {
  it('waits for typing to pause, and asks nothing for fewer than two characters', async () => {
    const { calls } = serveSearch()
    const { wrapper } = await mountSearch()
    const input = wrapper.get('[data-testid=search-input]')

    await input.setValue('t')
    await settle()
    expect(calls).toEqual([])
    expect(wrapper.emitted('active')).toBeUndefined()

    await input.setValue('tc')
    await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS - 50)
    await input.setValue('tcp')
    await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS - 50)
    expect(calls).toEqual([])
    expect(wrapper.get('[data-testid=search-pending]').text()).toBe('Searching…')
    await settle()
    expect(calls).toEqual(['GET /api/v1/search?q=tcp&limit=20&offset=0'])
    expect(wrapper.emitted('active')).toEqual([[true]])
    expect(wrapper.findAll('[data-testid=search-result]')).toHaveLength(1)

    await input.setValue('')
    await settle()
    expect(wrapper.emitted('active')).toEqual([[true], [false]])
    expect(wrapper.find('[data-testid=search-result]').exists()).toBe(false)
  })

  it('searches at once on Enter', async () => {
    const { calls } = serveSearch()
    const { wrapper } = await mountSearch()
    const input = wrapper.get('[data-testid=search-input]')
    await input.setValue('tcp window')
    await input.trigger('keydown', { key: 'Enter' })
    await flushPromises()
    expect(calls).toEqual(['GET /api/v1/search?q=tcp+window&limit=20&offset=0'])
    await settle()
    expect(calls).toHaveLength(1)
  })

  it('shows the title, kind and time, and marks the matches in a snippet kept as plain text', async () => {
    serveSearch()
    const { wrapper } = await mountSearch()
    await wrapper.get('[data-testid=search-input]').setValue('tcp')
    await settle()
    const result = wrapper.get('[data-testid=search-result]')
    expect(result.text()).toContain('Computer networks')
    expect(result.text()).toContain('transcript')
    expect(result.text()).toContain('0:42')

    const snippet = wrapper.get('[data-testid=search-snippet]')
    expect(snippet.findAll('mark').map((mark) => mark.text())).toEqual(['TCP'])
    expect(snippet.find('b').exists()).toBe(false)
    expect(snippet.text()).toBe('and then <b>TCP</b> retransmits')
    expect(snippet.html()).toContain('&lt;b&gt;')
  })

  it('opens the lecture at the passage’s time on click', async () => {
    serveSearch([hit, { ...hit, lecture_id: 'lec-2', kind: 'summary', start: null }])
    const { wrapper, router } = await mountSearch()
    await wrapper.get('[data-testid=search-input]').setValue('tcp')
    await settle()
    const links = wrapper.findAll('[data-testid=search-result] a')
    expect(links.map((link) => link.attributes('href'))).toEqual(['/lectures/lec-1?t=42', '/lectures/lec-2'])

    await links[0].trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.name).toBe('lecture')
    expect(router.currentRoute.value.params.id).toBe('lec-1')
    expect(router.currentRoute.value.query.t).toBe('42')
  })

  it('says so when nothing matched, and shows errors in plain words', async () => {
    serveSearch([])
    const { wrapper } = await mountSearch()
    const input = wrapper.get('[data-testid=search-input]')
    await input.setValue('nothing here')
    await settle()
    expect(wrapper.get('[data-testid=search-empty]').text()).toBe('No passages found.')

    fakeFetch(() => ({ status: 422, body: { detail: 'The query is longer than 200 characters.' } }))
    await input.setValue('too long')
    await settle()
    expect(wrapper.get('[data-testid=search-error]').text()).toBe('Could not search: The query is longer than 200 characters.')

    fakeFetch(() => ({ status: 501, body: { detail: 'SearchUnavailable: gel' } }))
    await input.setValue('no index')
    await settle()
    expect(wrapper.get('[data-testid=search-error]').text()).toBe('Search is not available on this server.')
  })
})
