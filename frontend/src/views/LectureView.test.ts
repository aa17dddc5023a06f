import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { createMemoryHistory, RouterView } from 'vue-router'
import { sessionLost } from '../composables/useSession'
import { createAppRouter, startSeconds } from '../router'
import { fakeFetch } from '../testing/fakeServer'
import { makeLecture, makeSegment } from '../testing/lectures'
import { makeUser } from '../testing/users'

afterEach(() => {
  sessionLost()
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

function serveLecture() {
  return fakeFetch((url) => {
    switch (url.pathname) {
      case '/api/v1/users/me':
        return { status: 200, body: makeUser() }
      case '/api/v1/lectures/lec-1':
        return { status: 200, body: makeLecture() }
      case '/api/v1/lectures/lec-1/transcript':
        return { status: 200, body: { segments: [makeSegment(0), makeSegment(1)] } }
      case '/api/v1/lectures/lec-1/glossary':
        return { status: 200, body: { terms: [] } }
      case '/api/v1/workers':
        return { status: 200, body: { items: [] } }
      default:
        return undefined
    }
  })
}

async function openAt(path: string) {
  const play = vi.spyOn(HTMLMediaElement.prototype, 'play').mockResolvedValue(undefined)
  const router = createAppRouter(createMemoryHistory())
  await router.push(path)
  const App = defineComponent({ render: () => h(RouterView) })
  const wrapper = mount(App, { global: { plugins: [router] } })
  await flushPromises()
  await flushPromises()
  return { wrapper, play, audio: wrapper.get<HTMLAudioElement>('[data-testid=audio-player]').element }
}

describe('LectureView', () => {
  it('seeks the player to ?t= on load', async () => {
    serveLecture()
    const { audio, play } = await openAt('/lectures/lec-1?t=42')
    expect(audio.currentTime).toBe(42)
    expect(play).toHaveBeenCalledOnce()
  })

  it('leaves the player at the start without ?t=', async () => {
    serveLecture()
    const { audio, play } = await openAt('/lectures/lec-1')
    expect(audio.currentTime).toBe(0)
    expect(play).not.toHaveBeenCalled()
  })
})

describe('startSeconds', () => {
  it('reads seconds from ?t=, and ignores what is not a time', () => {
    expect(startSeconds({ t: '42' })).toBe(42)
    expect(startSeconds({ t: '12.5' })).toBe(12.5)
    expect(startSeconds({ t: ['7', '9'] })).toBe(7)
    expect(startSeconds({})).toBeUndefined()
    expect(startSeconds({ t: '' })).toBeUndefined()
    expect(startSeconds({ t: 'soon' })).toBeUndefined()
    expect(startSeconds({ t: '-3' })).toBeUndefined()
  })
})
