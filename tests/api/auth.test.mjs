// auth.test.mjs - accounts against a demo server: login and its cookie, the generic failure,
// /auth/me, logout, CSRF, the Origin check, throttling, idle and absolute session expiry,
// API tokens, password changes and resets, disabled users, user validation and the audit
// trail.  Time is never waited for: time-stamps in the database are moved into the past with
// the sqlite3 shell.  The last test checks that no secret reached the server log.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, startServer } from './lib.mjs';
import {
  ENT, PRJ, assertError, assertInvalid, createEnterprise, get, refusedWithoutChange, uniqueName,
} from './helpers.mjs';
import {
  AUDIT, LOGIN, LOGOUT, ME, PASSWORD, TOKENS, USERS, bearer, cookieOf, createUser, login,
  loginRequest, sql, sqlOk, unixNow,
} from './sessions.mjs';

// ---- servers, and every secret the tests hand out (none may appear in a server log) ----

const servers = [];
const secrets = new Set();

function keep(...values) {
  for (const v of values) if (v) secrets.add(v);
}

async function server(options = { demo: true }) {
  const srv = await startServer(options);
  servers.push(srv);
  keep(srv.token);
  return srv;
}

// login() that remembers the password, the cookie and the CSRF value.
async function signIn(srv, username, password) {
  const s = await login(srv, username, password);
  keep(s.password, s.cookie.split('=')[1], s.csrf);
  return s;
}

// A throwaway user (made with the admin token), remembered as a secret.
async function newUser(srv, role = 'viewer', extra = {}) {
  const u = await createUser(srv, role, extra);
  keep(u.password);
  return u;
}

// A token made by session (or by anyone with .post), remembered as a secret.
async function newToken(who, name = '集成测试', extra = { expires_on: inDays(30) }) {
  const r = await who.post(TOKENS, { name, ...extra });
  assert.equal(r.status, 201, `creating a token: ${r.text}`);
  keep(r.json.token);
  return r.json;
}

const inDays = (n) => new Date(Date.now() + n * 86400e3).toISOString().slice(0, 10);
const BAD_LOGIN = { status: 401, code: 'bad_credentials' };

let srv; // the shared demo server
before(async () => { srv = await server(); });
after(async () => { for (const s of servers) await s.stop(); });

// ---- login -------------------------------------------------------------------------------

describe('login', () => {
  test('success: 200, the user, a CSRF value and an HttpOnly SameSite=Lax cookie on /', async () => {
    const r = await loginRequest(srv, 'officer', 'officer-demo');
    assert.equal(r.status, 200, r.text);
    const set = r.headers.get('set-cookie');
    const parts = set.split(';').map((x) => x.trim());
    assert.match(parts[0], /^guanlan_session=[A-Za-z0-9_-]{20,}$/);
    keep(parts[0].split('=')[1], r.json.csrf_token);
    const attrs = parts.slice(1).map((x) => x.toLowerCase());
    assert.ok(attrs.includes('httponly'), `HttpOnly: ${set}`);
    assert.ok(attrs.includes('samesite=lax'), `SameSite=Lax: ${set}`);
    assert.ok(attrs.includes('path=/'), `Path=/: ${set}`);
    assert.ok(!attrs.includes('secure'), 'no Secure without --secure-cookies (plain HTTP in tests)');
    const maxAge = attrs.find((a) => a.startsWith('max-age='));
    assert.ok(maxAge && Number(maxAge.split('=')[1]) > 0, `a Max-Age: ${set}`);
    assert.equal(r.json.user.username, 'officer');
    assert.equal(r.json.user.role, 'officer');
    assert.equal(typeof r.json.csrf_token, 'string');
    assert.ok(r.json.csrf_token.length >= 20);
    assert.ok(!parts[0].includes(r.json.csrf_token), 'the CSRF value is not the session secret');
    assert.ok(!/password|hash/i.test(JSON.stringify(r.json)), `no password material: ${r.text}`);
  });

  test('a wrong password and an unknown user get the identical 401', async () => {
    const wrong = await loginRequest(srv, 'leader', 'not-the-password');
    const unknown = await loginRequest(srv, 'nobody-like-this', 'not-the-password');
    assertError(wrong, BAD_LOGIN.status, BAD_LOGIN.code);
    assert.equal(unknown.status, wrong.status);
    assert.equal(unknown.text, wrong.text, 'the body must not tell which part was wrong');
    assert.equal(unknown.headers.get('content-type'), wrong.headers.get('content-type'));
    assert.equal(wrong.headers.get('set-cookie'), null);
    // A success clears the failures (so later tests of this server start from zero).
    await signIn(srv, 'leader', 'leader-demo');
  });

  test('missing or malformed fields: 422, not 401', async () => {
    assertInvalid(await api(srv, 'POST', LOGIN, { username: 'viewer' }, { Authorization: null }), ['password']);
    assertInvalid(await api(srv, 'POST', LOGIN, { password: 'x' }, { Authorization: null }), ['username']);
    assertInvalid(await api(srv, 'POST', LOGIN, { username: 'viewer', password: 'viewer-demo', extra: 1 },
      { Authorization: null }), ['extra']);
  });

  test('GET /auth/me answers who is logged in, for a cookie and for a token', async () => {
    const s = await signIn(srv, 'handler', 'handler-demo');
    const r = await s.get(ME);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.user.username, 'handler');
    assert.equal(r.json.user.role, 'handler');
    assert.deepEqual(r.json.user.unit_ids, [3]);
    assert.equal(r.json.user.enterprise_id, null);
    assert.equal(r.json.csrf_token, s.csrf);
    const e = await (await signIn(srv, 'enterprise', 'enterprise-demo')).get(ME);
    assert.equal(e.json.user.role, 'enterprise');
    assert.ok(Number.isInteger(e.json.user.enterprise_id));
    const t = await bearer(srv, srv.token).get(ME);
    assert.equal(t.status, 200, t.text);
    assert.equal(t.json.user.username, 'admin');
    assert.equal(t.json.csrf_token ?? null, null, 'a token has no CSRF value');
  });

  test('login from a foreign Origin is refused (403); the same origin or none is fine', async () => {
    const foreign = await loginRequest(srv, 'viewer', 'viewer-demo', { Origin: 'http://evil.example' });
    assertError(foreign, 403, 'csrf');
    assert.equal(foreign.headers.get('set-cookie'), null);
    assertError(await loginRequest(srv, 'viewer', 'viewer-demo', { Origin: 'null' }), 403, 'csrf');
    const same = await loginRequest(srv, 'viewer', 'viewer-demo', { Origin: srv.base });
    assert.equal(same.status, 200, same.text);
    keep(cookieOf(same), same.json.csrf_token);
  });
});

