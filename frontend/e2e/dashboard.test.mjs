// The teacher's path through the real service: upload a lecture, watch it processed, study the result.
import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import {
  DESKTOP,
  PHONE,
  adminAccount,
  baseUrl,
  fixturesDir,
  launchBrowser,
  lectureRow,
  screenshotPath,
  signIn,
  watchPageErrors,
} from './browser.mjs'

const PROCESSING_TIMEOUT_MS = 10 * 60 * 1000

// The admin sees every teacher's lectures, so the tests below need no account of their own.
const admin = adminAccount()

let browser
before(async () => {
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
})

/** Fails at once, with the server's reason, when the lecture fails instead of progressing. */
async function assertNotFailed(page, handle, id) {
  if ((await handle.jsonValue()) !== 'failed') return
  const lecture = await page.request.get(`${baseUrl}/api/v1/lectures/${id}`).then((r) => r.json())
  assert.fail(`the lecture failed during ${lecture.stage}: ${lecture.error}`)
}

function isLectureUpload(response) {
  return response.url().endsWith('/api/v1/lectures') && response.request().method() === 'POST'
}

describe('dashboard', () => {
  test('a rejected upload shows the server’s message', async () => {
    const context = await browser.newContext(DESKTOP)
    const page = await context.newPage()
    const errors = watchPageErrors(page)
    await signIn(page, admin.email, admin.password)
    await page.goto(baseUrl)

    const notAudio = join(mkdtempSync(join(tmpdir(), 'konspekt-e2e-')), 'shopping-list.mp3')
    writeFileSync(notAudio, 'milk\nbread\neggs\n'.repeat(50))
    const [response] = await Promise.all([
      page.waitForResponse(isLectureUpload),
      page.getByTestId('upload-input').setInputFiles(notAudio),
    ])
    assert.ok(response.status() >= 400 && response.status() < 500, `expected a rejection, got ${response.status()}`)
    const { detail } = await response.json()
    assert.equal(typeof detail, 'string')

    const shown = page.getByTestId('upload-error')
    await shown.waitFor()
    assert.ok((await shown.textContent()).includes(detail), `the page should show “${detail}”`)
    assert.deepEqual(errors, [])
    await context.close()
  })

  test('upload, processing, and studying the finished lecture', { timeout: PROCESSING_TIMEOUT_MS + 120_000 }, async () => {
    const context = await browser.newContext(DESKTOP)
    const page = await context.newPage()
    const errors = watchPageErrors(page)
    await signIn(page, admin.email, admin.password)
    await page.goto(baseUrl)

    await page.getByLabel('Title').fill('Computer networks (e2e)')
    const [response] = await Promise.all([
      page.waitForResponse(isLectureUpload),
      page.getByTestId('upload-input').setInputFiles(join(fixturesDir, 'lecture_networks.mp3')),
    ])
    assert.equal(response.status(), 202)
    const lecture = await response.json()
    assert.equal(lecture.title, 'Computer networks (e2e)')

    // The list picks the new lecture up and shows its progress, and soon an ETA, while it is processed.
    const row = lectureRow(page, lecture.id)
    const listed = await page.waitForFunction(
      (id) => {
        const row = document.querySelector(`[data-testid="lecture-row"][data-lecture-id="${id}"]`)
        const status = row?.querySelector('[data-testid="lecture-status"]')?.textContent
        const bar = row?.querySelector('[role="progressbar"]')
        if (status === 'failed') return status
        return status === 'processing' && Number(bar?.getAttribute('aria-valuenow')) > 0
      },
      lecture.id,
      { timeout: 180_000, polling: 250 },
    )
    await assertNotFailed(page, listed, lecture.id)
    const progressBar = row.getByRole('progressbar')
    const etaShown = await page
      .waitForFunction(
        (id) => {
          const bar = document.querySelector(`[data-lecture-id="${id}"] [role="progressbar"]`)
          return !bar || / left$/.test(bar.getAttribute('aria-valuetext') ?? '')
        },
        lecture.id,
        { timeout: 30_000, polling: 250 },
      )
      .then(() => progressBar.count().then((count) => count > 0))
    // Only a lecture processed within a couple of polls can finish before an ETA is possible.
    assert.ok(etaShown || (await row.getByTestId('lecture-status').textContent()) !== 'processing', 'an ETA is shown')
    await page.screenshot({ path: screenshotPath('list-processing'), fullPage: true, animations: 'disabled' })

    // While it is transcribed, the lecture page shows the transcript growing.
    await row.getByRole('link', { name: 'Computer networks (e2e)' }).click()
    await page.waitForURL(`**/lectures/${lecture.id}`)
    const segments = page.getByTestId('transcript-segment')
    const growing = await page.waitForFunction(
      () => {
        const status = document.querySelector('[data-testid="lecture-status"]')?.textContent
        return status === 'failed' ? status : document.querySelectorAll('[data-testid="transcript-segment"]').length > 0
      },
      null,
      { timeout: 180_000, polling: 250 },
    )
    await assertNotFailed(page, growing, lecture.id)
    await page.screenshot({ path: screenshotPath('lecture-processing'), fullPage: true, animations: 'disabled' })

    const finished = await page.waitForFunction(
      () => {
        const status = document.querySelector('[data-testid="lecture-status"]')?.textContent
        return status === 'failed' ? status : status === 'done'
      },
      null,
      { timeout: PROCESSING_TIMEOUT_MS, polling: 1000 },
    )
    await assertNotFailed(page, finished, lecture.id)

    // What the page shows is what the API produced.
    const api = (path) => page.request.get(`${baseUrl}/api/v1/lectures/${lecture.id}${path}`).then((r) => r.json())
    const [transcript, glossary, summary] = await Promise.all([api('/transcript'), api('/glossary'), api('/summary')])
    assert.ok(transcript.segments.length > 0, 'the transcript has segments')
    await page.waitForFunction(
      (count) => document.querySelectorAll('[data-testid="transcript-segment"]').length === count,
      transcript.segments.length,
    )
    assert.equal(await segments.first().locator('.text').textContent(), transcript.segments[0].text)

    const terms = page.getByTestId('glossary-term')
    assert.ok(glossary.terms.length > 0, 'the glossary has terms')
    await page.waitForFunction(
      (count) => document.querySelectorAll('[data-testid="glossary-term"]').length === count,
      glossary.terms.length,
    )
    const summaryText = (await page.getByTestId('summary').innerText()).trim()
    assert.ok(summary.markdown.trim().length > 0 && summaryText.length > 0, 'the summary is shown')
    assert.equal(await page.getByTestId('summary').locator('script').count(), 0)

    // The player is seekable (the /audio endpoint answers ranges) and knows the recording's length.
    const player = page.getByTestId('audio-player')
    await page.waitForFunction(() => document.querySelector('[data-testid="audio-player"]').readyState >= 1)
    const media = await player.evaluate((audio) => ({ duration: audio.duration, seekableEnd: audio.seekable.length ? audio.seekable.end(0) : 0 }))
    assert.ok(Math.abs(media.duration - lecture.duration) < 2 || lecture.duration === null, JSON.stringify(media))
    assert.ok(media.seekableEnd > media.duration - 1, `seekable to the end: ${JSON.stringify(media)}`)

    // Clicking a glossary term moves the player to the moment it is defined.
    const latest = glossary.terms.reduce((best, entry) => (entry.start > best.start ? entry : best))
    assert.ok(latest.start > 1, 'a term defined after the first second, so the jump is visible')
    const term = terms.filter({ hasText: latest.term }).first()
    await term.click()
    const moved = await page.waitForFunction(
      (start) => {
        const time = document.querySelector('[data-testid="audio-player"]').currentTime
        return time >= start - 0.05 && time < start + 3 ? time : false
      },
      latest.start,
      { timeout: 10_000 },
    )
    const currentTime = await moved.jsonValue()
    assert.ok(currentTime >= latest.start - 0.05, `currentTime ${currentTime} reached ${latest.start}`)
    // …and the transcript highlights the segment being spoken there.
    const highlighted = page.locator('[data-testid="transcript-segment"].active')
    await highlighted.waitFor()
    assert.ok(Number(await highlighted.getAttribute('data-start')) <= currentTime + 0.01)

    // With "follow playback" on, the transcript box scrolls the highlighted segment into view.
    await page.waitForFunction(() => {
      const line = document.querySelector('[data-testid="transcript-segment"].active')
      const box = line?.parentElement.getBoundingClientRect()
      const rect = line?.getBoundingClientRect()
      return rect && rect.top >= box.top - 1 && rect.bottom <= box.bottom + 1
    }, null, { timeout: 5_000 })
    await player.evaluate((audio) => audio.pause())
    await page.evaluate(() => window.scrollTo(0, 0))
    await page.screenshot({ path: screenshotPath('lecture-done'), fullPage: true, animations: 'disabled' })
    assert.deepEqual(errors, [])
    await context.close()

    // The same lecture and the list on a phone-sized screen.
    const phone = await browser.newContext(PHONE)
    const phonePage = await phone.newPage()
    await signIn(phonePage, admin.email, admin.password)
    await phonePage.goto(`${baseUrl}/lectures/${lecture.id}`)
    await phonePage.getByTestId('glossary-term').first().waitFor()
    await phonePage.getByTestId('summary').waitFor()
    const overflow = await phonePage.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    assert.ok(overflow <= 0, `no sideways scrolling on a phone (overflow ${overflow}px)`)
    await phonePage.screenshot({ path: screenshotPath('phone-lecture'), animations: 'disabled' })
    await phonePage.getByTestId('glossary-term').first().scrollIntoViewIfNeeded()
    await phonePage.screenshot({ path: screenshotPath('phone-glossary'), animations: 'disabled' })
    await phonePage.screenshot({ path: screenshotPath('phone-lecture-full'), fullPage: true, animations: 'disabled' })
    await phonePage.goto(baseUrl)
    await lectureRow(phonePage, lecture.id).waitFor()
    await phonePage.screenshot({ path: screenshotPath('phone-list'), fullPage: true, animations: 'disabled' })
    await phone.close()
  })

  test('the page follows a Russian browser', async () => {
    const context = await browser.newContext({ ...DESKTOP, locale: 'ru-RU' })
    const page = await context.newPage()
    await signIn(page, admin.email, admin.password)
    await page.goto(baseUrl)
    await page.getByRole('heading', { name: 'Загрузить лекции' }).waitFor()
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'ru')
    await page.getByRole('heading', { name: 'Лекции', exact: true }).waitFor()
    await page.screenshot({ path: screenshotPath('list-ru'), animations: 'disabled' })
    await context.close()
  })
})
