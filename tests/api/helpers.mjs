// helpers.mjs - assertions and record builders shared by the API tests, on top of lib.mjs.
// Every request still goes through api() so that it is recorded.
import assert from 'node:assert/strict';
import { api } from './lib.mjs';

export const ENT = '/api/v1/enterprises';
export const PRJ = '/api/v1/projects';
export const STATS = '/api/v1/stats/summary';

// ---- error bodies ----------------------------------------------------------------------

const ERROR_MEMBERS = ['code', 'message', 'field', 'details'];

// Every error body is {"error":{"code":string,"message":string, optional "field":string,
// optional "details":[{"field","code","message"}]}} and nothing else, served as JSON.
export function assertErrorShape(r) {
  assert.match(r.headers.get('content-type') || '', /^application\/json/,
    `an error must be JSON, got ${r.headers.get('content-type')}`);
  assert.ok(r.json && typeof r.json === 'object' && !Array.isArray(r.json),
    `error body is not a JSON object: ${r.text}`);
  assert.deepEqual(Object.keys(r.json), ['error'], `error body has other members: ${r.text}`);
  const e = r.json.error;
  assert.ok(e && typeof e === 'object', `"error" is not an object: ${r.text}`);
  for (const k of Object.keys(e)) assert.ok(ERROR_MEMBERS.includes(k), `unexpected error.${k}: ${r.text}`);
  assert.equal(typeof e.code, 'string', `error.code: ${r.text}`);
  assert.ok(e.code.length > 0, 'error.code is empty');
  assert.equal(typeof e.message, 'string', `error.message: ${r.text}`);
  assert.ok(e.message.length > 0, 'error.message is empty');
  if ('field' in e) assert.equal(typeof e.field, 'string', `error.field: ${r.text}`);
  if ('details' in e) {
    assert.ok(Array.isArray(e.details), `error.details is not an array: ${r.text}`);
    for (const d of e.details) {
      assert.deepEqual(Object.keys(d).sort(), ['code', 'field', 'message'], `detail ${JSON.stringify(d)}`);
      for (const k of ['field', 'code', 'message']) assert.equal(typeof d[k], 'string');
    }
  }
  return e;
}

// An error response with this status (and error.code and error.field when given).
export function assertError(r, status, code, field) {
  assert.equal(r.status, status, `expected ${status} ${code || ''}, got ${r.status}: ${r.text}`);
  // Open311 (/open311/v2/...) answers errors in its specification's shape, [{code,
  // description}] with code the HTTP status: there is no code word or field to compare.
  if (Array.isArray(r.json)) {
    assert.ok(r.json.length > 0, `empty error list: ${r.text}`);
    for (const e of r.json) {
      assert.deepEqual(Object.keys(e).sort(), ['code', 'description'], `Open311 error: ${r.text}`);
      assert.equal(e.code, status, `Open311 error code: ${r.text}`);
      assert.ok(typeof e.description === 'string' && e.description.length > 0, r.text);
    }
    return r.json[0];
  }
  const e = assertErrorShape(r);
  if (code !== undefined) assert.equal(e.code, code, `error.code: ${r.text}`);
  if (field !== undefined) assert.equal(e.field, field, `error.field: ${r.text}`);
  return e;
}

// A 422 whose details name every field given: an array of names, or {field: detail code}.
export function assertInvalid(r, fields) {
  const e = assertError(r, 422, 'invalid');
  assert.ok(Array.isArray(e.details) && e.details.length > 0, `422 without details: ${r.text}`);
  const expected = Array.isArray(fields) ? Object.fromEntries(fields.map((f) => [f, undefined])) : fields;
  for (const [field, code] of Object.entries(expected)) {
    const d = e.details.find((x) => x.field === field);
    assert.ok(d, `error.details should name ${field}; it names ${e.details.map((x) => x.field).join(', ')}`);
    if (code !== undefined) assert.equal(d.code, code, `code of ${field}: ${r.text}`);
  }
  assert.ok(e.details.some((d) => d.field === e.field), 'error.field is one of the details');
  return e;
}

// ---- "nothing changed" -----------------------------------------------------------------

