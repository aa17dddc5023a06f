/** Turning a caught error into a sentence for the page. */

import { ApiError } from './api/client'
import { translate, type Locale } from './i18n'

export function describeError(error: unknown, locale: Locale): string {
  if (error instanceof ApiError) return error.status === 0 ? translate(locale, 'error.network') : error.message
  if (error instanceof TypeError) return translate(locale, 'error.network')
  return translate(locale, 'error.unexpected')
}
