// The teacher has the last word: on a finished lecture, correct a transcript segment, add a glossary term,
// regenerate the notes, and find every correction still there, with who made it.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { DESKTOP, adminAccount, apiAs, baseUrl, fixturesDir, launchBrowser, screenshotPath, signIn, watchPageErrors } from './browser.mjs'

const PROCESSING_TIMEOUT_MS = 5 * 60 * 1000
const CORRECTED = 'A lighthouse is a tower that guides ships at night.'
const run = Date.now().toString(36)
const teacher = {
  email: `corrector-${run}@example.org`,
  display_name: 'Corrector (e2e)',
  password: `password-corrector-${run}`,
  role: 'teacher',
}

let browser
let lectureId

/** Polls the lecture over the API until no run is at work on it. */
async function finished(api, id) {
  const deadline = Date.now() + PROCESSING_TIMEOUT_MS
  while (Date.now() < deadline) {
    const lecture = await (await api.get(`/lectures/${id}`)).json()
    if (!['queued', 'processing'].includes(lecture.status)) return lecture
    await new Promise((resolve) => setTimeout(resolve, 1000))
  }
  throw new Error(`lecture ${id} still processing after ${PROCESSING_TIMEOUT_MS} ms`)
}

before(async () => {
  const admin = adminAccount()
  const created = await (await apiAs(admin.email, admin.password)).post('/users', teacher)
  assert.equal(created.status, 201, await created.text())

  const api = await apiAs(teacher.email, teacher.password)
  const login = await fetch(`${baseUrl}/api/v1/login/access-token`, {
    method: 'POST',
    body: new URLSearchParams({ username: teacher.email, password: teacher.password }),
  })
  const { access_token: token } = await login.json()
  const form = new FormData()
  form.append('file', new Blob([readFileSync(join(fixturesDir, 'jfk.flac'))]), 'jfk.flac')
  form.append('title', 'Corrections (e2e)')
  form.append('reprocess', 'true')
  const uploaded = await fetch(`${baseUrl}/api/v1/lectures`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
    body: form,
  })
  const body = await uploaded.text()
  assert.equal(uploaded.status, 202, body)
  lectureId = JSON.parse(body).id
  const lecture = await finished(api, lectureId)
  assert.equal(lecture.status, 'done', lecture.error)

  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
})

describe('corrections', () => {
  test('a corrected segment and an added term survive regenerating the notes', { timeout: PROCESSING_TIMEOUT_MS + 60_000 }, async () => {
    const context = await browser.newContext(DESKTOP)
    const page = await context.newPage()
    const errors = watchPageErrors(page)
    await signIn(page, teacher.email, teacher.password)
    await page.goto(`${baseUrl}/lectures/${lectureId}`)

    // Correct the first segment: Enter saves, and the segment says who corrected it.
    const first = page.getByTestId('transcript-segment').first()
    await first.hover()
    await first.getByTestId('segment-edit').click()
    const editor = first.getByTestId('segment-editor')
    await editor.fill(CORRECTED)
    await editor.press('Enter')
    await first.getByTestId('edited-mark').waitFor()
    assert.ok((await first.locator('.text').textContent()).startsWith(CORRECTED))
    assert.match(await first.getByTestId('edited-mark').innerText(), /edited by Corrector \(e2e\)/)

    // Add a glossary term by hand.
    await page.getByTestId('glossary-add').click()
    await page.getByTestId('glossary-form-term').fill('Beacon')
    await page.getByTestId('glossary-form-definition').fill('A light that guides ships')
    await page.getByTestId('glossary-form-save').click()
    await page.getByTestId('glossary-term').filter({ hasText: 'Beacon' }).waitFor()

    // Regenerate the notes, confirming the dialog; the lecture goes through the notes stages and is done again.
    page.once('dialog', (dialog) => dialog.accept())
    const [regenerated] = await Promise.all([
      page.waitForResponse((response) => response.url().endsWith(`/lectures/${lectureId}/regenerate`)),
      page.getByTestId('regenerate-notes').click(),
    ])
    assert.equal(regenerated.status(), 202)
    await page.waitForFunction(
      () => document.querySelector('[data-testid="lecture-status"]')?.textContent === 'done',
      null,
      { timeout: PROCESSING_TIMEOUT_MS, polling: 500 },
    )

    // After a reload, from the server: the correction, the hand-made term, and a term found in the corrected text.
    await page.reload()
    const terms = page.getByTestId('glossary-term')
    await terms.filter({ hasText: 'Beacon' }).waitFor()
    await terms.filter({ hasText: /lighthouse/i }).waitFor()
    const segment = page.getByTestId('transcript-segment').first()
    assert.ok((await segment.locator('.text').textContent()).startsWith(CORRECTED))
    assert.match(await segment.getByTestId('edited-mark').innerText(), /edited by Corrector \(e2e\)/)
    assert.match(await page.getByTestId('summary').innerText(), /lighthouse/i)
    await page.screenshot({ path: screenshotPath('lecture-corrected'), fullPage: true, animations: 'disabled' })
    assert.deepEqual(errors, [])
    await context.close()
  })
})