test('security headers and no-store on logins, refusals and the session', async () => {
  const s = await signIn(srv, 'viewer', 'viewer-demo');
  for (const r of [await loginRequest(srv, 'viewer', 'viewer-demo'), await s.get(ME),
    await api(srv, 'GET', ME, undefined, { Authorization: null })]) {
    keep(cookieOf(r), r.json?.csrf_token);
    assert.match(r.headers.get('content-security-policy') || '', /frame-ancestors 'none'/);
    assert.doesNotMatch(r.headers.get('content-security-policy') || '', /script-src[^;]*unsafe-inline/);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
    assert.ok(r.headers.get('referrer-policy'));
    assert.equal(r.headers.get('cache-control'), 'no-store');
  }
});

// ---- logout ------------------------------------------------------------------------------

describe('logout', () => {
  test('revokes the session: 204, the cookie is cleared, the old cookie then gets 401', async () => {
    const s = await signIn(srv, 'viewer', 'viewer-demo');
    const other = await signIn(srv, 'viewer', 'viewer-demo');
    const r = await s.post(LOGOUT);
    assert.equal(r.status, 204, r.text);
    assert.match(r.headers.get('set-cookie') || '', /^guanlan_session=;.*Max-Age=0/i);
    assertError(await s.get(ME), 401, 'unauthenticated');
    assertError(await s.post(LOGOUT), 401, 'unauthenticated');
    assert.equal((await other.get(ME)).status, 200, 'other sessions of the user stay');
  });

  test('logout needs the CSRF value like any other write', async () => {
    const s = await signIn(srv, 'viewer', 'viewer-demo');
    assertError(await s.post(LOGOUT, undefined, { 'X-CSRF-Token': null }), 403, 'csrf');
    assert.equal((await s.get(ME)).status, 200, 'a refused logout leaves the session');
  });
});

// ---- CSRF --------------------------------------------------------------------------------

describe('CSRF', () => {
  let officer;
  before(async () => { officer = await signIn(srv, 'officer', 'officer-demo'); });

  test('a cookie POST without X-CSRF-Token: 403 csrf, nothing created', async () => {
    const r = await refusedWithoutChange(srv, () => officer.post(ENT, { name: uniqueName('无令牌企业') }, { 'X-CSRF-Token': null }));
    assertError(r, 403, 'csrf');
  });

  test('a cookie POST with a wrong X-CSRF-Token: 403 csrf, nothing created', async () => {
    const other = await signIn(srv, 'officer', 'officer-demo');
    for (const token of ['wrong', officer.csrf.slice(0, -1), other.csrf, '', `${officer.csrf}x`]) {
      const r = await refusedWithoutChange(srv, () => officer.post(ENT, { name: uniqueName('错令牌企业') }, { 'X-CSRF-Token': token }));
      assertError(r, 403, 'csrf');
    }
  });

  test('with the right X-CSRF-Token: 201', async () => {
    const r = await officer.post(ENT, { name: uniqueName('有令牌企业') });
    assert.equal(r.status, 201, r.text);
  });

  test('PATCH and DELETE need it too; GET does not', async () => {
    const e = await createEnterprise(srv);
    assertError(await officer.patch(`${ENT}/${e.id}`, { address: '某地' }, { 'If-Match': '"1"', 'X-CSRF-Token': null }), 403, 'csrf');
    assertError(await officer.delete(`${ENT}/${e.id}`, { 'X-CSRF-Token': null }), 403, 'csrf');
    assert.equal((await get(srv, `${ENT}/${e.id}`)).version, 1, 'nothing changed');
    assert.equal((await officer.get(`${ENT}/${e.id}`)).status, 200);
    assert.equal((await officer.delete(`${ENT}/${e.id}`)).status, 204);
  });

  test('bearer tokens need no CSRF value', async () => {
    const t = await newToken(officer);
    const r = await bearer(srv, t.token).post(ENT, { name: uniqueName('令牌企业') });
    assert.equal(r.status, 201, r.text);
  });
});

// ---- throttling --------------------------------------------------------------------------
//
// Every failure counts against "user:NAME" and "addr:IP"; five are free, then locks double.
// Each test has a fresh server: the counters live in the database.

