// Recording from the microphone with Chromium's fake capture device, then uploading the recording.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import {
  DESKTOP,
  FAKE_MICROPHONE_ARGS,
  adminAccount,
  baseUrl,
  launchBrowser,
  lectureRow,
  signIn,
  watchPageErrors,
} from './browser.mjs'

const admin = adminAccount()

let browser
before(async () => {
  browser = await launchBrowser(FAKE_MICROPHONE_ARGS)
})
after(async () => {
  await browser?.close()
})

test('a microphone recording is uploaded and accepted', { timeout: 120_000 }, async () => {
  const context = await browser.newContext(DESKTOP)
  await context.grantPermissions(['microphone'])
  const page = await context.newPage()
  const errors = watchPageErrors(page)
  await signIn(page, admin.email, admin.password)
  await page.goto(baseUrl)

  const record = page.getByTestId('record-button')
  await record.click()
  await page.waitForFunction(() => document.querySelector('[data-testid="record-button"]').getAttribute('aria-pressed') === 'true')
  // Record ~3 s, watching the level meter meanwhile: the fake device beeps now and then, so it must move.
  const loudest = await page.evaluate(async () => {
    const meter = document.querySelector('[role="meter"]')
    let max = 0
    const until = performance.now() + 3200
    while (performance.now() < until) {
      max = Math.max(max, Number(meter.getAttribute('aria-valuenow')))
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    return max
  })
  assert.ok(loudest > 0, `input level moved (max ${loudest})`)
  const elapsed = await page.getByTestId('record-elapsed').textContent()
  assert.match(elapsed.trim(), /^0:0[3-9]$/, `elapsed time shown while recording: ${elapsed}`)
  await record.click()

  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/lectures') && r.request().method() === 'POST'),
    page.getByTestId('record-upload').click(),
  ])
  const lecture = await response.json()
  assert.equal(response.status(), 202, JSON.stringify(lecture))
  assert.ok(lecture.size_bytes > 1000, `a real recording was sent (${lecture.size_bytes} bytes)`)
  assert.match(lecture.filename, /^recording-.*\.(webm|ogg|m4a)$/)
  await page.getByTestId('record-accepted').waitFor()
  await lectureRow(page, lecture.id).waitFor()
  assert.deepEqual(errors, [])

  // Leave the worker to the other tests: this recording of a beep is not worth transcribing.
  await page.request.delete(`${baseUrl}/api/v1/lectures/${lecture.id}`)
  await context.close()
})
