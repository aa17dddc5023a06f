import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import { ApiError } from '../api/client'
import { makeUser } from '../testing/users'
import UsersTable from './UsersTable.vue'

const admin = makeUser({ id: 'admin', email: 'admin@example.org', display_name: 'Admin', role: 'admin' })
const teacher = makeUser({ id: 't1', email: 'ada@example.org', display_name: 'Ada Lovelace' })
const former = makeUser({ id: 't2', email: 'old@example.org', display_name: 'Old Teacher', is_active: false })

function mountTable(props: Partial<InstanceType<typeof UsersTable>['$props']> = {}) {
  return mount(UsersTable, {
    props: {
      users: [admin, teacher, former],
      currentUserId: 'admin',
      setActive: vi.fn(async () => {}),
      setPassword: vi.fn(async () => {}),
      ...props,
    },
  })
}

function row(wrapper: ReturnType<typeof mountTable>, email: string) {
  return wrapper.get(`[data-testid=user-row][data-user-email="${email}"]`)
}

describe('UsersTable', () => {
  it('shows every user with email, name, role and whether active', () => {
    const wrapper = mountTable()
    const rows = wrapper.findAll('[data-testid=user-row]')
    expect(rows.map((each) => each.attributes('data-user-email'))).toEqual([
      'admin@example.org',
      'ada@example.org',
      'old@example.org',
    ])
    expect(rows.map((each) => each.get('[data-testid=user-role]').text())).toEqual(['admin', 'teacher', 'teacher'])
    expect(rows.map((each) => each.get('[data-testid=user-active]').text())).toEqual(['active', 'active', 'deactivated'])
    expect(rows[0].text()).toContain('(you)')
    expect(rows[1].text()).toContain('Ada Lovelace')
    expect(rows[1].text()).not.toContain('(you)')
  })

  it('deactivates an active user and reactivates an inactive one', async () => {
    const setActive = vi.fn(async () => {})
    const wrapper = mountTable({ setActive })
    await row(wrapper, 'ada@example.org').get('[data-testid=user-toggle-active]').trigger('click')
    await row(wrapper, 'old@example.org').get('[data-testid=user-toggle-active]').trigger('click')
    expect(setActive.mock.calls).toEqual([
      ['t1', false],
      ['t2', true],
    ])
    expect(row(wrapper, 'old@example.org').get('[data-testid=user-toggle-active]').text()).toBe('Reactivate')
  })

  it("shows the API's refusal on the row", async () => {
    const setActive = vi.fn(async () => {
      throw new ApiError(409, 'The last active admin cannot be deactivated or demoted.')
    })
    const wrapper = mountTable({ setActive })
    await row(wrapper, 'admin@example.org').get('[data-testid=user-toggle-active]').trigger('click')
    await flushPromises()
    expect(row(wrapper, 'admin@example.org').get('[role=alert]').text()).toBe(
      'The last active admin cannot be deactivated or demoted.',
    )
    expect(row(wrapper, 'ada@example.org').find('[role=alert]').exists()).toBe(false)
  })

  it('resets a password, refusing a short one before asking the API', async () => {
    const setPassword = vi.fn(async () => {})
    const wrapper = mountTable({ setPassword })
    await row(wrapper, 'ada@example.org').get('[data-testid=user-reset-password]').trigger('click')
    const input = row(wrapper, 'ada@example.org').get('[data-testid=user-new-password]')

    await input.setValue('short')
    await row(wrapper, 'ada@example.org').get('form').trigger('submit')
    expect(setPassword).not.toHaveBeenCalled()
    expect(row(wrapper, 'ada@example.org').get('[role=alert]').text()).toContain('at least 10 characters')

    await input.setValue('a long enough password')
    await row(wrapper, 'ada@example.org').get('form').trigger('submit')
    await flushPromises()
    expect(setPassword).toHaveBeenCalledWith('t1', 'a long enough password')
    expect(row(wrapper, 'ada@example.org').find('[data-testid=user-new-password]').exists()).toBe(false)
    expect(row(wrapper, 'ada@example.org').get('[role=status]').text()).toBe('Password reset.')
  })
})
