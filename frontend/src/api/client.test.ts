import { afterEach, describe, expect, it, vi } from 'vitest'
import { fakeFetch, fakeXhr } from '../testing/fakeServer'
import { makeLecture } from '../testing/lectures'
import { makeUser } from '../testing/users'
import {
  ApiError,
  createPersonalToken,
  detailMessage,
  getSummary,
  listLectures,
  logIn,
  logOut,
  onUnauthorized,
  resetPassword,
  revokePersonalToken,
  updateUser,
  uploadLecture,
} from './client'

afterEach(() => {
  onUnauthorized(null)
  vi.unstubAllGlobals()
})

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

describe('accounts', () => {
  it('sends JSON to the account endpoints and reads their answers', async () => {
    const bodies: unknown[] = []
    const { calls } = fakeFetch((url, init) => {
      if (init?.body) bodies.push(JSON.parse(String(init.body)))
      if (init?.method === 'DELETE' || url.pathname === '/api/v1/logout') return { status: 204 }
      if (url.pathname === '/api/v1/users/me/tokens') {
        return { status: 201, body: { id: 'tok-1', name: 'ci', created_at: '2025-01-01T00:00:00Z', last_used_at: null, token: 'kpt_x' } }
      }
      return { status: 200, body: makeUser({ is_active: false }) }
    })
    expect((await createPersonalToken('ci')).token).toBe('kpt_x')
    await revokePersonalToken('tok-1')
    expect((await updateUser('user-1', { is_active: false })).is_active).toBe(false)
    await resetPassword('user-1', 'a long enough password')
    await logOut()
    expect(calls).toEqual([
      'POST /api/v1/users/me/tokens',
      'DELETE /api/v1/users/me/tokens/tok-1',
      'PATCH /api/v1/users/user-1',
      'POST /api/v1/users/user-1/password',
      'POST /api/v1/logout',
    ])
    expect(bodies).toEqual([{ name: 'ci' }, { is_active: false }, { new_password: 'a long enough password' }])
  })

  it('tells the app about a 401 from any call, then rejects as usual', async () => {
    const unauthorized = vi.fn()
    onUnauthorized(unauthorized)
    fakeFetch(() => ({ status: 401, body: { detail: 'Not authenticated' } }))
    await expect(listLectures()).rejects.toMatchObject({ status: 401, message: 'Not authenticated' })
    expect(unauthorized).toHaveBeenCalledTimes(1)

    fakeXhr(() => ({ status: 401, body: { detail: 'Not authenticated' } }))
    await expect(uploadLecture({ file: new Blob(['x']), filename: 'a.mp3' }, () => {})).rejects.toMatchObject({ status: 401 })
    expect(unauthorized).toHaveBeenCalledTimes(2)
  })

  it("leaves a failed sign-in to the login form: the 401 handler is not called", async () => {
    const unauthorized = vi.fn()
    onUnauthorized(unauthorized)
    fakeFetch(() => ({ status: 401, body: { detail: 'Wrong email or password.' } }))
    await expect(logIn('ada@example.org', 'wrong')).rejects.toMatchObject({ status: 401 })
    expect(unauthorized).not.toHaveBeenCalled()
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
