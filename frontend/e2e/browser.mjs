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

/**
 * The admin the service was started with: scripts/frontend-test starts it with FIRST_ADMIN_EMAIL and
 * FIRST_ADMIN_PASSWORD and passes the same here; against a service of your own, give these two yourself.
 */
export function adminAccount() {
  const email = process.env.KONSPEKT_ADMIN_EMAIL
  const password = process.env.KONSPEKT_ADMIN_PASSWORD
  if (!email || !password) {
    throw new Error('Set KONSPEKT_ADMIN_EMAIL and KONSPEKT_ADMIN_PASSWORD to an admin of the service (scripts/frontend-test does this)')
  }
  return { email, password }
}

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

/** Signs in through the login page, as a person would, and waits for the app to show who is signed in. */
export async function signIn(page, email, password) {
  await page.goto(`${baseUrl}/login`)
  await page.getByTestId('login-email').fill(email)
  await page.getByTestId('login-password').fill(password)
  await page.getByTestId('login-submit').click()
  await page.waitForURL((url) => url.pathname !== '/login')
  await page.getByTestId('signed-in-user').waitFor()
}

/**
 * The API as `email`, outside any browser: a bearer token from the login endpoint, and `get`, `post`, `patch`
 * and `delete` that take a path under /api/v1 (and a JSON body) and answer the fetch Response.
 */
export async function apiAs(email, password) {
  const login = await fetch(`${baseUrl}/api/v1/login/access-token`, {
    method: 'POST',
    body: new URLSearchParams({ username: email, password }),
  })
  if (!login.ok) throw new Error(`signing in to the API as ${email}: ${login.status} ${await login.text()}`)
  const { access_token: token } = await login.json()
  const call = (method) => (path, body) =>
    fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  return { get: call('GET'), post: call('POST'), patch: call('PATCH'), delete: call('DELETE') }
}
