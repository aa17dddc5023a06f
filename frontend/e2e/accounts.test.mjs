// Accounts through the real service: teachers an admin created sign in on the login page, see only their own
// lectures and sign out; the admin page lists and manages them; a personal token works against the API; a
// wrong password is refused with the API's sentence.
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import {
  DESKTOP,
  adminAccount,
  apiAs,
  baseUrl,
  fixturesDir,
  launchBrowser,
  lectureRow,
  screenshotPath,
  signIn,
  watchPageErrors,
} from './browser.mjs'

const admin = adminAccount()
// Unique to this run, so the tests can run more than once against one long-lived service (KONSPEKT_URL).
const run = Date.now().toString(36)
const teacher = (letter) => ({
  email: `teacher-${letter}-${run}@example.org`,
  display_name: `Teacher ${letter.toUpperCase()} (e2e)`,
  password: `password-${letter}-${run}`,
  role: 'teacher',
})
const teacherA = teacher('a')
const teacherB = teacher('b')

function onLoginPage(url, redirect) {
  return url.pathname === '/login' && (redirect === undefined || url.searchParams.get('redirect') === redirect)
}

function isLectureUpload(response) {
  return response.url().endsWith('/api/v1/lectures') && response.request().method() === 'POST'
}

let browser
/** Teacher A's lecture, uploaded in the first test and looked for by teacher B. */
let lectureOfA

before(async () => {
  const adminApi = await apiAs(admin.email, admin.password)
  for (const account of [teacherA, teacherB]) {
    const response = await adminApi.post('/users', account)
    const body = await response.json()
    assert.equal(response.status, 201, JSON.stringify(body))
    assert.equal(body.role, 'teacher')
  }
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
})

