import { afterEach, describe, expect, it, vi } from 'vitest'
import { fakeFetch, fakeXhr } from '../testing/fakeServer'
import { makeLecture } from '../testing/lectures'
import { ApiError, detailMessage, getSummary, listLectures, uploadLecture } from './client'

afterEach(() => vi.unstubAllGlobals())

describe('detailMessage', () => {
  it('reads string details and joins validation problems', () => {
    expect(detailMessage({ detail: 'File is empty' }, 'x')).toBe('File is empty')
    expect(detailMessage({ detail: [{ msg: 'bad language' }, { msg: 'bad template' }] }, 'x')).toBe(
      'bad language; bad template',
    )
    expect(detailMessage('<html>', 'fallback')).toBe('fallback')
  })
})

describe('API calls', () => {
  it('asks for a page of lectures', async () => {
    const page = { items: [makeLecture()], total: 1, limit: 10, offset: 20 }
    const { calls } = fakeFetch(() => ({ status: 200, body: page }))
    expect(await listLectures(10, 20)).toEqual(page)
    expect(calls).toEqual(['GET /api/v1/lectures?limit=10&offset=20'])
  })

  it("raises the server's detail as an ApiError", async () => {
    fakeFetch(() => ({ status: 404, body: { detail: 'Summary is not ready' } }))
    const failure = await getSummary('lec-1').catch((caught: unknown) => caught)
    expect(failure).toBeInstanceOf(ApiError)
    expect(failure).toMatchObject({ status: 404, message: 'Summary is not ready' })
  })
})

describe('uploadLecture', () => {
  it('sends the file and fields as multipart and reports bytes sent', async () => {
    const lecture = makeLecture({ status: 'queued', stage: 'queued', progress: 0 })
    const { sent } = fakeXhr(() => ({ status: 202, body: lecture }))
    const progress: number[] = []
    const answer = await uploadLecture(
      { file: new Blob(['abc'], { type: 'audio/mpeg' }), filename: 'a.mp3', title: 'Networks', language: 'en' },
      (fraction) => progress.push(fraction),
    )
    expect(answer).toEqual(lecture)
    expect(progress).toEqual([0.5, 1, 1])
    const form = sent[0]
    expect((form.get('file') as File).name).toBe('a.mp3')
    expect(form.get('title')).toBe('Networks')
    expect(form.get('language')).toBe('en')
    expect(form.has('template')).toBe(false)
  })

  it("rejects with the server's message", async () => {
    fakeXhr(() => ({ status: 415, body: { detail: 'Not an audio or video file' } }))
    const failure = await uploadLecture({ file: new Blob(['x']), filename: 'notes.mp3' }, () => {}).catch(
      (caught: unknown) => caught,
    )
    expect(failure).toMatchObject({ status: 415, message: 'Not an audio or video file' })
  })
})
