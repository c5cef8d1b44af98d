// sessions.mjs - logging in as someone for the API tests: cookie sessions (with their CSRF
// value), bearer tokens, throwaway users, and direct edits of the test database through the
// sqlite3 command-line shell (to move time-stamps into the past instead of sleeping).
// Every request still goes through api() in lib.mjs, so it is recorded.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { api } from './lib.mjs';

export const LOGIN = '/api/v1/auth/login';
export const LOGOUT = '/api/v1/auth/logout';
export const ME = '/api/v1/auth/me';
export const PASSWORD = '/api/v1/auth/password';
export const USERS = '/api/v1/users';
export const TOKENS = '/api/v1/tokens';
export const AUDIT = '/api/v1/audit';

// The six roles, in the order of the policy table, and the demo password of each demo user.
export const ROLES = ['admin', 'leader', 'officer', 'handler', 'enterprise', 'viewer'];
export const demoPassword = (username) => `${username}-demo`;

const SAFE = new Set(['GET', 'HEAD']);

// The cookie a response sets, as "name=value" (what a browser sends back), or null.
export function cookieOf(r) {
  const set = r.headers.get('set-cookie');
  return set ? set.split(';')[0].trim() : null;
}

// A logged-in cookie session.  Its requests send the cookie and no bearer token, and on
// state-changing methods the session's X-CSRF-Token, unless headers say otherwise
// ('X-CSRF-Token': null sends none).
export class Session {
  constructor(srv, cookie, csrf, user, password) {
    Object.assign(this, { srv, cookie, csrf, user, password });
  }

  request(method, path, body, headers = {}) {
    const h = { Authorization: null, Cookie: this.cookie, ...headers };
    if (!SAFE.has(method) && !('X-CSRF-Token' in headers)) h['X-CSRF-Token'] = this.csrf;
    if (h['X-CSRF-Token'] === null) delete h['X-CSRF-Token'];
    return api(this.srv, method, path, body, h);
  }

  get(path, headers) { return this.request('GET', path, undefined, headers); }
  post(path, body, headers) { return this.request('POST', path, body, headers); }
  patch(path, body, headers) { return this.request('PATCH', path, body, headers); }
  delete(path, headers) { return this.request('DELETE', path, undefined, headers); }
}

// POST /auth/login without any credentials; returns the raw response.
export function loginRequest(srv, username, password, headers = {}) {
  return api(srv, 'POST', LOGIN, { username, password }, { Authorization: null, ...headers });
}

// Log in (password defaults to the demo password) and return the Session; fails the test
// unless the login succeeds.
export async function login(srv, username, password = demoPassword(username)) {
  const r = await loginRequest(srv, username, password);
  assert.equal(r.status, 200, `login as ${username}: ${r.text}`);
  const cookie = cookieOf(r);
  assert.ok(cookie && cookie.startsWith('guanlan_session='), `login set no session cookie: ${r.headers.get('set-cookie')}`);
  assert.equal(typeof r.json.csrf_token, 'string', `login gave no csrf_token: ${r.text}`);
  return new Session(srv, cookie, r.json.csrf_token, r.json.user, password);
}

// Requests with a bearer token (or with nothing when token is null).
export function bearer(srv, token) {
  const auth = token === null ? null : `Bearer ${token}`;
  return {
    request: (method, path, body, headers = {}) => api(srv, method, path, body, { Authorization: auth, ...headers }),
    get(path, headers) { return this.request('GET', path, undefined, headers); },
    post(path, body, headers) { return this.request('POST', path, body, headers); },
    patch(path, body, headers) { return this.request('PATCH', path, body, headers); },
    delete(path, headers) { return this.request('DELETE', path, undefined, headers); },
  };
}

// Requests with no credentials at all.
export const anonymous = (srv) => bearer(srv, null);

// ---- throwaway users -------------------------------------------------------------------

let userSeq = 0;

// The fields a user of this role needs besides name and password: an enterprise user
// belongs to an enterprise, a handler to units.
export function roleFields(role, { enterpriseId, unitIds } = {}) {
  if (role === 'enterprise') return { enterprise_id: enterpriseId };
  if (role === 'handler') return { unit_ids: unitIds };
  return {};
}

// Create a user with the admin token of srv; returns {id, username, password, ...user}.
export async function createUser(srv, role, extra = {}) {
  userSeq += 1;
  const username = `tmp-${role}-${process.pid % 10000}-${userSeq}`;
  const password = `pw-${username}-secret`;
  const r = await api(srv, 'POST', USERS, {
    username, display_name: `临时用户${userSeq}`, role, password, ...extra,
  });
  assert.equal(r.status, 201, `creating user ${username}: ${r.text}`);
  return { ...r.json, password };
}

// A throwaway user of role, logged in: returns its Session (session.user.id is its id).
export async function throwawaySession(srv, role, scopeIds = {}) {
  const u = await createUser(srv, role, roleFields(role, scopeIds));
  return login(srv, u.username, u.password);
}

// ---- the database behind the server ----------------------------------------------------

// Run SQL on the server's database with the sqlite3 shell; returns {status, stdout, stderr}.
export function sql(srv, statement) {
  const r = spawnSync('sqlite3', ['-cmd', '.timeout 5000', srv.db, statement], { encoding: 'utf8' });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout.trim(), stderr: r.stderr.trim() };
}

// Like sql() but fails the test unless the statement succeeds; returns stdout.
export function sqlOk(srv, statement) {
  const r = sql(srv, statement);
  assert.equal(r.status, 0, `sqlite3 "${statement}": ${r.stderr}`);
  return r.stdout;
}

// Unix seconds, as the server keeps credential and throttle times.
export const unixNow = () => Math.floor(Date.now() / 1000);
