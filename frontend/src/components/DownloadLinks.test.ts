import { mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { locale } from '../i18n'
import { makeLecture } from '../testing/lectures'
import DownloadLinks from './DownloadLinks.vue'

const lecture = makeLecture({ id: 'lec-1', title: 'Networks: part 1' })

function links(props: { hasTranscript: boolean; hasGlossary: boolean; hasSummary: boolean }) {
  const wrapper = mount(DownloadLinks, { props: { lecture, ...props } })
  return wrapper.findAll('a').map((a) => [a.text(), a.attributes('href'), a.attributes('download')])
}

describe('DownloadLinks', () => {
  afterEach(() => {
    locale.value = 'en'
  })

  it('offers the summary as Word and the glossary as flashcards once they exist', () => {
    const all = links({ hasTranscript: true, hasGlossary: true, hasSummary: true })
    expect(all.map(([label]) => label)).toEqual([
      'TXT',
      'SRT',
      'VTT',
      'JSON',
      'Summary (MD)',
      'Summary (Word)',
      'Glossary (CSV for Anki)',
      'Glossary (text for Quizlet)',
    ])
    expect(all.slice(-3)).toEqual([
      ['Summary (Word)', '/api/v1/lectures/lec-1/summary?format=docx', 'Networks_ part 1.docx'],
      ['Glossary (CSV for Anki)', '/api/v1/lectures/lec-1/glossary?format=csv', 'Networks_ part 1-glossary.csv'],
      ['Glossary (text for Quizlet)', '/api/v1/lectures/lec-1/glossary?format=tsv', 'Networks_ part 1-glossary.tsv'],
    ])
  })

  it('leaves out what is not there yet, and speaks Russian', () => {
    locale.value = 'ru'
    const glossaryOnly = links({ hasTranscript: false, hasGlossary: true, hasSummary: false })
    expect(glossaryOnly.map(([label]) => label)).toEqual([
      'Глоссарий (CSV для Anki)',
      'Глоссарий (текст для Quizlet)',
    ])
    const summaryOnly = links({ hasTranscript: false, hasGlossary: false, hasSummary: true })
    expect(summaryOnly.map(([label]) => label)).toEqual(['Конспект (MD)', 'Конспект (Word)'])
  })
})
