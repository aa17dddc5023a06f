import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { h } from 'vue'
import { RouterView, createMemoryHistory } from 'vue-router'
import { sessionLost, useSession } from '../composables/useSession'
import { createAppRouter } from '../router'
import { fakeFetch, type Handler } from '../testing/fakeServer'
import { makeUser } from '../testing/users'

afterEach(() => {
  sessionLost()
  vi.unstubAllGlobals()
})

async function openLogin(path: string, handler: Handler) {
  const served = fakeFetch(handler)
  const router = createAppRouter(createMemoryHistory())
  await router.push(path)
  const wrapper = mount({ render: () => h(RouterView) }, { global: { plugins: [router] } })
  await flushPromises()
  return { wrapper, router, ...served }
}

async function signInWith(wrapper: Awaited<ReturnType<typeof openLogin>>['wrapper'], email: string, password: string) {
  await wrapper.get('[data-testid=login-email]').setValue(email)
  await wrapper.get('[data-testid=login-password]').setValue(password)
  await wrapper.get('form').trigger('submit')
  await flushPromises()
}

describe('LoginView', () => {
  it('signs in with a form-encoded body and goes where the person was going', async () => {
    const bodies: string[] = []
    const { wrapper, router, calls } = await openLogin('/login?redirect=/account', (url, init) => {
      if (url.pathname === '/api/v1/login/access-token') {
        bodies.push(String(init?.body))
        return { status: 200, body: { access_token: 'not kept', token_type: 'bearer' } }
      }
      if (url.pathname === '/api/v1/users/me') return { status: 200, body: makeUser() }
      if (url.pathname === '/api/v1/users/me/tokens') return { status: 200, body: [] }
      return undefined
    })
    await signInWith(wrapper, ' ada@example.org ', 'correct horse battery')

    expect(bodies).toEqual([new URLSearchParams({ username: 'ada@example.org', password: 'correct horse battery' }).toString()])
    expect(calls.slice(0, 2)).toEqual(['POST /api/v1/login/access-token', 'GET /api/v1/users/me'])
    // The account page is loaded on demand, which takes longer than a round of promises.
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/account'))
    expect(useSession().user.value?.display_name).toBe('Ada Lovelace')
    expect(window.localStorage.length).toBe(0)
  })

  it('goes to the dashboard without a redirect', async () => {
    const { wrapper, router } = await openLogin('/login', (url) => {
      if (url.pathname === '/api/v1/login/access-token') return { status: 200, body: { access_token: 't', token_type: 'bearer' } }
      if (url.pathname === '/api/v1/users/me') return { status: 200, body: makeUser() }
      if (url.pathname === '/api/v1/lectures') return { status: 200, body: { items: [], total: 0, limit: 25, offset: 0 } }
      return { status: 200, body: { names: [], items: [] } }
    })
    await signInWith(wrapper, 'ada@example.org', 'correct horse battery')
    expect(router.currentRoute.value.name).toBe('dashboard')
  })

  it.each([
    [400, 'Wrong email or password.'],
    [429, 'Too many failed sign-ins; try again in 30 s.'],
  ])("shows the API's detail on %i and stays on the page", async (status, detail) => {
    const { wrapper, router } = await openLogin('/login?redirect=/account', (url) =>
      url.pathname === '/api/v1/login/access-token' ? { status, body: { detail } } : { status: 401, body: { detail: 'no' } },
    )
    await signInWith(wrapper, 'ada@example.org', 'wrong')

    expect(wrapper.get('[data-testid=login-error]').text()).toBe(detail)
    expect(wrapper.get<HTMLInputElement>('[data-testid=login-password]').element.value).toBe('')
    expect(router.currentRoute.value.fullPath).toBe('/login?redirect=/account')
    expect(useSession().user.value).toBeNull()
  })
})
