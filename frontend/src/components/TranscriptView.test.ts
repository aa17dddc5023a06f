import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import { ApiError } from '../api/client'
import { makeSegment } from '../testing/lectures'
import TranscriptView from './TranscriptView.vue'

const segments = [
  makeSegment(0, { start: 0, end: 5, text: 'Welcome to networks.' }),
  makeSegment(1, { start: 5, end: 11, text: 'A protocol is a set of rules.' }),
  makeSegment(2, { start: 11, end: 16, text: 'Routers forward packets.' }),
]
const shown = { currentTime: 0, playing: false, growing: false }

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

  it('offers no correction without a way to save one', () => {
    const wrapper = mount(TranscriptView, { props: { segments, ...shown } })
    expect(wrapper.find('[data-testid=segment-edit]').exists()).toBe(false)
  })

  it('saves a corrected segment with Enter and shows who corrected one', async () => {
    const correct = vi.fn().mockResolvedValue(undefined)
    const edited = makeSegment(1, {
      text: 'A protocol is an agreed set of rules.',
      edited_by: 'u-1',
      edited_by_name: 'Ada',
      edited_at: '2025-01-02T10:00:00Z',
    })
    const wrapper = mount(TranscriptView, {
      props: { segments: [segments[0], edited], ...shown, correct },
      attachTo: document.body,
    })
    expect(wrapper.findAll('[data-testid=edited-mark]').map((mark) => mark.text())).toEqual([
      expect.stringContaining('edited by Ada'),
    ])
    expect(wrapper.get('.text').element.textContent).toBe('Welcome to networks.')

    await wrapper.findAll('[data-testid=segment-edit]')[0].trigger('click')
    const editor = wrapper.get<HTMLTextAreaElement>('[data-testid=segment-editor]')
    expect(editor.element.value).toBe('Welcome to networks.')
    expect(document.activeElement).toBe(editor.element)
    await editor.setValue('Welcome to computer networks.')
    await editor.trigger('keydown', { key: 'Enter' })
    await flushPromises()

    expect(correct).toHaveBeenCalledWith(0, 'Welcome to computer networks.')
    expect(wrapper.find('[data-testid=segment-editor]').exists()).toBe(false)
    expect(wrapper.emitted('seek')).toBeUndefined()
    wrapper.unmount()
  })

  it('cancels with Escape and keeps the editor open with the reason when saving fails', async () => {
    const correct = vi.fn().mockRejectedValue(new ApiError(409, 'The lecture is processing right now.'))
    const wrapper = mount(TranscriptView, { props: { segments, ...shown, correct } })

    await wrapper.findAll('[data-testid=segment-edit]')[2].trigger('click')
    await wrapper.get('[data-testid=segment-editor]').trigger('keydown', { key: 'Escape' })
    expect(wrapper.find('[data-testid=segment-editor]').exists()).toBe(false)
    expect(correct).not.toHaveBeenCalled()

    await wrapper.findAll('[data-testid=segment-edit]')[2].trigger('click')
    await wrapper.get('[data-testid=segment-save]').trigger('submit')
    await flushPromises()
    expect(correct).toHaveBeenCalledWith(2, 'Routers forward packets.')
    expect(wrapper.find('[data-testid=segment-editor]').exists()).toBe(true)
    expect(wrapper.get('[role=alert]').text()).toBe(
      'Could not save the correction: The lecture is processing right now.',
    )
  })
})
