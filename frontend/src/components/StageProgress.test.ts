import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { makeLecture } from '../testing/lectures'
import StageProgress from './StageProgress.vue'

describe('StageProgress', () => {
  it('marks finished, current and pending stages and shows the ETA', () => {
    const lecture = makeLecture({ status: 'processing', stage: 'glossary', progress: 0.72 })
    const wrapper = mount(StageProgress, { props: { lecture, remainingSeconds: 130 } })
    const steps = wrapper.findAll('li')
    expect(steps.map((step) => step.classes()[0])).toEqual(['complete', 'current', 'pending'])
    expect(steps[1].attributes('aria-current')).toBe('step')
    expect(wrapper.get('[role=progressbar]').attributes('aria-valuenow')).toBe('72')
    expect(wrapper.text()).toContain('72%')
    expect(wrapper.text()).toContain('about 3 min left')
  })

  it('says it is estimating before a rate is known, and shows no ETA while queued', () => {
    const processing = makeLecture({ status: 'processing', stage: 'transcribing', progress: 0.01 })
    expect(mount(StageProgress, { props: { lecture: processing, remainingSeconds: null } }).text()).toContain(
      'estimating',
    )
    const queued = makeLecture({ status: 'queued', stage: 'queued', progress: 0 })
    const wrapper = mount(StageProgress, { props: { lecture: queued, remainingSeconds: null } })
    expect(wrapper.text()).not.toContain('estimating')
    expect(wrapper.findAll('li.pending')).toHaveLength(3)
  })
})
