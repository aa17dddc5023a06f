/** One's personal API tokens: listed, created (the secret comes back this once) and revoked. */

import { ref, shallowRef } from 'vue'
import { createPersonalToken, listPersonalTokens, revokePersonalToken } from '../api/client'
import type { NewPersonalToken, PersonalToken } from '../api/types'

export function usePersonalTokens() {
  const tokens = ref<PersonalToken[]>([])
  const loaded = ref(false)
  const error = shallowRef<unknown>(null)

  async function refresh(): Promise<void> {
    try {
      tokens.value = await listPersonalTokens()
      error.value = null
    } catch (caught) {
      error.value = caught
    } finally {
      loaded.value = true
    }
  }

  async function create(name: string): Promise<NewPersonalToken> {
    const created = await createPersonalToken(name)
    const { id, name: given, created_at, last_used_at } = created
    tokens.value = [{ id, name: given, created_at, last_used_at }, ...tokens.value]
    return created
  }

  async function revoke(id: string): Promise<void> {
    await revokePersonalToken(id)
    tokens.value = tokens.value.filter((token) => token.id !== id)
  }

  return { tokens, loaded, error, refresh, create, revoke }
}
