// responses.check.mjs - every response the API tests recorded, against docs/openapi.json.
//
// tests/run.sh runs this after tests/api/*.test.mjs, which record each exchange (api() in
// lib.mjs) as a JSON line {method, path, route, status, contentType, body} in the file named by
// $GUANLAN_RESPONSE_LOG.  It checks that
//   (a) the document describes exactly the routes of `guanlan routes`, and holds together;
//   (b) every recorded body matches the schema of its route and status (an undocumented status
//       is a failure), reporting where in the body it does not;
//   (c) every route was exercised by at least one recorded response;
//   (d) the server serves docs/openapi.json byte for byte.
// The schema validator below covers the subset of OpenAPI 3.0 schemas the document uses, and
// refuses any other keyword, so that a schema never passes because a keyword was ignored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { routes, startServer } from './lib.mjs';

const DOC_FILE = new URL('../../docs/openapi.json', import.meta.url);
const doc = JSON.parse(readFileSync(DOC_FILE, 'utf8'));
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

// ---- schema validation ----------------------------------------------------------------------

const KEYWORDS = new Set(['$ref', 'type', 'nullable', 'enum', 'properties', 'required',
  'additionalProperties', 'items', 'allOf', 'oneOf', 'minimum', 'maximum', 'minLength', 'maxLength',
  'pattern', 'minItems', 'maxItems']);
const ANNOTATIONS = new Set(['description', 'format', 'default', 'example', 'title', 'readOnly',
  'writeOnly', 'deprecated']);