describe('login throttling', () => {
  const throttleRow = (s, key) => {
    const out = sqlOk(s, `SELECT failures, last_failure, locked_until FROM login_throttle WHERE key = '${key}'`);
    if (!out) return null;
    const [failures, lastFailure, lockedUntil] = out.split('|').map(Number);
    return { failures, lastFailure, lockedUntil };
  };

  function assertThrottled(r) {
    assertError(r, 429, 'throttled');
    const after = r.headers.get('retry-after');
    assert.match(after || '', /^[1-9]\d*$/, `Retry-After in whole seconds: ${after}`);
    return Number(after);
  }

  // Fail logins (each with its own username when names is a function) until one is refused
  // with 429; returns the attempts that got 401 before it.
  async function failUntilLocked(s, names) {
    const first = await loginRequest(s, names(0), 'wrong-password');
    assertError(first, BAD_LOGIN.status, BAD_LOGIN.code);
    for (let i = 1; i < 30; i++) {
      const r = await loginRequest(s, names(i), 'wrong-password');
      if (r.status === 429) return { failures: i, response: r };
      assert.equal(r.text, first.text, `attempt ${i + 1}: ${r.status} ${r.text}`);
    }
    assert.fail('never locked');
  }

  test('five failures, then 429 with Retry-After: even the right password is refused', async () => {
    const s = await server();
    const { failures, response } = await failUntilLocked(s, () => 'leader');
    // Five failures are free; the lock starts at the latest with the sixth (the attempt
    // after it is refused).
    assert.ok(failures >= 5 && failures <= 6, `locked after ${failures} failures`);
    const wait = assertThrottled(response);
    assert.ok(wait <= 2, `the first lock is short: ${wait} s`);
    // The first lock lasts a second: lengthen it so that the next check cannot race the clock.
    sqlOk(s, `UPDATE login_throttle SET locked_until = strftime('%s','now') + 120 WHERE key = 'user:leader'`);
    const right = await loginRequest(s, 'leader', 'leader-demo');
    const retry = assertThrottled(right);
    assert.ok(retry > 60 && retry <= 120, `Retry-After counts down the lock: ${retry}`);
    assert.equal(right.headers.get('set-cookie'), null);
    // The lock is the account's: from a clean address, another user logs in, leader does not.
    sqlOk(s, "DELETE FROM login_throttle WHERE key LIKE 'addr:%'");
    await signIn(s, 'viewer', 'viewer-demo');
    assertThrottled(await loginRequest(s, 'leader', 'leader-demo'));
    // When the lock is over, the right password works and clears the count.
    sqlOk(s, "UPDATE login_throttle SET locked_until = strftime('%s','now') - 1 WHERE key = 'user:leader'");
    await signIn(s, 'leader', 'leader-demo');
    assert.equal(throttleRow(s, 'user:leader'), null, 'a successful login clears the failures');
  });

  test('the address is locked across usernames after twenty failures (a whole office shares one NAT address)', async () => {
    const s = await server();
    // A fresh username every time: no account reaches its own limit.
    const { failures, response } = await failUntilLocked(s, (i) => `stranger-${i}`);
    assert.ok(failures >= 20 && failures <= 21, `locked after ${failures} failures`);
    assertThrottled(response);
    for (let i = 0; i < failures; i++) {
      const row = throttleRow(s, `user:stranger-${i}`);
      assert.equal(row?.failures, 1, `user:stranger-${i}`);
      assert.equal(row.lockedUntil, 0, `user:stranger-${i} is not locked itself`);
    }
    const addr = throttleRow(s, 'addr:127.0.0.1');
    assert.equal(addr?.failures, failures);
    // Lengthen the (one second) lock, then: a real user with the right password from the
    // same address is refused too.
    sqlOk(s, "UPDATE login_throttle SET locked_until = strftime('%s','now') + 120 WHERE key = 'addr:127.0.0.1'");
    assertThrottled(await loginRequest(s, 'leader', 'leader-demo'));
    assertThrottled(await loginRequest(s, 'viewer', 'viewer-demo'));
  });

  test('a login that is not locked clears the failures; four failures are no lock', async () => {
    const s = await server();
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 4; i++) assertError(await loginRequest(s, 'officer', 'wrong-password'), 401, 'bad_credentials');
      await signIn(s, 'officer', 'officer-demo');
    }
    assert.equal(throttleRow(s, 'user:officer'), null);
  });

  test('each further failure doubles the lock, up to 15 minutes', async () => {
    const s = await server();
    const lockAfterFailure = async (failuresBefore) => {
      sqlOk(s, "DELETE FROM login_throttle");
      sqlOk(s, `INSERT INTO login_throttle VALUES ('user:officer', ${failuresBefore}, strftime('%s','now'), 0)`);
      assertError(await loginRequest(s, 'officer', 'wrong-password'), 401, 'bad_credentials');
      const row = throttleRow(s, 'user:officer');
      assert.equal(row.failures, failuresBefore + 1);
      return row.lockedUntil === 0 ? 0 : row.lockedUntil - row.lastFailure;
    };
    assert.equal(await lockAfterFailure(3), 0, 'the 4th failure: no lock');
    assert.equal(await lockAfterFailure(4), 0, 'the 5th failure: no lock');
    const sixth = await lockAfterFailure(5);
    const seventh = await lockAfterFailure(6);
    const eighth = await lockAfterFailure(7);
    assert.ok(sixth >= 1, 'the 6th failure locks');
    assert.equal(seventh, 2 * sixth, 'then doubles');
    assert.equal(eighth, 2 * seventh, 'and doubles');
    assert.equal(await lockAfterFailure(40), 900, 'at most 15 minutes');
    assert.equal(await lockAfterFailure(10000), 900, 'at most 15 minutes, however many failures');
    // A day without failures starts the count again.
    sqlOk(s, "DELETE FROM login_throttle");
    sqlOk(s, "INSERT INTO login_throttle VALUES ('user:officer', 40, strftime('%s','now') - 90000, 0)");
    assertError(await loginRequest(s, 'officer', 'wrong-password'), 401, 'bad_credentials');
    assert.deepEqual(throttleRow(s, 'user:officer').failures, 1);
  });
});

