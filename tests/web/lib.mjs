// lib.mjs - shared helpers for the browser tests: playwright-core driving Debian's chromium
// (/usr/bin/chromium; no browser is ever downloaded) against the real server.
//
//   const t = await setup()            fresh demo database, server on port 0, one browser
//   const { page, errors } = await t.open()   a new context (own cookies) and page; errors
//                                      collects console errors, page errors, CSP violations
//   await loginAs(page, 'officer', errors)   through the login form; waits for the role's home
//   assertNoErrors(errors)             at the end of a test
//   await t.teardown()                 closes the browser, stops the server by PID
//
// Each test file calls setup() once (in before/after hooks), so files stay independent.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(HERE, '../..');
export const BIN = resolve(ROOT, process.env.GUANLAN_BIN || './guanlan');
export const WEB = resolve(ROOT, 'web/dist');
export const SHOTS = join(HERE, 'screenshots');
export const CHROMIUM = process.env.GUANLAN_CHROMIUM || '/usr/bin/chromium';

// argon2id at its minimum cost: the tests log in often and need not resist cracking.
const ENV = { ...process.env, GUANLAN_FAST_HASH: '1' };

export const VIEWPORTS = {
  desktop: { width: 1366, height: 768 },
  phone: { width: 390, height: 844 },
};

// The demo users: username = role, password "<role>-demo".
export const ROLES = ['admin', 'leader', 'officer', 'handler', 'enterprise', 'viewer'];
export const password = (role) => `${role}-demo`;

// ---- server ----------------------------------------------------------------------------

// `guanlan demo` into a temporary directory, then `guanlan serve` on port 0 with --web.
export async function startServer() {
  assert.ok(existsSync(BIN), `${BIN} is missing: run make`);
  assert.ok(existsSync(join(WEB, 'index.html')), `${WEB}/index.html is missing: run make web`);
  const dir = mkdtempSync(join(tmpdir(), 'guanlan-web-'));
  const db = join(dir, 'demo.db');
  const demo = spawnSync(BIN, ['demo', '--db', db], { encoding: 'utf8', env: ENV });
  if (demo.status !== 0) throw new Error(`guanlan demo failed: ${demo.stderr}`);
  const child = spawn(BIN, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--threads', '2', '--quiet',
    '--web', WEB], { stdio: ['ignore', 'pipe', 'pipe'], env: ENV });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const base = await new Promise((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`server did not start: ${stderr}`)), 15000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/[\d.]+:\d+)/);
      if (m) { clearTimeout(timer); ok(m[1]); }
    });
    child.on('exit', (code) => { clearTimeout(timer); fail(new Error(`server exited ${code}: ${stderr}`)); });
  });
  return {
    base, db, dir,
    log: () => stderr,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.on('exit', (code, sig) => r(code ?? sig)));
        process.kill(child.pid, 'SIGTERM');
        const code = await exited;
        assert.equal(code, 0, `server exited with ${code}: ${stderr}`);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// ---- browser ---------------------------------------------------------------------------

export function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// Every console error, page error and CSP violation of a context, for assertNoErrors.
// Chromium logs each 4xx answer as "Failed to load resource: ... status of N"; those the
// test provoked on purpose are let through with allowHttp(status, pathPart).
function watch(context) {
  const problems = [];
  const allowed = [];
  const hook = (page) => {
    page.on('console', (m) => {
      if (m.type() !== 'error' && m.type() !== 'warning') return;
      const text = m.text();
      const url = m.location()?.url || '';
      const http = /status of (\d{3})/.exec(text);
      if (http && allowed.some((a) => a.status === Number(http[1]) && url.includes(a.path))) return;
      // Vue and Element Plus print warnings only in development builds; any warning
      // that reaches a production build (and every CSP report) is a problem.
      problems.push(`${m.type()}: ${text}${url ? ` (${url})` : ''}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  };
  context.on('page', hook);
  return {
    problems,
    allowHttp(status, path) { allowed.push({ status, path }); },
  };
}

export async function setup() {
  const server = await startServer();
  let browser;
  try { browser = await launch(); } catch (e) { await server.stop(); throw e; }
  mkdirSync(SHOTS, { recursive: true });
  const contexts = [];
  return {
    server,
    browser,
    base: server.base,
    // A new browser context (its own cookies: a separate person) and its first page.
    async open({ viewport = VIEWPORTS.desktop } = {}) {
      const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai',
        baseURL: server.base });
      context.setDefaultTimeout(10000);
      // A CSP violation also lands in the console, but say it plainly and always.
      await context.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) =>
          console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`));
      });
      const w = watch(context);
      const page = await context.newPage();
      contexts.push(context);
      return { context, page, errors: w };
    },
    async teardown() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser?.close().catch(() => {});
      await server.stop();
    },
  };
}

