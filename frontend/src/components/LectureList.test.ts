import { RouterLinkStub, flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '../api/client'
import { makeLecture } from '../testing/lectures'
import LectureList from './LectureList.vue'

afterEach(() => vi.restoreAllMocks())

function mountList(props: Partial<InstanceType<typeof LectureList>['$props']> = {}) {
  return mount(LectureList, {
    props: {
      lectures: [],
      total: 0,
      loaded: true,
      error: null,
      hasMore: false,
      remainingSeconds: () => null,
      retry: vi.fn(async () => {}),
      cancel: vi.fn(async () => {}),
      remove: vi.fn(async () => {}),
      noWorker: false,
      ...props,
    },
    global: { stubs: { RouterLink: RouterLinkStub } },
  })
}

describe('LectureList', () => {
  it('shows loading, empty and error states', () => {
    expect(mountList({ loaded: false }).text()).toContain('Loading lectures')
    expect(mountList().text()).toContain('No lectures yet')
    const failed = mountList({ error: new ApiError(500, 'database is down') })
    expect(failed.get('[role=alert]').text()).toContain('database is down')
  })

  it('renders one row per lecture with the API status and the test hooks', () => {
    const wrapper = mountList({
      lectures: [
        makeLecture({ id: 'a', status: 'processing', stage: 'transcribing', progress: 0.3 }),
        makeLecture({ id: 'b' }),
      ],
      total: 2,
    })
    const rows = wrapper.findAll('[data-testid=lecture-row]')
    expect(rows.map((row) => row.attributes('data-lecture-id'))).toEqual(['a', 'b'])
    expect(rows.map((row) => row.get('[data-testid=lecture-status]').text())).toEqual(['processing', 'done'])
    expect(rows[0].find('[role=progressbar]').exists()).toBe(true)
    expect(rows[1].find('[role=progressbar]').exists()).toBe(false)
    expect(rows[1].text()).toContain('1:59')
    expect(rows[1].text()).toContain('English')
  })

  it('shows the error and a Retry button for a failed lecture', async () => {
    const retry = vi.fn(async () => {})
    const wrapper = mountList({ lectures: [makeLecture({ status: 'failed', error: 'ffmpeg could not decode' })], retry })
    expect(wrapper.text()).toContain('ffmpeg could not decode')
    await wrapper.get('button:not(.danger)').trigger('click')
    expect(retry).toHaveBeenCalledWith('lec-1')
  })

  it('offers Cancel only while a lecture is queued or processing', async () => {
    const cancel = vi.fn(async () => {})
    const wrapper = mountList({
      lectures: [makeLecture({ id: 'running', status: 'processing', stage: 'transcribing' }), makeLecture({ id: 'finished' })],
      cancel,
    })
    const [running, finished] = wrapper.findAll('[data-testid=lecture-row]')
    expect(finished.find('button.cancel').exists()).toBe(false)
    await running.get('button.cancel').trigger('click')
    expect(cancel).toHaveBeenCalledWith('running')
  })

  it('deletes only after confirmation and reports a failed delete on the row', async () => {
    const remove = vi.fn(async () => {
      throw new ApiError(409, 'Lecture is being processed')
    })
    const confirm = vi.spyOn(window, 'confirm').mockReturnValueOnce(false).mockReturnValueOnce(true)
    const wrapper = mountList({ lectures: [makeLecture()], remove })

    await wrapper.get('button.danger').trigger('click')
    expect(remove).not.toHaveBeenCalled()
    await wrapper.get('button.danger').trigger('click')
    await flushPromises()
    expect(confirm).toHaveBeenCalledTimes(2)
    expect(remove).toHaveBeenCalledWith('lec-1')
    expect(wrapper.get('[data-testid=lecture-row] [role=alert]').text()).toBe('Lecture is being processed')
  })

  it('says a queued lecture waits for a worker when none is alive, and only then', () => {
    const lectures = [
      makeLecture({ id: 'q', status: 'queued', stage: 'queued', progress: 0 }),
      makeLecture({ id: 'p', status: 'processing', stage: 'transcribing', progress: 0.2 }),
    ]
    const waiting = (wrapper: ReturnType<typeof mountList>) =>
      wrapper
        .findAll('[data-testid=lecture-row]')
        .filter((row) => row.find('[data-testid=waiting-for-worker]').exists())
        .map((row) => row.attributes('data-lecture-id'))

    const alone = mountList({ lectures, noWorker: true })
    expect(waiting(alone)).toEqual(['q'])
    expect(alone.get('[data-testid=waiting-for-worker]').text()).toBe(
      'Waiting for a worker: none is running, so processing has not started.',
    )
    expect(waiting(mountList({ lectures, noWorker: false }))).toEqual([])
  })
})