// ---- session expiry ----------------------------------------------------------------------
//
// A server with a 60-second idle time; sessions are aged by moving their time-stamps back.

describe('session expiry (--session-idle 60)', () => {
  let s60;
  before(async () => { s60 = await server({ demo: true, args: ['--session-idle', '60'] }); });

  // Move the time-stamps of the session back by seconds, as if that much time had passed.
  const age = (session, seconds) => sqlOk(s60, `UPDATE credential SET created_at = created_at - ${seconds},`
    + ` last_used_at = last_used_at - ${seconds}, expires_at = expires_at - ${seconds}`
    + ` WHERE csrf = '${session.csrf}'`);
  const setCol = (session, col, value) => sqlOk(s60, `UPDATE credential SET ${col} = ${value} WHERE csrf = '${session.csrf}'`);

  test('idle: unused for longer than the idle time, the session is over (401)', async () => {
    const s = await signIn(s60, 'viewer', 'viewer-demo');
    setCol(s, 'last_used_at', unixNow() - 30);
    assert.equal((await s.get(ME)).status, 200, 'unused for 30 s: still valid');
    setCol(s, 'last_used_at', unixNow() - 61);
    assertError(await s.get(ME), 401, 'unauthenticated');
    setCol(s, 'last_used_at', unixNow());
    assert.equal((await s.get(ME)).status, 200, 'the same session, used just now');
  });

  test('absolute: past expires_at the session is over even when in use (401)', async () => {
    const s = await signIn(s60, 'viewer', 'viewer-demo');
    setCol(s, 'expires_at', unixNow() - 1);
    assertError(await s.get(ME), 401, 'unauthenticated');
    setCol(s, 'expires_at', unixNow() + 3600);
    assert.equal((await s.get(ME)).status, 200);
  });

  test('the absolute limit is --session-max (12 h by default) from the login', async () => {
    const s = await signIn(s60, 'viewer', 'viewer-demo');
    const [created, expires] = sqlOk(s60, `SELECT created_at, expires_at FROM credential WHERE csrf = '${s.csrf}'`)
      .split('|').map(Number);
    assert.equal(expires - created, 12 * 3600);
  });

  test('a session in use does not expire: each use restarts the idle time', async () => {
    const s = await signIn(s60, 'viewer', 'viewer-demo');
    // Last recorded use 45 s ago; now it is used again.
    setCol(s, 'last_used_at', unixNow() - 45);
    assert.equal((await s.get(ME)).status, 200);
    // 30 seconds pass: the last use was 30 s ago, well inside the 60 s idle time.
    age(s, 30);
    assert.equal((await s.get(ME)).status, 200, 'a session used 30 s ago must not be idle-expired (60 s idle time)');
  });

  test('a use is recorded, so that the session lives on (default idle time, 2 h)', async () => {
    const s = await signIn(srv, 'viewer', 'viewer-demo');
    const set = (sqlText) => sqlOk(srv, `UPDATE credential SET ${sqlText} WHERE csrf = '${s.csrf}'`);
    set(`last_used_at = ${unixNow() - 7000}`);
    assert.equal((await s.get(ME)).status, 200, 'unused for 7000 s of 7200: still valid');
    // Another 7000 s pass: the use above restarted the idle time.
    set('last_used_at = last_used_at - 7000, created_at = created_at - 7000');
    assert.equal((await s.get(ME)).status, 200, 'used 7000 s ago');
    set(`last_used_at = ${unixNow() - 7201}`);
    assertError(await s.get(ME), 401, 'unauthenticated');
  });

  test('tokens have no idle time, only their own expiry', async () => {
    const t = await newToken(await signIn(s60, 'viewer', 'viewer-demo'));
    sqlOk(s60, `UPDATE credential SET last_used_at = ${unixNow() - 100000} WHERE id = ${t.id}`);
    assert.equal((await bearer(s60, t.token).get(ME)).status, 200, 'a token unused for a day still works');
    sqlOk(s60, `UPDATE credential SET expires_at = ${unixNow() - 1} WHERE id = ${t.id}`);
    assertError(await bearer(s60, t.token).get(ME), 401, 'unauthenticated');
  });
});

// ---- API tokens --------------------------------------------------------------------------