// ---- app helpers -----------------------------------------------------------------------

// Where each role lands after logging in.
export const HOME = {
  admin: '/users', leader: '/dashboard', viewer: '/dashboard',
  officer: '/projects', handler: '/projects', enterprise: /\/enterprises\/\d+$/,
};

// Log in through the form and wait for the role's home page.  The first visit asks
// /auth/me and gets a 401 (nobody is logged in yet): that console line is expected.
export async function loginAs(page, role, errors) {
  errors?.allowHttp(401, '/api/v1/auth/me');
  await page.goto('/login');
  await page.getByLabel('用户名').fill(role);
  await page.getByLabel('密码').fill(password(role));
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL((u) => matches(HOME[role], u.pathname));
  await settle(page);
}

function matches(want, path) {
  return typeof want === 'string' ? path === want : want.test(path);
}

// Wait until the network is quiet and no loading mask or skeleton is showing.
export async function settle(page) {
  await page.waitForLoadState('networkidle');
  await page.locator('.el-loading-mask:visible, .el-skeleton:visible').first()
    .waitFor({ state: 'detached', timeout: 5000 }).catch(() => {});
}

// The side-menu entries as shown (wide layouts).
export async function menuEntries(page) {
  return (await page.locator('aside .el-menu-item').allInnerTexts()).map((s) => s.trim());
}

// The option of an Element Plus select with this text, looked up in that select's own list
// (its combobox names the list in aria-controls).  A bare '.el-select-dropdown__item:visible'
// can hit the list of a select just closed, still fading out, and miss on a slow machine.
export async function optionOf(page, select, text) {
  const box = select.locator('[role="combobox"]').first();
  const id = await box.getAttribute('aria-controls');
  return page.locator(`[id="${id}"] .el-select-dropdown__item`, { hasText: text }).first();
}

// Open a single-choice select and choose the option with this text; wait for its list to close.
export async function pick(page, select, text) {
  await select.click();
  const item = await optionOf(page, select, text);
  await item.click();
  await item.waitFor({ state: 'hidden' });
}

// Does the page body scroll sideways?
export async function horizontalOverflow(page) {
  return page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
}

export async function shot(page, name) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

export function assertNoErrors(w, what = 'the console') {
  assert.deepEqual(w.problems, [], `${what} should show no errors or CSP violations`);
}

// ---- the API from Node, as a user (to set up and to check what the server holds) ------

// Log in with fetch; returns { call(method, path, body, headers), cookie, csrf, user }.
export async function apiAs(base, role) {
  const r = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: role, password: password(role) }),
  });
  const body = await r.json();
  assert.equal(r.status, 200, `API login as ${role}: ${JSON.stringify(body)}`);
  const cookie = r.headers.get('set-cookie').split(';')[0];
  return {
    cookie, csrf: body.csrf_token, user: body.user,
    call: (method, path, json, headers = {}) => callApi(base, method, path, json,
      { Cookie: cookie, 'X-CSRF-Token': body.csrf_token, ...headers }),
  };
}

// One request; returns { status, json }.
export async function callApi(base, method, path, json, headers = {}) {
  const h = { ...headers };
  if (json !== undefined) h['Content-Type'] = 'application/json';
  const r = await fetch(base + path, { method, headers: h, body: json === undefined ? undefined : JSON.stringify(json) });
  const text = await r.text();
  return { status: r.status, json: text ? JSON.parse(text) : null };
}
