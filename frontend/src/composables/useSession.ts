/**
 * Who is signed in, shared by the whole app. The session itself is the HttpOnly cookie the login sets; this
 * only remembers whose it is, so the header and the admin page need not ask on every navigation.
 */

import { readonly, shallowRef } from 'vue'
import type { RouteLocationRaw } from 'vue-router'
import { ApiError, getCurrentUser, logIn, logOut } from '../api/client'
import type { User } from '../api/types'

const currentUser = shallowRef<User | null>(null)

/**
 * The signed-in person, asking the API when not known yet; null when nobody is (the API answered 401).
 * Any other failure (the server unreachable, say) is thrown: it says nothing about the session.
 */
export async function loadSession(): Promise<User | null> {
  if (currentUser.value) return currentUser.value
  try {
    currentUser.value = await getCurrentUser()
  } catch (caught) {
    if (caught instanceof ApiError && caught.status === 401) return null
    throw caught
  }
  return currentUser.value
}

export async function signIn(email: string, password: string): Promise<User> {
  await logIn(email, password)
  currentUser.value = await getCurrentUser()
  return currentUser.value
}

export async function signOut(): Promise<void> {
  try {
    await logOut()
  } finally {
    currentUser.value = null
  }
}

/** The API said the session is gone (expired, revoked): forget whose it was. Whether anyone was signed in. */
export function sessionLost(): boolean {
  const wasSignedIn = currentUser.value !== null
  currentUser.value = null
  return wasSignedIn
}

/** The login page, coming back to `path` once signed in. */
export function signInRoute(path: string): RouteLocationRaw {
  return { name: 'login', query: { redirect: path } }
}

/**
 * Where to go after signing in: the `redirect` query when it is a path inside the app, the dashboard otherwise
 * (a crafted link must not send a person off-site, nor back to the login page).
 */
export function afterSignIn(redirect: unknown): string {
  if (typeof redirect !== 'string' || !/^\/(?![/\\])/.test(redirect)) return '/'
  if (redirect === '/login' || redirect.startsWith('/login?')) return '/'
  return redirect
}

export function useSession() {
  return { user: readonly(currentUser) }
}