describe('API tokens', () => {
  let officer;
  before(async () => { officer = await signIn(srv, 'officer', 'officer-demo'); });

  test('POST shows the secret once; GET lists the token without it', async () => {
    const r = await officer.post(TOKENS, { name: '数据同步', expires_on: inDays(10) });
    assert.equal(r.status, 201, r.text);
    keep(r.json.token);
    assert.match(r.json.token, /^glt_[A-Za-z0-9_-]{40,}$/);
    assert.equal(r.json.name, '数据同步');
    assert.equal(r.headers.get('location'), `${TOKENS}/${r.json.id}`);
    assert.equal(r.json.revoked_at, null);
    assert.ok(r.json.expires_at);
    const list = await officer.get(TOKENS);
    assert.equal(list.status, 200, list.text);
    const item = list.json.items.find((x) => x.id === r.json.id);
    assert.ok(item, 'the new token is listed');
    assert.equal(item.name, '数据同步');
    assert.equal('token' in item, false, 'the list has no secret');
    assert.ok(!list.text.includes(r.json.token), 'the secret appears nowhere in the list');
    assert.ok(!list.text.includes(r.json.token.slice(4, 20)), 'not even part of it');
    assert.ok(!sqlOk(srv, 'SELECT group_concat(token_hash) FROM credential').includes(r.json.token),
      'the database keeps a hash only');
  });

  test('a token without expires_on never expires: 201', async () => {
    const r = await officer.post(TOKENS, { name: '长期令牌' });
    assert.equal(r.status, 201, `expires_on is optional: ${r.text}`);
    keep(r.json.token);
    assert.equal(r.json.expires_at, null);
  });

  test('refused: no name, an expiry in the past, an unknown field', async () => {
    assertInvalid(await officer.post(TOKENS, { expires_on: inDays(3) }), ['name']);
    assertInvalid(await officer.post(TOKENS, { name: 'x', expires_on: '2020-01-01' }), ['expires_on']);
    assertInvalid(await officer.post(TOKENS, { name: 'x', expires_on: 'tomorrow' }), ['expires_on']);
    assertInvalid(await officer.post(TOKENS, { name: 'x', expires_on: inDays(3), scope: 'all' }), ['scope']);
  });

  test('the token works as a Bearer credential, as its user', async () => {
    const t = await newToken(officer);
    const me = await bearer(srv, t.token).get(ME);
    assert.equal(me.status, 200, me.text);
    assert.equal(me.json.user.username, 'officer');
    assertError(await bearer(srv, t.token).get(USERS), 403, 'forbidden');
    assertError(await bearer(srv, `${t.token}x`).get(ME), 401, 'unauthenticated');
    assertError(await api(srv, 'GET', ME, undefined, { Authorization: `Basic ${t.token}` }), 401, 'unauthenticated');
  });

  test('DELETE revokes it: 204, then the token gets 401 and the list shows revoked_at', async () => {
    const t = await newToken(officer);
    const r = await officer.delete(`${TOKENS}/${t.id}`);
    assert.equal(r.status, 204, r.text);
    assertError(await bearer(srv, t.token).get(ME), 401, 'unauthenticated');
    const item = (await officer.get(TOKENS)).json.items.find((x) => x.id === t.id);
    assert.ok(item?.revoked_at, 'the list shows when it was revoked');
    assertError(await officer.delete(`${TOKENS}/${t.id}`), 404, 'not_found');
  });

  test("another user's token id: 404, and the token still works", async () => {
    const leader = await signIn(srv, 'leader', 'leader-demo');
    const t = await newToken(leader);
    assertError(await officer.delete(`${TOKENS}/${t.id}`), 404, 'not_found');
    assert.ok(!(await officer.get(TOKENS)).json.items.some((x) => x.id === t.id), 'nor is it listed');
    assert.equal((await bearer(srv, t.token).get(ME)).status, 200);
    assertError(await officer.delete(`${TOKENS}/99999999`), 404, 'not_found');
  });

  test('a session is not a token: DELETE /tokens/{id of a session} is 404', async () => {
    const s = await signIn(srv, 'viewer', 'viewer-demo');
    const id = sqlOk(srv, `SELECT id FROM credential WHERE csrf = '${s.csrf}'`);
    assertError(await s.delete(`${TOKENS}/${id}`), 404, 'not_found');
    assert.equal((await s.get(ME)).status, 200, 'the session lives');
  });
});

// ---- passwords ---------------------------------------------------------------------------

describe('passwords', () => {
  test('change: a wrong old password is 422 old_password; a weak new one 422 new_password', async () => {
    const u = await newUser(srv);
    const s = await signIn(srv, u.username, u.password);
    assertInvalid(await s.post(PASSWORD, { old_password: 'not-my-password', new_password: 'a-new-password' }),
      { old_password: 'wrong' });
    assertInvalid(await s.post(PASSWORD, { old_password: u.password, new_password: 'short' }), ['new_password']);
    assertInvalid(await s.post(PASSWORD, { old_password: u.password, new_password: '1234567890' }), ['new_password']);
    assertInvalid(await s.post(PASSWORD, { new_password: 'a-new-password' }), ['old_password']);
    await signIn(srv, u.username, u.password); // unchanged
  });

  test('change: the old password no longer logs in, other sessions and tokens end, this one stays', async () => {
    const u = await newUser(srv);
    const mine = await signIn(srv, u.username, u.password);
    const other = await signIn(srv, u.username, u.password);
    const token = await newToken(other);
    const next = `${u.password}-next`;
    keep(next);
    const r = await mine.post(PASSWORD, { old_password: u.password, new_password: next });
    assert.equal(r.status, 204, r.text);
    assert.equal((await mine.get(ME)).status, 200, 'the session that changed it stays');
    assertError(await other.get(ME), 401, 'unauthenticated');
    assertError(await bearer(srv, token.token).get(ME), 401, 'unauthenticated');
    const old = await loginRequest(srv, u.username, u.password);
    assertError(old, 401, 'bad_credentials');
    await signIn(srv, u.username, next);
  });

  test('admin reset via POST /users/{id}/password: new password works, sessions end', async () => {
    const u = await newUser(srv);
    const s = await signIn(srv, u.username, u.password);
    assertInvalid(await api(srv, 'POST', `${USERS}/${u.id}/password`, { password: '12345678' }), ['password']);
    assertInvalid(await api(srv, 'POST', `${USERS}/${u.id}/password`, {}), ['password']);
    const fresh = `reset-${u.password}`;
    keep(fresh);
    const r = await api(srv, 'POST', `${USERS}/${u.id}/password`, { password: fresh });
    assert.equal(r.status, 204, r.text);
    assertError(await s.get(ME), 401, 'unauthenticated');
    assertError(await loginRequest(srv, u.username, u.password), 401, 'bad_credentials');
    await signIn(srv, u.username, fresh);
    assertError(await api(srv, 'POST', `${USERS}/99999999/password`, { password: fresh }), 404, 'not_found');
  });
});

