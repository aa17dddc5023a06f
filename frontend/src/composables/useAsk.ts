/** Asking a lecture: its conversation so far, and a question's answer as it streams in. */

import { onScopeDispose, ref, watch, type Ref } from 'vue'
import { ApiError, askQuestion, listQuestions } from '../api/client'
import type { Question, QuestionAsked } from '../api/types'
import { describeError } from '../errors'
import { translate, type Locale } from '../i18n'

/** The question being answered, and the answer as drafted so far. */
export interface DraftAnswer {
  /** What was typed; empty for a spoken question, which the server transcribes. */
  question: string
  answer: string
}

/** The answer's stream said why it failed (`error`), or ended without a final event (empty detail). */
export class AnswerFailed extends Error {
  constructor(detail: string) {
    super(detail)
    this.name = 'AnswerFailed'
  }
}

export function describeAskError(error: unknown, locale: Locale): string {
  if (error instanceof AnswerFailed) return error.message || translate(locale, 'ask.interrupted')
  if (error instanceof ApiError && error.status === 503) return translate(locale, 'ask.noWorker')
  if (error instanceof ApiError && error.status === 413) return translate(locale, 'ask.tooLarge')
  return describeError(error, locale)
}

export function useAsk(lectureId: Ref<string>) {
  /** Oldest first, as the page shows them: the newest at the bottom. */
  const questions = ref<Question[]>([])
  const loading = ref(false)
  const loadError = ref<unknown>(null)
  const draft = ref<DraftAnswer | null>(null)
  const askError = ref<unknown>(null)
  let asking: AbortController | null = null

  async function load(): Promise<void> {
    const id = lectureId.value
    loading.value = true
    loadError.value = null
    try {
      const { questions: asked } = await listQuestions(id)
      if (id === lectureId.value) questions.value = asked
    } catch (caught) {
      if (id === lectureId.value) loadError.value = caught
    } finally {
      loading.value = false
    }
  }

  async function ask(asked: QuestionAsked): Promise<void> {
    if (draft.value) return
    asking = new AbortController()
    askError.value = null
    draft.value = { question: 'text' in asked ? asked.text : '', answer: '' }
    try {
      for await (const event of askQuestion(lectureId.value, asked, asking.signal)) {
        if (event.kind === 'text') draft.value.answer += event.text
        else if (event.kind === 'answer') {
          questions.value = [...questions.value, event.question]
          return
        } else throw new AnswerFailed(event.detail)
      }
      throw new AnswerFailed('')
    } catch (caught) {
      if (!(caught instanceof DOMException && caught.name === 'AbortError')) askError.value = caught
    } finally {
      draft.value = null
      asking = null
    }
  }

  watch(
    lectureId,
    () => {
      asking?.abort()
      questions.value = []
      void load()
    },
    { immediate: true },
  )
  onScopeDispose(() => asking?.abort())

  return { questions, loading, loadError, draft, askError, load, ask }
}
