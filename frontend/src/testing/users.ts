import type { User } from '../api/types'

export function makeUser(overrides: Partial<User> = {}): User {
  return {
    id: 'user-1',
    email: 'ada@example.org',
    display_name: 'Ada Lovelace',
    role: 'teacher',
    is_active: true,
    created_at: '2025-01-01T09:00:00Z',
    ...overrides,
  }
}