// ---- disabling users ---------------------------------------------------------------------

describe('disabled users', () => {
  test('PATCH disabled:true ends their sessions and tokens; login fails with the generic 401', async () => {
    const u = await newUser(srv, 'officer');
    const s = await signIn(srv, u.username, u.password);
    const t = await newToken(s);
    const r = await api(srv, 'PATCH', `${USERS}/${u.id}`, { disabled: true }, { 'If-Match': `"${u.version}"` });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.disabled, true);
    assertError(await s.get(ME), 401, 'unauthenticated');
    assertError(await bearer(srv, t.token).get(ME), 401, 'unauthenticated');
    const refused = await loginRequest(srv, u.username, u.password);
    const wrong = await loginRequest(srv, 'leader', 'not-the-password');
    assertError(refused, 401, 'bad_credentials');
    assert.equal(refused.text, wrong.text, 'a disabled account looks like a wrong password');
    // Enabled again, the user logs in (the old sessions stay revoked).
    const again = await api(srv, 'PATCH', `${USERS}/${u.id}`, { disabled: false }, { 'If-Match': `"${r.json.version}"` });
    assert.equal(again.status, 200, again.text);
    await signIn(srv, u.username, u.password);
    assertError(await s.get(ME), 401, 'unauthenticated');
    await signIn(srv, 'leader', 'leader-demo'); // clears the failures of this address
  });

  test('an admin cannot disable themselves or drop their own admin role (422)', async () => {
    const admin = await signIn(srv, 'admin', 'admin-demo');
    const self = await admin.get(`${USERS}/${admin.user.id}`);
    assert.equal(self.status, 200, self.text);
    assertInvalid(await admin.patch(`${USERS}/${admin.user.id}`, { disabled: true }, { 'If-Match': '*' }), ['disabled']);
    assertInvalid(await admin.patch(`${USERS}/${admin.user.id}`, { role: 'viewer' }, { 'If-Match': '*' }), ['role']);
    assert.deepEqual((await admin.get(`${USERS}/${admin.user.id}`)).json, self.json, 'unchanged');
    assert.equal((await admin.get(ME)).status, 200);
  });

  test('a role change ends the sessions of that user', async () => {
    const u = await newUser(srv, 'officer');
    const s = await signIn(srv, u.username, u.password);
    const r = await api(srv, 'PATCH', `${USERS}/${u.id}`, { role: 'viewer' }, { 'If-Match': `"${u.version}"` });
    assert.equal(r.status, 200, r.text);
    assertError(await s.get(ME), 401, 'unauthenticated');
    const again = await signIn(srv, u.username, u.password);
    assert.equal(again.user.role, 'viewer');
  });
});

// ---- users -------------------------------------------------------------------------------

