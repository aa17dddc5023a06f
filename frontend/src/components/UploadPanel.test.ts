import { RouterLinkStub, flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { fakeXhr } from '../testing/fakeServer'
import { makeLecture } from '../testing/lectures'
import UploadPanel from './UploadPanel.vue'

afterEach(() => vi.unstubAllGlobals())

function choose(input: HTMLInputElement, files: File[]): void {
  const list = Object.assign([...files], { item: (index: number) => files[index] })
  Object.defineProperty(input, 'files', { value: list, configurable: true })
  input.dispatchEvent(new Event('change'))
}

describe('UploadPanel', () => {
  it("uploads every chosen file with the fields and shows the server's rejection", async () => {
    const { sent } = fakeXhr((form) =>
      (form.get('file') as File).name === 'notes.mp3'
        ? { status: 415, body: { detail: 'The file is not audio or video' } }
        : { status: 202, body: makeLecture({ id: 'new', title: 'Week 1 (1)', status: 'queued' }) },
    )
    const wrapper = mount(UploadPanel, {
      props: { templates: ['default', 'exam'] },
      global: { stubs: { RouterLink: RouterLinkStub } },
    })
    await wrapper.get('input[type=text]').setValue('Week 1')
    await wrapper.findAll('select')[1].setValue('exam')
    choose(wrapper.get<HTMLInputElement>('[data-testid=upload-input]').element, [
      new File(['ID3'], 'lecture.mp3', { type: 'audio/mpeg' }),
      new File(['hello'], 'notes.mp3', { type: 'audio/mpeg' }),
    ])
    await flushPromises()

    expect(sent.map((form) => [form.get('title'), form.get('template'), form.get('language')])).toEqual([
      ['Week 1 (1)', 'exam', 'auto'],
      ['Week 1 (2)', 'exam', 'auto'],
    ])
    const items = wrapper.findAll('[data-testid=upload-item]')
    expect(items.map((item) => item.attributes('data-state')).sort()).toEqual(['accepted', 'rejected'])
    expect(wrapper.get('[data-testid=upload-error]').text()).toContain('The file is not audio or video')
    expect(wrapper.emitted('accepted')).toHaveLength(1)
  })
})
