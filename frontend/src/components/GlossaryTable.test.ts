import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '../api/client'
import { makeEntry } from '../testing/lectures'
import GlossaryTable from './GlossaryTable.vue'

const terms = [
  makeEntry({
    id: 'router',
    term: 'Router',
    definition: 'Forwards packets between networks',
    quote: 'a router forwards',
    start: 42,
    end: 48,
  }),
  makeEntry({
    id: 'bandwidth',
    term: 'Bandwidth',
    definition: 'How much data a link carries per second',
    quote: '',
    start: 7.5,
    end: 12,
    edited_by: 'u-1',
    edited_by_name: 'Ada',
    edited_at: '2025-01-02T10:00:00Z',
  }),
]

function corrections() {
  return {
    add: vi.fn().mockResolvedValue(undefined),
    edit: vi.fn().mockResolvedValue(undefined),
    remove: vi.fn().mockResolvedValue(undefined),
  }
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('GlossaryTable', () => {
  it('lists terms alphabetically and seeks to where a term is defined', async () => {
    const wrapper = mount(GlossaryTable, { props: { terms } })
    const buttons = wrapper.findAll('[data-testid=glossary-term]')
    expect(buttons.map((button) => button.text())).toEqual(['Bandwidth0:07', 'Router0:42'])
    await buttons[1].trigger('click')
    expect(wrapper.emitted('seek')).toEqual([[42]])
  })

  it('filters by term and definition', async () => {
    const wrapper = mount(GlossaryTable, { props: { terms } })
    await wrapper.get('input[type=search]').setValue('packets')
    expect(wrapper.findAll('[data-testid=glossary-term]').map((button) => button.text())).toEqual(['Router0:42'])
    await wrapper.get('input[type=search]').setValue('latency')
    expect(wrapper.findAll('[data-testid=glossary-term]')).toHaveLength(0)
    expect(wrapper.text()).toContain('No term matches “latency”')
  })

  it('is read-only without corrections, and says who edited an entry', () => {
    const wrapper = mount(GlossaryTable, { props: { terms } })
    expect(wrapper.find('[data-testid=glossary-add]').exists()).toBe(false)
    expect(wrapper.find('[data-testid=glossary-edit]').exists()).toBe(false)
    expect(wrapper.get('[data-testid=edited-mark]').text()).toContain('edited by Ada')
  })

  it('adds a term', async () => {
    const calls = corrections()
    const wrapper = mount(GlossaryTable, { props: { terms: [], corrections: calls } })
    await wrapper.get('[data-testid=glossary-add]').trigger('click')
    await wrapper.get('[data-testid=glossary-form-term]').setValue('Latency')
    await wrapper.get('[data-testid=glossary-form-definition]').setValue('How long a packet takes')
    await wrapper.get('[data-testid=glossary-form]').trigger('submit')
    await flushPromises()
    expect(calls.add).toHaveBeenCalledWith({ term: 'Latency', definition: 'How long a packet takes' })
    expect(wrapper.find('[data-testid=glossary-form]').exists()).toBe(false)
  })

  it('edits an entry in its row, and Escape closes the form', async () => {
    const calls = corrections()
    const wrapper = mount(GlossaryTable, { props: { terms, corrections: calls } })
    await wrapper.findAll('[data-testid=glossary-edit]')[1].trigger('click')
    expect(wrapper.get<HTMLInputElement>('[data-testid=glossary-form-term]').element.value).toBe('Router')
    await wrapper.get('[data-testid=glossary-form-definition]').setValue('Forwards packets')
    await wrapper.get('[data-testid=glossary-form]').trigger('submit')
    await flushPromises()
    expect(calls.edit).toHaveBeenCalledWith('router', { term: 'Router', definition: 'Forwards packets' })

    await wrapper.findAll('[data-testid=glossary-edit]')[0].trigger('click')
    await wrapper.get('[data-testid=glossary-form]').trigger('keydown', { key: 'Escape' })
    expect(wrapper.find('[data-testid=glossary-form]').exists()).toBe(false)
  })

  it('deletes an entry once confirmed, and shows why a change was refused', async () => {
    const calls = corrections()
    calls.remove.mockRejectedValueOnce(new ApiError(409, 'The lecture is queued right now.'))
    const confirm = vi.spyOn(window, 'confirm').mockReturnValueOnce(false).mockReturnValue(true)
    const wrapper = mount(GlossaryTable, { props: { terms, corrections: calls } })

    await wrapper.findAll('[data-testid=glossary-delete]')[0].trigger('click')
    expect(calls.remove).not.toHaveBeenCalled()
    await wrapper.findAll('[data-testid=glossary-delete]')[0].trigger('click')
    await flushPromises()

    expect(confirm).toHaveBeenLastCalledWith(expect.stringContaining('Delete “Bandwidth” from the glossary?'))
    expect(calls.remove).toHaveBeenCalledWith('bandwidth')
    expect(wrapper.get('[role=alert]').text()).toBe('Could not save the correction: The lecture is queued right now.')
  })
})