describe('users: create, read, update', () => {
  let bydId;
  before(async () => {
    bydId = (await (await signIn(srv, 'enterprise', 'enterprise-demo')).get(ME)).json.user.enterprise_id;
  });
  const body = (extra) => ({
    username: `u-${uniqueName('').replace(/\D/g, '')}-${process.pid % 1000}`, display_name: '测试用户',
    role: 'viewer', password: 'a-good-password', ...extra,
  });
  const create = (extra) => api(srv, 'POST', USERS, body(extra));

  test('create: 201 with Location and ETag and without any password material', async () => {
    const r = await create({ role: 'handler', unit_ids: [3, 5] });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.headers.get('location'), `${USERS}/${r.json.id}`);
    assert.equal(r.headers.get('etag'), '"1"');
    assert.equal(r.json.role, 'handler');
    assert.deepEqual(r.json.unit_ids, [3, 5]);
    assert.equal(r.json.enterprise_id, null);
    assert.equal(r.json.disabled, false);
    assert.equal(r.json.version, 1);
    for (const x of [r, await api(srv, 'GET', `${USERS}/${r.json.id}`), await api(srv, 'GET', `${USERS}?limit=200`)]) {
      assert.ok(!/password|hash|argon/i.test(x.text), `no password material: ${x.text.slice(0, 200)}`);
    }
  });

  test('an enterprise user needs enterprise_id, a handler unit_ids, and nobody else has them', async () => {
    assertInvalid(await create({ role: 'enterprise' }), { enterprise_id: 'required' });
    assertInvalid(await create({ role: 'handler' }), { unit_ids: 'required' });
    assertInvalid(await create({ role: 'handler', unit_ids: [] }), { unit_ids: 'required' });
    assertInvalid(await create({ role: 'viewer', enterprise_id: bydId }), { enterprise_id: 'invalid' });
    assertInvalid(await create({ role: 'officer', unit_ids: [3] }), { unit_ids: 'invalid' });
    assertInvalid(await create({ role: 'enterprise', enterprise_id: 99999999 }), { enterprise_id: 'unknown' });
    assertInvalid(await create({ role: 'handler', unit_ids: [99999] }), ['unit_ids[0]']);
    assertInvalid(await create({ role: 'handler', unit_ids: [3, 3] }), ['unit_ids']);
    const ok = await create({ role: 'enterprise', enterprise_id: bydId });
    assert.equal(ok.status, 201, ok.text);
    assert.equal(ok.json.enterprise_id, bydId);
  });

  test('bad role, username, password or unknown field: 422', async () => {
    assertInvalid(await create({ role: 'superuser' }), ['role']);
    assertInvalid(await create({ role: undefined }), ['role']);
    assertInvalid(await create({ username: 'Upper Case' }), ['username']);
    assertInvalid(await create({ username: 'x' }), ['username']);
    assertInvalid(await create({ password: 'short' }), ['password']);
    assertInvalid(await create({ password: undefined }), ['password']);
    assertInvalid(await create({ display_name: '' }), ['display_name']);
    assertInvalid(await create({ is_admin: true }), ['is_admin']);
    assertInvalid(await create({ version: 3 }), ['version']);
  });

  test('a username that is taken: 409', async () => {
    const b = body();
    assert.equal((await api(srv, 'POST', USERS, b)).status, 201);
    assertError(await api(srv, 'POST', USERS, { ...b, display_name: '另一个人' }), 409, 'duplicate');
    assertError(await api(srv, 'POST', USERS, { ...body(), username: 'admin' }), 409, 'duplicate');
  });

  test('PATCH: versions (stale 409, missing 428), read-only fields, the role rules again', async () => {
    const u = await newUser(srv);
    const p = (b, h) => api(srv, 'PATCH', `${USERS}/${u.id}`, b, h);
    const r = await p({ display_name: '新名字' }, { 'If-Match': '"1"' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.version, 2);
    assert.equal(r.headers.get('etag'), '"2"');
    assertError(await p({ display_name: '旧版本' }, { 'If-Match': '"1"' }), 409);
    assertError(await p({ display_name: '旧版本', version: 1 }), 409);
    assertError(await p({ display_name: '没版本' }), 428, 'version_required');
    assertInvalid(await p({ username: 'renamed' }, { 'If-Match': '"2"' }), { username: 'read_only' });
    assertInvalid(await p({ password: 'sneaky-password' }, { 'If-Match': '"2"' }), { password: 'read_only' });
    assertInvalid(await p({ role: 'enterprise' }, { 'If-Match': '"2"' }), { enterprise_id: 'required' });
    assertInvalid(await p({ role: 'wizard' }, { 'If-Match': '"2"' }), ['role']);
    const handler = await p({ role: 'handler', unit_ids: [3] }, { 'If-Match': '"2"' });
    assert.equal(handler.status, 200, handler.text);
    assert.deepEqual(handler.json.unit_ids, [3]);
    assertError(await api(srv, 'PATCH', `${USERS}/99999999`, { display_name: 'x' }, { 'If-Match': '*' }), 404, 'not_found');
  });

  test('an enterprise that has users cannot be deleted: 409, not 500', async () => {
    const e = await createEnterprise(srv);
    const u = await newUser(srv, 'enterprise', { enterprise_id: e.id });
    const r = await api(srv, 'DELETE', `${ENT}/${e.id}`);
    assertError(r, 409);
    assert.equal((await get(srv, `${ENT}/${e.id}`)).id, e.id, 'the enterprise is still there');
    assert.equal((await get(srv, `${USERS}/${u.id}`)).enterprise_id, e.id);
  });

  test('GET /users lists the six demo users with their roles', async () => {
    const r = await api(srv, 'GET', `${USERS}?limit=200`);
    assert.equal(r.status, 200, r.text);
    const byName = Object.fromEntries(r.json.items.map((u) => [u.username, u]));
    for (const role of ['admin', 'leader', 'officer', 'handler', 'enterprise', 'viewer']) {
      assert.equal(byName[role]?.role, role);
    }
    assert.equal(r.json.total >= r.json.items.length, true);
    assert.deepEqual(byName.handler.unit_ids, [3]);
  });
});

// ---- audit -------------------------------------------------------------------------------

