import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory } from 'vue-router'
import { listLectures } from './api/client'
import { afterSignIn, sessionLost, useSession } from './composables/useSession'
import { createAppRouter } from './router'
import { fakeFetch } from './testing/fakeServer'
import { makeUser } from './testing/users'

afterEach(() => {
  sessionLost()
  vi.unstubAllGlobals()
})

describe('the sign-in guard', () => {
  it('sends a person who is not signed in to the login page, remembering where they were going', async () => {
    const { calls } = fakeFetch(() => ({ status: 401, body: { detail: 'Not authenticated' } }))
    const router = createAppRouter(createMemoryHistory())
    await router.push('/lectures/lec-1?tab=glossary')
    expect(router.currentRoute.value.name).toBe('login')
    expect(router.currentRoute.value.query.redirect).toBe('/lectures/lec-1?tab=glossary')
    expect(calls).toEqual(['GET /api/v1/users/me'])
  })

  it('lets a signed-in person through and asks who they are only once', async () => {
    const { calls } = fakeFetch((url) => (url.pathname === '/api/v1/users/me' ? { status: 200, body: makeUser() } : undefined))
    const router = createAppRouter(createMemoryHistory())
    await router.push('/account')
    await router.push('/')
    expect(router.currentRoute.value.name).toBe('dashboard')
    expect(useSession().user.value?.email).toBe('ada@example.org')
    expect(calls).toEqual(['GET /api/v1/users/me'])
  })

  it('shows the page when the API cannot say who is signed in, rather than a misleading login form', async () => {
    fakeFetch(() => ({ status: 503, body: { detail: 'database unavailable' } }))
    const router = createAppRouter(createMemoryHistory())
    await router.push('/account')
    expect(router.currentRoute.value.name).toBe('account')
  })

  it('goes to the login page when a later call answers 401 (the session expired)', async () => {
    let expired = false
    fakeFetch((url) => {
      if (expired) return { status: 401, body: { detail: 'Session expired' } }
      if (url.pathname === '/api/v1/users/me') return { status: 200, body: makeUser() }
      return undefined
    })
    const router = createAppRouter(createMemoryHistory())
    await router.push('/lectures/lec-1')

    expired = true
    await expect(listLectures()).rejects.toMatchObject({ status: 401 })
    await flushPromises()
    expect(router.currentRoute.value.name).toBe('login')
    expect(router.currentRoute.value.query.redirect).toBe('/lectures/lec-1')
    expect(useSession().user.value).toBeNull()
  })

  it('leaves the login page alone when a stray call answers 401 there', async () => {
    fakeFetch(() => ({ status: 401, body: { detail: 'Not authenticated' } }))
    const router = createAppRouter(createMemoryHistory())
    await router.push('/login')
    await expect(listLectures()).rejects.toMatchObject({ status: 401 })
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/login')
  })
})

describe('afterSignIn', () => {
  it('returns to a path inside the app, and nowhere else', () => {
    expect(afterSignIn('/lectures/lec-1?x=1')).toBe('/lectures/lec-1?x=1')
    expect(afterSignIn(undefined)).toBe('/')
    expect(afterSignIn(['/account', '/'])).toBe('/')
    expect(afterSignIn('https://evil.example/')).toBe('/')
    expect(afterSignIn('//evil.example/')).toBe('/')
    expect(afterSignIn('/\\evil.example/')).toBe('/')
    expect(afterSignIn('/login?redirect=%2F')).toBe('/')
  })
})
