/** Every account, for the admin page: listed, created, (de)activated and given a new password. */

import { ref, shallowRef } from 'vue'
import { createUser, listUsers, resetPassword, updateUser } from '../api/client'
import type { User, UserCreate } from '../api/types'

export function useUsers() {
  const users = ref<User[]>([])
  const loaded = ref(false)
  const error = shallowRef<unknown>(null)

  function replace(changed: User): void {
    users.value = users.value.map((user) => (user.id === changed.id ? changed : user))
  }

  async function refresh(): Promise<void> {
    try {
      users.value = await listUsers()
      error.value = null
    } catch (caught) {
      error.value = caught
    } finally {
      loaded.value = true
    }
  }

  async function create(user: UserCreate): Promise<User> {
    const created = await createUser(user)
    users.value = [...users.value, created]
    return created
  }

  async function setActive(id: string, active: boolean): Promise<void> {
    replace(await updateUser(id, { is_active: active }))
  }

  async function setPassword(id: string, password: string): Promise<void> {
    replace(await resetPassword(id, password))
  }

  return { users, loaded, error, refresh, create, setActive, setPassword }
}