describe('audit trail', () => {
  let officer;
  let leader;
  before(async () => {
    officer = await signIn(srv, 'officer', 'officer-demo');
    leader = await signIn(srv, 'leader', 'leader-demo');
  });

  const auditOf = async (query) => {
    const r = await leader.get(`${AUDIT}?${query}`);
    assert.equal(r.status, 200, `GET ${AUDIT}?${query}: ${r.text}`);
    return r.json;
  };
  const changesOf = (row) => Object.fromEntries(row.changes.map((c) => [c.field, [c.before, c.after]]));

  test('enterprise: create and update rows with who, from where and what changed', async () => {
    const name = uniqueName('审计企业');
    const c = await officer.post(ENT, { name, industry_code: '3612', tags: ['上市公司'] });
    assert.equal(c.status, 201, c.text);
    const id = c.json.id;
    const u = await officer.patch(`${ENT}/${id}`, { name: `${name}（改）`, address: '济南市天桥区' }, { 'If-Match': '"1"' });
    assert.equal(u.status, 200, u.text);
    const page = await auditOf(`entity=enterprise&entity_id=${id}`);
    assert.equal(page.total, 2);
    const [update, create] = page.items; // newest first
    for (const row of [update, create]) {
      assert.equal(row.username, 'officer');
      assert.equal(row.user_id, officer.user.id);
      assert.equal(row.address, '127.0.0.1');
      assert.equal(row.entity, 'enterprise');
      assert.equal(row.entity_id, id);
      assert.match(row.at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/);
    }
    assert.equal(create.action, 'create');
    assert.deepEqual(changesOf(create), {
      name: [null, name], industry_code: [null, '3612'], tags: [null, '上市公司'],
    });
    assert.equal(update.action, 'update');
    assert.deepEqual(changesOf(update), {
      name: [name, `${name}（改）`], address: [null, '济南市天桥区'],
    });
  });

  test('enterprise: delete rows keep what was deleted', async () => {
    const name = uniqueName('将删企业');
    const c = await officer.post(ENT, { name });
    assert.equal((await officer.delete(`${ENT}/${c.json.id}`)).status, 204);
    const page = await auditOf(`entity=enterprise&entity_id=${c.json.id}&action=delete`);
    assert.equal(page.total, 1);
    assert.deepEqual(changesOf(page.items[0]), { name: [name, null] });
  });

  test('project: create and update rows with field changes', async () => {
    const e = await createEnterprise(srv);
    const name = uniqueName('审计项目');
    const c = await officer.post(PRJ, { name, enterprise_ids: [e.id] });
    assert.equal(c.status, 201, c.text);
    const id = c.json.id;
    const u = await officer.patch(`${PRJ}/${id}`, { leader: '王主任' }, { 'If-Match': '"1"' });
    assert.equal(u.status, 200, u.text);
    const page = await auditOf(`entity=project&entity_id=${id}`);
    assert.equal(page.total, 2);
    const [update, create] = page.items;
    assert.equal(create.action, 'create');
    assert.equal(create.username, 'officer');
    assert.equal(create.address, '127.0.0.1');
    const created = changesOf(create);
    assert.deepEqual(created.name, [null, name]);
    assert.deepEqual(created.enterprise_ids, [null, String(e.id)]);
    assert.deepEqual(created.code, [null, c.json.code]);
    assert.equal(update.action, 'update');
    assert.equal(update.username, 'officer');
    assert.deepEqual(changesOf(update), { leader: [null, '王主任'] });
  });

  test('a write by token is audited under the token\'s user', async () => {
    const e = await createEnterprise(srv); // the admin token
    const page = await auditOf(`entity=enterprise&entity_id=${e.id}`);
    assert.equal(page.items[0].username, 'admin');
    assert.equal(page.items[0].address, '127.0.0.1');
  });

  test('logins and failed logins are audited', async () => {
    const u = await newUser(srv);
    assertError(await loginRequest(srv, u.username, 'wrong-password'), 401, 'bad_credentials');
    await signIn(srv, u.username, u.password);
    const failed = (await auditOf(`action=login_failed&user_id=${u.id}`)).items;
    assert.equal(failed.length, 1);
    assert.equal(failed[0].username, u.username);
    assert.equal(failed[0].address, '127.0.0.1');
    const ok = (await auditOf(`action=login&user_id=${u.id}`)).items;
    assert.equal(ok.length, 1);
    assert.equal(ok[0].username, u.username);
    // An unknown name is audited as given, without a user id.
    assertError(await loginRequest(srv, 'ghost-user', 'wrong-password'), 401, 'bad_credentials');
    const ghost = (await auditOf('action=login_failed&limit=10')).items.find((x) => x.username === 'ghost-user');
    assert.ok(ghost, 'the failure of an unknown name is audited');
    assert.equal(ghost.user_id, null);
    await signIn(srv, 'leader', 'leader-demo'); // clears the failures of this address
  });

  test('leaders and admins read the audit; officers get 403', async () => {
    assert.equal((await leader.get(`${AUDIT}?limit=1`)).status, 200);
    assert.equal((await api(srv, 'GET', `${AUDIT}?limit=1`)).status, 200);
    assertError(await officer.get(`${AUDIT}?limit=1`), 403, 'forbidden');
    assertError(await leader.get(`${AUDIT}?bogus=1`), 400, 'bad_parameter');
  });

  test('the audit tables refuse UPDATE and DELETE', () => {
    const count = () => sqlOk(srv, 'SELECT (SELECT count(*) FROM audit) || \'/\' || (SELECT count(*) FROM audit_change)');
    const before = count();
    assert.notEqual(before, '0/0');
    for (const statement of [
      "UPDATE audit SET username = 'someone else'",
      'DELETE FROM audit',
      'DELETE FROM audit WHERE id = (SELECT max(id) FROM audit)',
      "UPDATE audit_change SET after = 'forged'",
      'DELETE FROM audit_change',
    ]) {
      const r = sql(srv, statement);
      assert.notEqual(r.status, 0, `"${statement}" must fail`);
      assert.match(r.stderr, /append-only/, statement);
    }
    assert.equal(count(), before, 'nothing changed');
  });
});

// ---- the log -----------------------------------------------------------------------------

test('no password, token, session cookie or CSRF value appears in any server log', () => {
  assert.ok(secrets.size > 20, `the tests handed out secrets (${secrets.size})`);
  for (const s of servers) {
    const log = s.log();
    assert.ok(log.length > 0, 'the server logged something');
    const leaked = [...secrets].filter((x) => x.length >= 8 && log.includes(x));
    assert.deepEqual(leaked, [], `secrets in the log of ${s.base}`);
    assert.ok(!/Bearer |glt_|guanlan_session=|csrf_token/i.test(log), 'no credentials-looking text in the log');
  }
});
