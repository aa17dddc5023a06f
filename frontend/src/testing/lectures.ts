import type { Lecture } from '../api/types'

export function makeLecture(overrides: Partial<Lecture> = {}): Lecture {
  return {
    id: 'lec-1',
    title: 'Computer networks',
    filename: 'lecture_networks.mp3',
    status: 'done',
    stage: 'done',
    progress: 1,
    language: 'en',
    requested_language: 'auto',
    duration: 119,
    error: null,
    template: 'default',
    size_bytes: 1_000_000,
    created_at: '2025-01-01T10:00:00Z',
    updated_at: '2025-01-01T10:05:00Z',
    ...overrides,
  }
}
