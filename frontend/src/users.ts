/**
 * Accounts as the API defines them: the roles (the backend's enum, checked by e2e/api-contract.test.mjs),
 * the shortest password it accepts, and what a role may do. Components ask these instead of comparing strings.
 */

import type { User } from './api/types'

export const ROLES = ['teacher', 'admin'] as const
export type Role = (typeof ROLES)[number]

/** The API answers 422 to a shorter new password; checking first lets the page say so in the reader's language. */
export const MIN_PASSWORD_LENGTH = 10

/** Admins manage accounts and see every teacher's lectures. */
export function isAdmin(user: Pick<User, 'role'> | null): boolean {
  return user?.role === 'admin'
}
