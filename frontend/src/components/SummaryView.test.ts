import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import SummaryView from './SummaryView.vue'

describe('SummaryView', () => {
  it('renders the summary Markdown without anything executable', () => {
    const summary = {
      template: 'default',
      language: 'en',
      markdown: '## Key points\n\n- **TCP** is reliable\n\n<img src=x onerror="alert(1)">',
      sections: {},
    }
    const wrapper = mount(SummaryView, { props: { summary, status: 'done' } })
    const article = wrapper.get('[data-testid=summary]')
    expect(article.get('h2').text()).toBe('Key points')
    expect(article.get('li strong').text()).toBe('TCP')
    expect(article.html()).not.toContain('onerror')
  })

  it('says the summary is coming while the lecture is processed', () => {
    const wrapper = mount(SummaryView, { props: { summary: null, status: 'processing' } })
    expect(wrapper.find('[data-testid=summary]').exists()).toBe(false)
    expect(wrapper.text()).toContain('written after the transcript')
  })
})
