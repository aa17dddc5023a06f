import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { loadSession, sessionLost } from '../composables/useSession'
import { fakeFetch } from '../testing/fakeServer'
import { makeUser } from '../testing/users'
import AdminUsersView from './AdminUsersView.vue'

afterEach(() => {
  sessionLost()
  vi.unstubAllGlobals()
})

const admin = makeUser({ id: 'admin', email: 'admin@example.org', display_name: 'Admin', role: 'admin' })

async function signedInAs(user: typeof admin, users = [admin]) {
  const served = fakeFetch((url, init) => {
    if (url.pathname === '/api/v1/users/me') return { status: 200, body: user }
    if (url.pathname === '/api/v1/users' && init?.method === 'POST') {
      const created = JSON.parse(String(init.body)) as { email: string; display_name: string; role: 'teacher' }
      return { status: 201, body: makeUser({ id: 'new', email: created.email, display_name: created.display_name, role: created.role }) }
    }
    if (url.pathname === '/api/v1/users') return { status: 200, body: users }
    return undefined
  })
  await loadSession()
  return served
}

describe('AdminUsersView', () => {
  it('tells a teacher they are not allowed, without asking for the users', async () => {
    const { calls } = await signedInAs(makeUser())
    const wrapper = mount(AdminUsersView)
    await flushPromises()
    expect(wrapper.get('[data-testid=not-allowed]').text()).toBe('Only an administrator can manage users.')
    expect(calls).toEqual(['GET /api/v1/users/me'])
  })

  it('lets an admin add a teacher, who then appears in the table', async () => {
    const { calls } = await signedInAs(admin)
    const wrapper = mount(AdminUsersView)
    await flushPromises()
    expect(wrapper.findAll('[data-testid=user-row]')).toHaveLength(1)

    await wrapper.get('[data-testid=new-user-email]').setValue('ada@example.org')
    await wrapper.get('[data-testid=new-user-name]').setValue('Ada Lovelace')
    await wrapper.get('[data-testid=new-user-password]').setValue('initial password 1')
    await wrapper.get('[data-testid=new-user-role]').setValue('teacher')
    await wrapper.get('form').trigger('submit')
    await flushPromises()

    expect(calls.at(-1)).toBe('POST /api/v1/users')
    expect(wrapper.get('[data-testid=new-user-added]').text()).toBe('Added ada@example.org.')
    expect(wrapper.findAll('[data-testid=user-row]').map((row) => row.attributes('data-user-email'))).toEqual([
      'admin@example.org',
      'ada@example.org',
    ])
  })
})