// Everything the API shows: every enterprise, every project and the summary figures.
export async function snapshot(srv) {
  const all = async (path) => {
    const items = [];
    for (let offset = 0; ; offset += 200) {
      const r = await api(srv, 'GET', `${path}?limit=200&offset=${offset}`);
      assert.equal(r.status, 200, `listing ${path}: ${r.text}`);
      items.push(...r.json.items);
      if (items.length >= r.json.total) return { total: r.json.total, items };
    }
  };
  const stats = await api(srv, 'GET', STATS);
  assert.equal(stats.status, 200, stats.text);
  delete stats.json.as_of;
  return { enterprises: await all(ENT), projects: await all(PRJ), stats: stats.json };
}

// Run a write that must be refused; assert that it changed nothing.  Returns its response.
export async function refusedWithoutChange(srv, write) {
  const before = await snapshot(srv);
  const r = await write();
  assert.ok(r.status >= 400, `the write should have been refused: ${r.status} ${r.text}`);
  assert.deepEqual(await snapshot(srv), before, `refused write (${r.status}) changed data`);
  return r;
}

// ---- credit codes (GB 32100-2015), computed independently of the server --------------

const USCC = '0123456789ABCDEFGHJKLMNPQRTUWXY';

function orgCheck(first8) {
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  const value = (c) => (c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : c.charCodeAt(0) - 55);
  const sum = [...first8].reduce((s, c, i) => s + value(c) * weights[i], 0);
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

function usccCheck(first17) {
  let sum = 0;
  let w = 1;
  for (const c of first17) {
    sum = (sum + USCC.indexOf(c) * w) % 31;
    w = (w * 3) % 31;
  }
  return USCC[(31 - sum) % 31];
}

// A valid 18-character code from its first 16 (both check characters appended).
export function creditCode(first16) {
  assert.equal(first16.length, 16);
  const first17 = first16 + orgCheck(first16.slice(8));
  return first17 + usccCheck(first17);
}

let codeSeq = 0;
// A fresh valid code, different every call (within one test process).
export function nextCreditCode() {
  codeSeq += 1;
  return creditCode('9137010000' + String(process.pid % 1000).padStart(3, '0') + String(codeSeq).padStart(3, '0'));
}

// The same code with its 18th (check) character replaced by another valid one.
export function withWrongCheck(code) {
  const right = code[17];
  return code.slice(0, 17) + (right === '1' ? '2' : '1');
}

// ---- records ---------------------------------------------------------------------------

let nameSeq = 0;
export function uniqueName(prefix) {
  nameSeq += 1;
  return `${prefix}${nameSeq}号`;
}

export async function createEnterprise(srv, fields = {}) {
  const r = await api(srv, 'POST', ENT, { name: uniqueName('测试企业'), ...fields });
  assert.equal(r.status, 201, `creating an enterprise: ${r.text}`);
  return r.json;
}

export async function createProject(srv, fields = {}) {
  const r = await api(srv, 'POST', PRJ, { name: uniqueName('测试项目'), ...fields });
  assert.equal(r.status, 201, `creating a project: ${r.text}`);
  return r.json;
}

// The fields a signed project needs.
export function signedIn(year, wan, extra = {}) {
  return { stage: 'signed', signed_on: `${year}-06-18`, total_investment: wan, ...extra };
}

export async function get(srv, path) {
  const r = await api(srv, 'GET', path);
  assert.equal(r.status, 200, `GET ${path}: ${r.text}`);
  return r.json;
}

export function patch(srv, path, body, version) {
  return api(srv, 'PATCH', path, body, version === undefined ? {} : { 'If-Match': `"${version}"` });
}

// ---- amounts ---------------------------------------------------------------------------

// 万元 as the exact 亿元 text the API shows: 15000 -> "1.5", 12 -> "0.0012".
export function yi(wan) {
  const sign = wan < 0 ? '-' : '';
  const mag = Math.abs(wan);
  const frac = String(mag % 10000).padStart(4, '0').replace(/0+$/, '');
  return sign + Math.floor(mag / 10000) + (frac ? '.' + frac : '');
}

// The current year in Asia/Shanghai (UTC+8), as the server numbers unsigned projects.
export function shanghaiYear() {
  return new Date(Date.now() + 8 * 3600 * 1000).getUTCFullYear();
}