// The target of a local reference such as "#/components/schemas/Project".
function deref(ref) {
  if (!ref.startsWith('#/')) throw new Error(`only local references are supported: ${ref}`);
  const target = ref.slice(2).split('/')
    .reduce((o, k) => o?.[k.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
  if (target === undefined) throw new Error(`unresolved reference ${ref}`);
  return target;
}
const follow = (x) => (x && x.$ref ? follow(deref(x.$ref)) : x);

function typeOf(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number' && Number.isInteger(v)) return 'integer';
  return typeof v;
}

const show = (v) => JSON.stringify(v)?.slice(0, 60);
const pointer = (path, key) => `${path}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;

// Problems of value against schema, each "<JSON pointer into the value>: <what is wrong>".
function validate(schema, value, path = '') {
  if (schema.$ref) return validate(deref(schema.$ref), value, path);
  for (const k of Object.keys(schema))
    if (!KEYWORDS.has(k) && !ANNOTATIONS.has(k) && !k.startsWith('x-'))
      throw new Error(`schema keyword "${k}" (at ${path || '/'}) is not supported here`);
  const at = path || '/';
  const t = typeOf(value);
  if (value === null && schema.nullable) return [];
  const want = `${schema.type}${schema.nullable ? ' or null' : ''}`;
  if (schema.type && t !== schema.type && !(schema.type === 'number' && t === 'integer'))
    return [`${at}: expected ${want}, got ${show(value)}`];

  const errs = [];
  const fail = (kw, n, what) => errs.push(`${at}: ${what} ${n} is past ${kw} ${schema[kw]}`);
  const below = (kw, n, what) => n < schema[kw] && fail(kw, n, what);
  const above = (kw, n, what) => n > schema[kw] && fail(kw, n, what);
  if (schema.enum && !schema.enum.includes(value))
    errs.push(`${at}: ${show(value)} is not one of ${schema.enum.map(show).join(', ')}`);
  if (typeof value === 'number') {
    below('minimum', value, 'value');
    above('maximum', value, 'value');
  }
  if (typeof value === 'string') {
    below('minLength', [...value].length, 'length');
    above('maxLength', [...value].length, 'length');
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value))
      errs.push(`${at}: ${show(value)} does not match ${schema.pattern}`);
  }
  if (t === 'array') {
    below('minItems', value.length, 'item count');
    above('maxItems', value.length, 'item count');
    const items = schema.items;
    if (items) value.forEach((v, i) => errs.push(...validate(items, v, pointer(path, i))));
  }
  if (t === 'object') {
    const props = schema.properties || {};
    for (const k of schema.required || [])
      if (!(k in value)) errs.push(`${at}: required member "${k}" is missing`);
    for (const [k, v] of Object.entries(value)) {
      if (props[k]) errs.push(...validate(props[k], v, pointer(path, k)));
      else if (schema.additionalProperties === false) errs.push(`${at}: unexpected member "${k}"`);
      else if (typeof schema.additionalProperties === 'object')
        errs.push(...validate(schema.additionalProperties, v, pointer(path, k)));
    }
  }
  for (const sub of schema.allOf || []) errs.push(...validate(sub, value, path));
  if (schema.oneOf) {
    const results = schema.oneOf.map((sub) => validate(sub, value, path));
    const ok = results.filter((r) => r.length === 0).length;
    if (ok !== 1)
      errs.push(ok ? `${at}: matches ${ok} of the oneOf schemas, not exactly one`
        : `${at}: matches none of the oneOf schemas (${results.map((r) => r[0]).join('; ')})`);
  }
  return errs;
}

// ---- the document and the route table -------------------------------------------------------

const key = (method, pattern) => `${method.toUpperCase()} ${pattern}`;
const docOps = Object.entries(doc.paths)
  .flatMap(([p, item]) => METHODS.filter((m) => item[m]).map((m) => key(m, p)));
const tableOps = () => routes().map((r) => key(r.method, r.pattern));

// Every $ref anywhere in x.
function refsIn(x, out = []) {
  if (x && typeof x === 'object') {
    if (typeof x.$ref === 'string') out.push(x.$ref);
    Object.values(x).forEach((v) => refsIn(v, out));
  }
  return out;
}

test('(a) the document describes exactly the routes of `guanlan routes`', () => {
  const table = tableOps();
  assert.ok(table.length > 0, '`guanlan routes` printed nothing: is GUANLAN_BIN a built guanlan?');
  const missing = table.filter((o) => !docOps.includes(o));
  const extra = docOps.filter((o) => !table.includes(o));
  assert.deepEqual({ missing, extra }, { missing: [], extra: [] },
    'missing: routes docs/openapi.json lacks; extra: operations the route table lacks');
});

test('(a) every reference resolves and every path placeholder is a declared path parameter', () => {
  const problems = [];
  for (const ref of new Set(refsIn(doc))) {
    try { deref(ref); } catch (e) { problems.push(e.message); }
  }
  for (const [p, item] of Object.entries(doc.paths)) {
    const placeholders = [...p.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
    for (const m of METHODS.filter((x) => item[x])) {
      const declared = [...(item.parameters || []), ...(item[m].parameters || [])].map(follow)
        .filter((x) => x.in === 'path').map((x) => x.name).sort();
      if (JSON.stringify(declared) !== JSON.stringify(placeholders))
        problems.push(`${key(m, p)}: path parameters ${declared} but placeholders ${placeholders}`);
    }
  }
  assert.deepEqual(problems, []);
});

test('(b) the validator finds what it should', () => {
  const ok = { error: { code: 'not_found', message: 'no such record' } };
  assert.deepEqual(validate({ $ref: '#/components/schemas/Error' }, ok), []);
  const bad = { error: { code: 'nope', message: 1, extra: true }, more: null };
  assert.deepEqual(validate({ $ref: '#/components/schemas/Error' }, bad).sort(), [
    '/: unexpected member "more"',
    '/error: unexpected member "extra"',
    '/error/code: "nope" is not one of ' + deref('#/components/schemas/Error').properties.error
      .properties.code.enum.map(show).join(', '),
    '/error/message: expected string, got 1',
  ].sort());
  const amount = { $ref: '#/components/schemas/Amount' };
  assert.deepEqual(validate(amount, { wan: 15000, yi: '1.50' }),
    ['/yi: "1.50" does not match ' + deref('#/components/schemas/Amount').properties.yi.pattern]);
  assert.deepEqual(validate({ type: 'array', items: amount }, [{ wan: null }]),
    ['/0: required member "yi" is missing', '/0/wan: expected integer, got null']);
  assert.throws(() => validate({ type: 'string', format: 'date', const: 'x' }, 'x'), /"const"/);
});

// ---- the recorded responses -----------------------------------------------------------------

function readLog() {
  const file = process.env.GUANLAN_RESPONSE_LOG;
  const why = 'no API test recorded a response (run tests/run.sh, or run tests/api/*.test.mjs ' +
    'first with the same GUANLAN_RESPONSE_LOG)';
  if (!file) throw new Error(`GUANLAN_RESPONSE_LOG is not set: ${why}`);
  if (!existsSync(file)) throw new Error(`${file} does not exist: ${why}`);
  const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim());
  if (!lines.length) throw new Error(`${file} is empty: ${why}`);
  return lines.map((l, i) => {
    try { return JSON.parse(l); } catch { throw new Error(`${file}:${i + 1} is not a JSON line`); }
  });
}

const routeOfPath = (path) => routes().find((r) => r.re.test(path.split('?')[0]));

// The documented response for a record: from its operation, or, for a request no route takes
// (unknown path: 404; known path, other method: 405), from x-any-path-responses.
function documented(rec) {
  if (rec.route) {
    const method = rec.method === 'HEAD' ? 'GET' : rec.method;
    const op = doc.paths[rec.route]?.[method.toLowerCase()];
    if (!op) return { problem: `${key(method, rec.route)} is not in the document` };
    const r = op.responses[rec.status];
    const statuses = Object.keys(op.responses).join(', ');
    return r ? { response: follow(r) } : { problem: `undocumented status (only ${statuses})` };
  }
  const r = doc['x-any-path-responses']?.[rec.status];
  const other = routeOfPath(rec.path);
  if (!r) return { problem: 'no route takes it, and x-any-path-responses lacks the status' };
  if (rec.status === 404 && other) return { problem: `404 for ${other.pattern}: want 405` };
  if (rec.status === 405 && !other) return { problem: '405 for a path no route has: want 404' };
  return { response: follow(r) };
}

// Problems of one recorded response.
function check(rec) {
  const { response, problem } = documented(rec);
  if (problem) return [problem];
  if (!response.content || rec.method === 'HEAD')
    return rec.body === null ? [] : [`a body where none is documented: ${show(rec.body)}`];
  const type = (rec.contentType || '').split(';')[0].trim();
  if (!response.content[type])
    return [`Content-Type ${rec.contentType} is not one of ${Object.keys(response.content)}`];
  // A download (a file, not JSON): its type is all the document says of it.
  const schema = follow(response.content[type].schema);
  if (schema && schema.type === 'string' && schema.format === 'binary') return [];
  if (!('body' in rec)) return ['the body is not JSON'];
  if (rec.body === null) return ['the body is empty'];
  return validate(response.content[type].schema, rec.body);
}

test('(b) every recorded response matches the documented schema of its route and status', () => {
  const records = readLog();
  const failures = new Map(); // one line per distinct problem -> {n, first request}
  for (const rec of records) {
    const where = `${rec.method} ${rec.route || '(no route)'} -> ${rec.status}`;
    for (const p of check(rec)) {
      const f = failures.get(`${where}: ${p}`) || { n: 0, example: `${rec.method} ${rec.path}` };
      f.n++;
      failures.set(`${where}: ${p}`, f);
    }
  }
  const report = [...failures].map(([line, f]) => `${line}  [${f.n}x, e.g. ${f.example}]`);
  const more = report.length > 60 ? `\n... and ${report.length - 60} more` : '';
  assert.ok(!report.length, `${report.length} problem(s) in ${records.length} responses:\n` +
    report.slice(0, 60).join('\n') + more);
});

test('(c) every route was exercised by a recorded response', (t) => {
  const records = readLog();
  const seen = new Map(); // route -> statuses seen
  for (const rec of records.filter((r) => r.route)) {
    const k = key(rec.method === 'HEAD' ? 'GET' : rec.method, rec.route);
    seen.set(k, (seen.get(k) || new Set()).add(String(rec.status)));
  }
  // For information: the documented statuses of exercised routes that no test provoked.
  for (const [p, item] of Object.entries(doc.paths))
    for (const m of METHODS.filter((x) => item[x] && seen.has(key(x, p)))) {
      const unseen = Object.keys(item[m].responses).filter((s) => !seen.get(key(m, p)).has(s));
      if (unseen.length) t.diagnostic(`${key(m, p)}: no recorded ${unseen.join(', ')}`);
    }
  const unexercised = tableOps().filter((o) => !seen.has(o));
  assert.ok(!unexercised.length,
    `${unexercised.length} route(s) no recorded response exercised:\n${unexercised.join('\n')}`);
});

test('(d) the server serves docs/openapi.json byte for byte', async () => {
  const srv = await startServer();
  try {
    const res = await fetch(`${srv.base}/api/v1/openapi.json`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /^application\/json/);
    const served = Buffer.from(await res.arrayBuffer());
    assert.ok(served.equals(readFileSync(DOC_FILE)),
      'GET /api/v1/openapi.json differs from docs/openapi.json: rebuild guanlan (make)');
  } finally {
    await srv.stop();
  }
});