describe('accounts', () => {
  test('a teacher signs in, uploads a lecture and sees it; signing out ends the session', async () => {
    const context = await browser.newContext(DESKTOP)
    const page = await context.newPage()
    const errors = watchPageErrors(page)

    // Nobody is signed in: the dashboard sends the person to the login page, remembering where they were going.
    await page.goto(baseUrl)
    await page.waitForURL((url) => onLoginPage(url, '/'))
    await page.screenshot({ path: screenshotPath('login'), animations: 'disabled' })
    await page.getByTestId('login-email').fill(teacherA.email)
    await page.getByTestId('login-password').fill(teacherA.password)
    await page.getByTestId('login-submit').click()
    await page.waitForURL((url) => url.pathname === '/')
    assert.equal(await page.getByTestId('signed-in-user').textContent(), teacherA.display_name)
    assert.equal(await page.getByTestId('admin-link').count(), 0, 'no admin link for a teacher')
    assert.equal(await page.evaluate(() => window.localStorage.length), 0, 'nothing kept in localStorage')

    await page.getByLabel('Title').fill('JFK (teacher A, e2e)')
    const [response] = await Promise.all([
      page.waitForResponse(isLectureUpload),
      page.getByTestId('upload-input').setInputFiles(join(fixturesDir, 'jfk.flac')),
    ])
    lectureOfA = await response.json()
    assert.equal(response.status(), 202, JSON.stringify(lectureOfA))
    await lectureRow(page, lectureOfA.id).waitFor()
    await page.screenshot({ path: screenshotPath('teacher-dashboard'), fullPage: true, animations: 'disabled' })

    // The admin page is not for a teacher.
    await page.goto(`${baseUrl}/admin/users`)
    await page.getByTestId('not-allowed').waitFor()
    assert.equal(await page.getByTestId('user-row').count(), 0)

    await page.getByTestId('sign-out').click()
    await page.waitForURL((url) => onLoginPage(url))
    assert.equal((await page.request.get(`${baseUrl}/api/v1/users/me`)).status(), 401, 'the session cookie is gone')
    await page.goto(baseUrl)
    await page.waitForURL((url) => onLoginPage(url, '/'))
    await page.getByTestId('login-form').waitFor()
    assert.deepEqual(errors, [])
    await context.close()
  })

  test('another teacher sees none of the first teacher’s lectures', async () => {
    assert.ok(lectureOfA, 'teacher A uploaded a lecture')
    const context = await browser.newContext(DESKTOP)
    const page = await context.newPage()
    const errors = watchPageErrors(page)
    await signIn(page, teacherB.email, teacherB.password)
    assert.equal(await page.getByTestId('signed-in-user').textContent(), teacherB.display_name)
    await page.getByTestId('lecture-list-empty').waitFor()
    assert.equal(await lectureRow(page, lectureOfA.id).count(), 0)
    await page.screenshot({ path: screenshotPath('teacher-empty'), fullPage: true, animations: 'disabled' })

    // Nor by its address: to teacher B it does not exist.
    await page.goto(`${baseUrl}/lectures/${lectureOfA.id}`)
    await page.getByText('This lecture does not exist').waitFor()

    const asB = await apiAs(teacherB.email, teacherB.password)
    assert.equal((await (await asB.get('/lectures')).json()).total, 0)
    assert.equal((await asB.get(`/lectures/${lectureOfA.id}`)).status, 404)
    assert.equal((await asB.get('/users')).status, 403)
    assert.deepEqual(errors, [])
    await context.close()
  })

  test('the admin page lists the teachers, adds one and deactivates them', async () => {
    const context = await browser.newContext(DESKTOP)
    const page = await context.newPage()
    const errors = watchPageErrors(page)
    await signIn(page, admin.email, admin.password)
    await page.getByTestId('admin-link').click()
    await page.waitForURL((url) => url.pathname === '/admin/users')

    const row = (email) => page.locator(`[data-testid="user-row"][data-user-email="${email}"]`)
    for (const account of [teacherA, teacherB]) {
      await row(account.email).waitFor()
      assert.equal(await row(account.email).getByTestId('user-role').textContent(), 'teacher')
      assert.equal(await row(account.email).getByTestId('user-active').textContent(), 'active')
      assert.ok((await row(account.email).textContent()).includes(account.display_name))
    }

    const teacherC = teacher('c')
    await page.getByTestId('new-user-email').fill(teacherC.email)
    await page.getByTestId('new-user-name').fill(teacherC.display_name)
    await page.getByTestId('new-user-password').fill(teacherC.password)
    await page.getByTestId('new-user-role').selectOption('teacher')
    const [created] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/users') && r.request().method() === 'POST'),
      page.getByTestId('new-user-submit').click(),
    ])
    assert.equal(created.status(), 201, await created.text())
    await row(teacherC.email).waitFor()
    // The new teacher can sign in with the initial password.
    await apiAs(teacherC.email, teacherC.password)

    await row(teacherC.email).getByTestId('user-toggle-active').click()
    await page.waitForFunction(
      (email) => document.querySelector(`[data-testid="user-row"][data-user-email="${email}"]`)?.dataset.active === 'false',
      teacherC.email,
    )
    assert.equal(await row(teacherC.email).getByTestId('user-active').textContent(), 'deactivated')
    await assert.rejects(apiAs(teacherC.email, teacherC.password), 'a deactivated teacher cannot sign in')
    await page.screenshot({ path: screenshotPath('admin-users'), fullPage: true, animations: 'disabled' })
    assert.deepEqual(errors, [])
    await context.close()
  })

  test('a personal token made on the account page works against the API until revoked', async () => {
    const context = await browser.newContext(DESKTOP)
    const page = await context.newPage()
    const errors = watchPageErrors(page)
    await signIn(page, teacherA.email, teacherA.password)
    await page.getByTestId('account-link').click()
    await page.waitForURL((url) => url.pathname === '/account')

    await page.getByTestId('token-name').fill('e2e script')
    await page.getByTestId('token-create').click()
    const secret = await page.getByTestId('token-secret').inputValue()
    assert.match(secret, /^kpt_/)
    assert.ok((await page.getByTestId('token-created').textContent()).includes('will not be shown again'))
    await page.screenshot({ path: screenshotPath('account-token'), fullPage: true, animations: 'disabled' })

    const asToken = () => fetch(`${baseUrl}/api/v1/users/me`, { headers: { Authorization: `Bearer ${secret}` } })
    const me = await asToken()
    assert.equal(me.status, 200)
    assert.equal((await me.json()).email, teacherA.email)

    page.once('dialog', (dialog) => dialog.accept())
    const tokenRow = page.getByTestId('token-row').filter({ hasText: 'e2e script' })
    await tokenRow.getByTestId('token-revoke').click()
    await tokenRow.waitFor({ state: 'detached' })
    assert.equal((await asToken()).status, 401)
    assert.deepEqual(errors, [])
    await context.close()
  })

  test('a wrong password is refused with the API’s message', async () => {
    const context = await browser.newContext(DESKTOP)
    const page = await context.newPage()
    await page.goto(`${baseUrl}/login`)
    await page.getByTestId('login-email').fill(teacherB.email)
    await page.getByTestId('login-password').fill('not the password')
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/login/access-token')),
      page.getByTestId('login-submit').click(),
    ])
    assert.equal(response.status(), 400)
    const { detail } = await response.json()
    const shown = page.getByTestId('login-error')
    await shown.waitFor()
    assert.equal((await shown.textContent()).trim(), detail)
    assert.ok(onLoginPage(new URL(page.url())), 'still on the login page')
    await page.screenshot({ path: screenshotPath('login-error'), animations: 'disabled' })
    await context.close()
  })
})
