import { describe, expect, it } from 'vitest'
import { en } from './en'
import { pickLocale, translate } from './index'
import { ru } from './ru'

function keys(node: object, prefix = ''): string[] {
  return Object.entries(node).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : keys(value, `${prefix}${key}.`),
  )
}

describe('i18n', () => {
  it('follows the first supported browser language', () => {
    expect(pickLocale(['ru-RU', 'en-US'])).toBe('ru')
    expect(pickLocale(['de-DE', 'en-GB'])).toBe('en')
    expect(pickLocale(['fr'])).toBe('en')
  })

  it('fills parameters', () => {
    expect(translate('en', 'list.confirmDelete', { title: 'Networks' })).toContain('“Networks”')
    expect(translate('ru', 'recorder.recorded', { duration: '0:03' })).toBe('Записано 0:03')
  })

  it('has every English message in Russian, and the same placeholders', () => {
    expect(keys(ru).sort()).toEqual(keys(en).sort())
    for (const key of keys(en)) {
      const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort()
      const path = key.split('.')
      const lookup = (catalog: object) => path.reduce<unknown>((node, part) => (node as never)[part], catalog) as string
      expect(placeholders(lookup(ru)), key).toEqual(placeholders(lookup(en)))
    }
  })
})
