import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import GlossaryTable from './GlossaryTable.vue'

const terms = [
  { term: 'Router', definition: 'Forwards packets between networks', quote: 'a router forwards', start: 42, end: 48 },
  { term: 'Bandwidth', definition: 'How much data a link carries per second', quote: '', start: 7.5, end: 12 },
]

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
})
