import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import TranscriptView from './TranscriptView.vue'

const segments = [
  { start: 0, end: 5, text: 'Welcome to networks.' },
  { start: 5, end: 11, text: 'A protocol is a set of rules.' },
  { start: 11, end: 16, text: 'Routers forward packets.' },
]

describe('TranscriptView', () => {
  it('highlights the segment being spoken', async () => {
    const wrapper = mount(TranscriptView, { props: { segments, currentTime: 6, playing: false, growing: false } })
    const active = () => wrapper.findAll('[data-testid=transcript-segment]').map((line) => line.classes('active'))
    expect(active()).toEqual([false, true, false])
    await wrapper.setProps({ currentTime: 12 })
    expect(active()).toEqual([false, false, true])
  })

  it('highlights nothing before the recording is played', async () => {
    const wrapper = mount(TranscriptView, { props: { segments, currentTime: 0, playing: false, growing: false } })
    expect(wrapper.findAll('.active')).toHaveLength(0)
    await wrapper.setProps({ playing: true })
    expect(wrapper.findAll('[data-testid=transcript-segment]')[0].classes('active')).toBe(true)
  })

  it('seeks to a segment clicked anywhere on it or on its time', async () => {
    const wrapper = mount(TranscriptView, { props: { segments, currentTime: 0, playing: false, growing: false } })
    const lines = wrapper.findAll('[data-testid=transcript-segment]')
    await lines[2].trigger('click')
    await lines[1].get('button').trigger('click')
    expect(wrapper.emitted('seek')).toEqual([[11], [5]])
  })

  it('explains an empty or growing transcript', () => {
    const empty = mount(TranscriptView, { props: { segments: [], currentTime: 0, playing: false, growing: true } })
    expect(empty.text()).toContain('grows as it is processed')
    expect(empty.text()).toContain('will appear here')
    const none = mount(TranscriptView, { props: { segments: [], currentTime: 0, playing: false, growing: false } })
    expect(none.text()).toContain('There is no transcript.')
  })
})
