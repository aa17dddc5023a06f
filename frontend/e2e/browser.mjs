// Shared set-up for the end-to-end tests: Debian's chromium driven by playwright-core, the service under test,
// the fixtures and where screenshots go.
import { mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const here = dirname(fileURLToPath(import.meta.url))
const repoRoot = resolve(here, '../..')

/** The running service, started by scripts/frontend-test (or by hand: KONSPEKT_URL=http://127.0.0.1:8000). */
export const baseUrl = (process.env.KONSPEKT_URL ?? '').replace(/\/$/, '')
if (!baseUrl) throw new Error('Set KONSPEKT_URL to the service under test (scripts/frontend-test does this)')

export const fixturesDir = process.env.FIXTURES_DIR ?? resolve(repoRoot, '../shared/fixtures')
export const screenshotsDir = join(here, 'screenshots')
mkdirSync(screenshotsDir, { recursive: true })

const BASE_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export const FAKE_MICROPHONE_ARGS = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream']

/** Each launch gets a fresh temporary profile (playwright's own user-data-dir, removed on close). */
export function launchBrowser(extraArgs = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [...BASE_ARGS, ...extraArgs],
  })
}

export const DESKTOP = { viewport: { width: 1366, height: 900 }, locale: 'en-US' }
export const PHONE = { viewport: { width: 390, height: 844 }, locale: 'en-US', isMobile: true, hasTouch: true }

export function screenshotPath(name) {
  return join(screenshotsDir, `${name}.png`)
}

/** Fails the test on uncaught page errors, which a blank page would otherwise hide. */
export function watchPageErrors(page) {
  const errors = []
  page.on('pageerror', (error) => errors.push(error.message))
  return errors
}

export function lectureRow(page, id) {
  return page.locator(`[data-testid="lecture-row"][data-lecture-id="${id}"]`)
}
