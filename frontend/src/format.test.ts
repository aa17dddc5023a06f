import { describe, expect, it } from 'vitest'
import { formatBytes, formatClock, formatLanguage, formatRemaining } from './format'

describe('format', () => {
  it('writes media positions as a clock', () => {
    expect(formatClock(0)).toBe('0:00')
    expect(formatClock(65.9)).toBe('1:05')
    expect(formatClock(3725)).toBe('1:02:05')
  })

  it('rounds remaining time to useful units', () => {
    expect(formatRemaining(12, 'en')).toBe('15 sec')
    expect(formatRemaining(130, 'en')).toBe('3 min')
    expect(formatRemaining(3900, 'en')).toBe('1 hr 5 min')
  })

  it('writes sizes and language names in the page language', () => {
    expect(formatBytes(1536, 'en')).toBe('1.5 kB')
    expect(formatLanguage('ru', 'en')).toBe('Russian')
    expect(formatLanguage('en', 'ru')).toBe('английский')
  })
})
