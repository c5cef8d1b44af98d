// session.test.mjs - logging in and out: a wrong password is refused on the form; logging
// out goes back to the login page and the old session cookie no longer works.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertNoErrors, callApi, loginAs, settle, setup, shot } from './lib.mjs';

let t;
before(async () => { t = await setup(); });
after(async () => { await t?.teardown(); });

test('a wrong password is refused on the login form', async () => {
  const { page, errors } = await t.open();
  errors.allowHttp(401, '/api/v1/auth/');
  await page.goto('/projects');
  await page.waitForURL((u) => u.pathname === '/login' && u.searchParams.get('next') === '/projects');
  await page.getByLabel('用户名').fill('officer');
  await page.getByLabel('密码').fill('not-the-password');
  await page.getByRole('button', { name: '登录' }).click();
  await assert.doesNotReject(page.locator('.el-alert--error', { hasText: '用户名或密码不正确' }).waitFor());
  assert.equal(await page.getByLabel('密码').inputValue(), '', 'the password box is cleared');
  await shot(page, 'login-refused');
  // The right password then leads to where the user was going.
  await page.getByLabel('密码').fill('officer-demo');
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL(/\/projects$/);
  assertNoErrors(errors);
});

test('logging out returns to the login page and ends the session', async () => {
  const { context, page, errors } = await t.open();
  await loginAs(page, 'officer', errors);
  const cookie = (await context.cookies()).find((c) => c.name === 'guanlan_session');
  assert.ok(cookie?.httpOnly, 'an HttpOnly session cookie');
  const csrf = (await page.evaluate(async () => (await fetch('/api/v1/auth/me')).json())).csrf_token;
  const old = { Cookie: `guanlan_session=${cookie.value}`, 'X-CSRF-Token': csrf };
  assert.equal((await callApi(t.base, 'GET', '/api/v1/auth/me', undefined, old)).status, 200);

  await page.locator('header .user').click();
  await page.getByRole('menuitem', { name: '退出登录' }).click();
  await page.waitForURL(/\/login$/);
  await assert.doesNotReject(page.getByRole('button', { name: '登录' }).waitFor());
  assert.equal((await context.cookies()).filter((c) => c.name === 'guanlan_session').length, 0, 'the cookie is gone');
  await shot(page, 'logged-out');

  // The old session is dead on the server: reading and writing with it are refused.
  assert.equal((await callApi(t.base, 'GET', '/api/v1/auth/me', undefined, old)).status, 401);
  assert.equal((await callApi(t.base, 'GET', '/api/v1/projects', undefined, old)).status, 401);
  assert.equal((await callApi(t.base, 'POST', '/api/v1/enterprises', { name: '登出后' }, old)).status, 401);

  // And the app asks to log in again.
  errors.allowHttp(401, '/api/v1/auth/me');
  await page.goto('/projects');
  await page.waitForURL((u) => u.pathname === '/login' && u.searchParams.get('next') === '/projects');
  await settle(page);
  assertNoErrors(errors);
});
