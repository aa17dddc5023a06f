/** Page language: English or Russian, chosen from the browser's preferred languages. */

import { ref } from 'vue'
import { en } from './en'
import { ru } from './ru'

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> }
export type Messages = Widen<typeof en>

const catalogs = { en, ru } satisfies Record<string, Messages>

export type Locale = keyof typeof catalogs

type Leaves<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Leaves<T[K], `${Prefix}${K}.`>
}[keyof T & string]

export type MessageKey = Leaves<Messages>

export function pickLocale(preferred: readonly string[]): Locale {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0]
    if (base in catalogs) return base as Locale
  }
  return 'en'
}

const browserLanguages = typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language])

export const locale = ref<Locale>(pickLocale(browserLanguages))

export function translate(current: Locale, key: MessageKey, params: Record<string, string | number> = {}): string {
  let node: unknown = catalogs[current]
  for (const part of key.split('.')) node = (node as Record<string, unknown>)[part]
  const message = typeof node === 'string' ? node : key
  return message.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole))
}

export function useI18n() {
  const t = (key: MessageKey, params?: Record<string, string | number>) => translate(locale.value, key, params)
  return { t, locale }
}
