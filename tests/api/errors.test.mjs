// errors.test.mjs - how every route refuses bad requests: bodies, media types, sizes,
// encodings, fields, types, ids, methods, paths, query parameters; HEAD; concurrent writes.
// Every error body is checked for the one shape; every refused write for having changed nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, startServer } from './lib.mjs';
import {
  ENT, PRJ, STATS, assertError, assertInvalid, createEnterprise, createProject, get, patch,
  refusedWithoutChange, signedIn,
} from './helpers.mjs';

let srv;
let ent; // an enterprise and a project to aim writes at
let prj;
before(async () => {
  srv = await startServer();
  ent = await createEnterprise(srv, { name: '靶子企业', tags: ['靶子'] });
  prj = await createProject(srv, signedIn(2023, 1000, { name: '靶子项目', enterprise_ids: [ent.id] }));
});
after(async () => { await srv.stop(); });

// Every write route, with a body it would accept and the headers it needs (PATCH names the
// version by If-Match, so that a body under test need not carry one).
function writes() {
  return [
    { method: 'POST', path: ENT, headers: {}, ok: { name: '新企业' } },
    { method: 'POST', path: PRJ, headers: {}, ok: { name: '新项目' } },
    { method: 'PATCH', path: `${ENT}/${ent.id}`, headers: { 'If-Match': `"${ent.version}"` }, ok: { address: '新地址' } },
    { method: 'PATCH', path: `${PRJ}/${prj.id}`, headers: { 'If-Match': `"${prj.version}"` }, ok: { leader: '新领导' } },
  ];
}
const entWrites = () => writes().filter((w) => w.path.startsWith(ENT));
const prjWrites = () => writes().filter((w) => w.path.startsWith(PRJ));

// Send body (object, string or bytes) to a write route, expecting a refusal that changes nothing.
function refused(w, body, headers = {}) {
  return refusedWithoutChange(srv, () => api(srv, w.method, w.path, body, { ...w.headers, ...headers }));
}

// The same with a raw body and a Content-Type.
function refusedRaw(w, body, contentType = 'application/json') {
  return refused(w, body, { 'Content-Type': contentType });
}

describe('request bodies', () => {
  test('malformed JSON is a 400 on every write route', async () => {
    for (const w of writes()) {
      for (const text of ['{', '{"name": }', "{'name': 'x'}", '{"name": "x",}', 'name=x', '{"name":"x"} trailing']) {
        assertError(await refusedRaw(w, text), 400, 'malformed');
      }
    }
  });

  test('a body that is not an object is a 400', async () => {
    for (const w of writes()) {
      for (const text of ['[]', '[{"name":"x"}]', '"x"', '42', 'null', 'true']) {
        assertError(await refusedRaw(w, text), 400, 'malformed');
      }
    }
  });

  test('a duplicate member is a 400', async () => {
    for (const w of writes()) {
      assertError(await refusedRaw(w, '{"name":"a","name":"b"}'), 400, 'malformed');
    }
  });

  test('a Content-Type other than application/json is a 415', async () => {
    for (const w of writes()) {
      const json = JSON.stringify(w.ok);
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/jsonp',
        'application/json-patch+json', 'text/json', 'multipart/form-data; boundary=x']) {
        assertError(await refusedRaw(w, json, type), 415, 'unsupported_media_type');
      }
      assertError(await refusedRaw(w, json, ''), 415, 'unsupported_media_type');
    }
  });

  test('application/json with parameters or in any case is accepted', async () => {
    for (const type of ['application/json; charset=utf-8', 'Application/JSON', 'application/json;charset=UTF-8']) {
      const r = await api(srv, 'POST', ENT, { name: `类型${type}` }, { 'Content-Type': type });
      assert.equal(r.status, 201, `${type}: ${r.text}`);
    }
  });

  test('an empty body is a 400', async () => {
    for (const w of writes()) {
      assertError(await refused(w, undefined, { 'Content-Type': 'application/json' }), 400, 'malformed');
      assertError(await refusedRaw(w, ''), 400, 'malformed');
    }
  });

  test('a request with no body at all (and so no Content-Type) is a 400', async () => {
    for (const w of writes()) {
      assertError(await refused(w, undefined), 400, 'malformed');
    }
  });

  test('a body over 1 MiB is a 413; exactly 1 MiB is read', async () => {
    const MiB = 1024 * 1024;
    // A JSON body of exactly size bytes: a long free-text member (over its 4000-character cap).
    const padded = (w, size) => {
      const head = `{"name":"大","${w.path.startsWith(PRJ) ? 'leader' : 'address'}":"`;
      const tail = '"}';
      return head + 'a'.repeat(size - Buffer.byteLength(head) - tail.length) + tail;
    };
    for (const w of writes()) {
      const big = padded(w, MiB + 1);
      assert.equal(Buffer.byteLength(big), MiB + 1);
      assertError(await refusedRaw(w, big), 413, 'too_large');
      assertError(await refusedRaw(w, padded(w, 8 * MiB)), 413, 'too_large');
      // At the limit the body is read and parsed, and only then refused for the long member.
      const r = await refusedRaw(w, padded(w, MiB));
      assertInvalid(r, [w.path.startsWith(PRJ) ? 'leader' : 'address']);
    }
  });

  test('invalid UTF-8 in the body is a 400', async () => {
    const bytes = (...parts) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));
    const bodies = [
      bytes('{"name":"', [0xff, 0xfe], '"}'),             // never valid
      bytes('{"name":"', [0xe6, 0xb5], '"}'),             // truncated 3-byte sequence (浙 is e6 b5 99)
      bytes('{"name":"', [0xc0, 0xaf], '"}'),             // overlong "/"
      bytes('{"name":"', [0xed, 0xa0, 0x80], '"}'),       // UTF-16 surrogate
      bytes('{"name":"', [0xf4, 0x90, 0x80, 0x80], '"}'), // beyond U+10FFFF
      bytes('{"na', [0x80], 'me":"x"}'),                   // in a member name
    ];
    for (const w of writes()) {
      for (const body of bodies) {
        assertError(await refusedRaw(w, new Uint8Array(body)), 400, 'malformed');
      }
    }
  });

  test('a \\u0000 escape is refused', async () => {
    for (const w of writes()) {
      assertError(await refusedRaw(w, '{"name":"a\\u0000b"}'), 400, 'malformed');
    }
  });

  test('valid multi-byte text, including 4-byte characters, is stored as sent', async () => {
    const name = '𠀀𪚥企业（济南）有限公司 — ü';
    const r = await api(srv, 'POST', ENT, { name });
    assert.equal(r.status, 201, r.text);
    assert.equal((await get(srv, `${ENT}/${r.json.id}`)).name, name);
  });
});

describe('nesting depth', () => {
  // {"x": [[...]]} with the whole document `levels` containers deep.
  const nested = (levels, inner = '') => `{"x":${'['.repeat(levels - 1)}${inner}${']'.repeat(levels - 1)}}`;

  test('JSON nested deeper than 32 levels is a 400 too_deep', async () => {
    for (const w of writes()) {
      assertError(await refusedRaw(w, nested(33)), 400, 'too_deep');
      assertError(await refusedRaw(w, nested(33, '1')), 400, 'too_deep');
      assertError(await refusedRaw(w, nested(5000)), 400);
    }
  });

  test('32 levels pass the depth check (and are then refused for the unknown member)', async () => {
    for (const w of writes()) {
      assertInvalid(await refusedRaw(w, nested(32)), { x: 'unknown' });
    }
  });

  test('a scalar inside the 32nd level does not count as a 33rd level', async () => {
    for (const w of writes()) {
      assertInvalid(await refusedRaw(w, nested(32, '1')), { x: 'unknown' });
    }
  });
});

describe('fields', () => {
  test('unknown fields are a 422 with code "unknown" on every write route', async () => {
    for (const w of writes()) {
      assertInvalid(await refused(w, { ...w.ok, colour: 'red', Name: 'x' }), { colour: 'unknown', Name: 'unknown' });
    }
  });

  test('read-only fields are a 422 with code "read_only"', async () => {
    const readOnly = {
      [ENT]: ['id', 'project_count', 'created_at', 'updated_at'],
      [PRJ]: ['id', 'code', 'created_at', 'updated_at', 'stage_name', 'total_investment_yi'],
    };
    for (const w of writes()) {
      const fields = readOnly[w.path.startsWith(PRJ) ? PRJ : ENT];
      for (const f of fields) {
        const value = f === 'id' ? 1 : f === 'code' ? 'QH-2023-0001' : 'x';
        assertInvalid(await refused(w, { ...w.ok, [f]: value }), { [f]: 'read_only' });
      }
    }
  });

  test('wrong types on enterprises are a 422 naming each field', async () => {
    const bad = { name: 5, credit_code: true, industry_code: 3612, address: ['x'], tags: 'a', contacts: {} };
    for (const w of entWrites()) {
      for (const [field, value] of Object.entries(bad)) {
        assertInvalid(await refused(w, { ...w.ok, [field]: value }), { [field]: 'type' });
      }
      assertInvalid(await refused(w, { ...w.ok, ...bad }), Object.fromEntries(Object.keys(bad).map((f) => [f, 'type'])));
    }
  });

  test('wrong types on projects are a 422 naming each field', async () => {
    const bad = [
      ['name', 5], ['industrial', 'yes'], ['industrial', 1], ['industrial', null], ['key_project', 'true'],
      ['total_investment', 1.5], ['total_investment', '100'], ['total_investment', true],
      ['total_investment', 1e300], ['chain', 5], ['stage', 2], ['signed_on', 20230101], ['unit_id', '11'],
      ['unit_id', 1.5], ['phase_parent_id', {}], ['enterprise_ids', '1'], ['leader', {}], ['location', 370115],
    ];
    for (const w of prjWrites()) {
      for (const [field, value] of bad) {
        assertInvalid(await refused(w, { ...w.ok, [field]: value }), [field]);
      }
    }
  });

  test('every wrong type is reported in one response', async () => {
    const r = await refusedWithoutChange(srv, () => api(srv, 'POST', PRJ,
      { name: 5, industrial: 'yes', total_investment: 1.5, key_project: 0 }));
    const e = assertInvalid(r, { name: 'type', industrial: 'type', total_investment: 'type', key_project: 'type' });
    assert.equal(e.details.length, 4);
    assert.equal(e.message.length > 0, true);
  });

  test('a single problem puts its field in error.field and its message in error.message', async () => {
    const r = await refusedWithoutChange(srv, () => api(srv, 'POST', PRJ, { name: '单个错误', industrial: 'yes' }));
    const e = assertInvalid(r, { industrial: 'type' });
    assert.equal(e.field, 'industrial');
    assert.equal(e.details.length, 1);
    assert.match(e.message, /industrial/);
  });
});

describe('ids and paths', () => {
  test('an unknown id is a 404 on every method', async () => {
    assertError(await api(srv, 'GET', `${ENT}/987654`), 404, 'not_found');
    assertError(await api(srv, 'GET', `${PRJ}/987654`), 404, 'not_found');
    for (const path of [`${ENT}/987654`, `${PRJ}/987654`]) {
      const r = await refusedWithoutChange(srv, () => patch(srv, path, { name: 'x' }, 1));
      assertError(r, 404, 'not_found');
    }
    assertError(await refusedWithoutChange(srv, () => api(srv, 'DELETE', `${ENT}/987654`)), 404, 'not_found');
  });

  test('an id that is not a positive integer is a 404', async () => {
    for (const id of ['abc', '1.5', '0', '-1', '1e3', '0x10', '+1', '%201', '99999999999999999999', `${ent.id}abc`, `${ent.id}.0`]) {
      assertError(await api(srv, 'GET', `${ENT}/${id}`), 404, 'not_found');
      assertError(await api(srv, 'GET', `${PRJ}/${id}`), 404, 'not_found');
      assertError(await refusedWithoutChange(srv, () => patch(srv, `${ENT}/${id}`, { name: 'x' }, 1)), 404, 'not_found');
      assertError(await refusedWithoutChange(srv, () => patch(srv, `${PRJ}/${id}`, { name: 'x' }, 1)), 404, 'not_found');
      assertError(await refusedWithoutChange(srv, () => api(srv, 'DELETE', `${ENT}/${id}`)), 404, 'not_found');
    }
  });

  test('an id with a NUL (%00) in it is a 404 and never reaches the record before the NUL', async () => {
    const victim = await createEnterprise(srv, { name: '不该被改的企业' });
    for (const id of [`${victim.id}%00`, `${victim.id}%00abc`]) {
      assertError(await refusedWithoutChange(srv, () => patch(srv, `${ENT}/${id}`, { name: '被改了' }, 1)), 404, 'not_found');
      assertError(await refusedWithoutChange(srv, () => api(srv, 'DELETE', `${ENT}/${id}`)), 404, 'not_found');
      assertError(await api(srv, 'GET', `${ENT}/${id}`), 404, 'not_found');
    }
  });

  test('an unknown path is a 404', async () => {
    for (const path of ['/', '/api', '/api/v1', '/api/v1/nothing', '/api/v2/enterprises', `${ENT}/${ent.id}/projects`,
      `${ENT}/`, '/api/v1/ref', '/api/v1/ref/nothing', '/api/v1/statistics', '/API/V1/ENTERPRISES', '/healthz/']) {
      assertError(await api(srv, 'GET', path), 404, 'not_found');
    }
    assertError(await refusedWithoutChange(srv, () => api(srv, 'POST', '/api/v1/companies', { name: 'x' })), 404, 'not_found');
  });

  test('a wrong method is a 405 with an Allow header', async () => {
    const cases = [
      ['PUT', `${ENT}/${ent.id}`, 'GET, HEAD, PATCH, DELETE'],
      ['POST', `${ENT}/${ent.id}`, 'GET, HEAD, PATCH, DELETE'],
      ['DELETE', ENT, 'GET, HEAD, POST'],
      ['PATCH', ENT, 'GET, HEAD, POST'],
      ['PUT', PRJ, 'GET, HEAD, POST'],
      ['DELETE', `${PRJ}/${prj.id}`, 'GET, HEAD, PATCH'],
      ['PUT', `${PRJ}/${prj.id}`, 'GET, HEAD, PATCH'],
      ['POST', STATS, 'GET, HEAD'],
      ['POST', '/api/v1/ref/stages', 'GET, HEAD'],
      ['DELETE', '/api/v1/ref/industries', 'GET, HEAD'],
      ['POST', '/healthz', 'GET, HEAD'],
      ['PUT', '/api/v1/openapi.json', 'GET, HEAD'],
    ];
    for (const [method, path, allow] of cases) {
      const r = await refusedWithoutChange(srv, () => api(srv, method, path, { name: 'x' }));
      assertError(r, 405, 'method_not_allowed');
      assert.equal(r.headers.get('allow'), allow, `${method} ${path}`);
    }
  });
});

describe('query parameters', () => {
  test('an unknown query parameter is a 400 naming it, on every GET that takes a query', async () => {
    for (const [path, param] of [
      [ENT, 'page'], [ENT, 'industry_code'], [PRJ, 'year'], [PRJ, 'enterprise_id'], [STATS, 'year'],
      ['/api/v1/ref/stages', 'q'], ['/api/v1/ref/industries', 'level'], ['/api/v1/ref/chains', 'sort'],
      ['/api/v1/ref/channels', 'x'], ['/api/v1/ref/regions', 'kind'], ['/api/v1/ref/units', 'id'],
    ]) {
      const r = await api(srv, 'GET', `${path}?${param}=1`);
      assertError(r, 400, 'bad_parameter', param);
      assert.match(r.json.error.message, new RegExp(param));
    }
  });

  test('a bad limit or offset is a 400', async () => {
    for (const path of [ENT, PRJ]) {
      for (const q of ['limit=0', 'limit=201', 'limit=-1', 'limit=abc', 'limit=1.5', 'limit=10x', 'limit=%2010',
        'limit=99999999999999999999']) {
        assertError(await api(srv, 'GET', `${path}?${q}`), 400, 'bad_parameter', 'limit');
      }
      for (const q of ['offset=-1', 'offset=abc', 'offset=2147483648']) {
        assertError(await api(srv, 'GET', `${path}?${q}`), 400, 'bad_parameter', 'offset');
      }
      const max = await api(srv, 'GET', `${path}?limit=200&offset=0`);
      assert.equal(max.status, 200);
      assert.equal(max.json.limit, 200);
    }
    assertError(await api(srv, 'GET', '/api/v1/ref/industries?limit=0'), 400, 'bad_parameter', 'limit');
    assertError(await api(srv, 'GET', '/api/v1/ref/industries?limit=5001'), 400, 'bad_parameter', 'limit');
  });

  test('invalid UTF-8 or an over-long value in a query parameter is a 400', async () => {
    assertError(await api(srv, 'GET', `${ENT}?q=%FF`), 400, 'bad_parameter', 'q');
    assertError(await api(srv, 'GET', `${PRJ}?q=%E6%B5`), 400, 'bad_parameter', 'q');
    assertError(await api(srv, 'GET', `/api/v1/ref/industries?q=%C0%AF`), 400, 'bad_parameter', 'q');
    assertError(await api(srv, 'GET', `${ENT}?q=${'a'.repeat(201)}`), 400, 'bad_parameter', 'q');
    assert.equal((await api(srv, 'GET', `${ENT}?q=${'a'.repeat(200)}`)).status, 200);
  });

  test('an empty value means no filter', async () => {
    const all = await get(srv, ENT);
    const empty = await get(srv, `${ENT}?q=&tag=&industry=&limit=&offset=`);
    assert.equal(empty.total, all.total);
  });
});

describe('HEAD', () => {
  test('HEAD answers like GET without a body', async () => {
    for (const path of [`${ENT}/${ent.id}`, ENT, `${PRJ}/${prj.id}`, `${PRJ}?stage=signed`, STATS,
      '/api/v1/ref/stages', '/api/v1/ref/units', '/healthz', '/api/v1/openapi.json']) {
      const g = await api(srv, 'GET', path);
      const h = await api(srv, 'HEAD', path);
      assert.equal(h.status, g.status, path);
      assert.equal(h.text, '', `HEAD ${path} has no body`);
      for (const name of ['content-type', 'etag', 'cache-control']) {
        assert.equal(h.headers.get(name), g.headers.get(name), `${name} of HEAD ${path}`);
      }
      assert.equal(h.headers.get('content-length'), String(Buffer.byteLength(g.text)), `content-length of HEAD ${path}`);
    }
  });

  test('HEAD of a missing record or path is a 404 without a body', async () => {
    for (const path of [`${ENT}/987654`, '/api/v1/nothing']) {
      const h = await api(srv, 'HEAD', path);
      assert.equal(h.status, 404);
      assert.equal(h.text, '');
    }
  });

  test('HEAD of a list still checks its query', async () => {
    const h = await api(srv, 'HEAD', `${ENT}?limit=0`);
    assert.equal(h.status, 400);
    assert.equal(h.text, '');
  });
});

describe('concurrent writes', () => {
  test('two PATCHes of an enterprise with the same version: exactly one 200 and one 409', async () => {
    for (let round = 0; round < 8; round++) {
      const e = await createEnterprise(srv);
      const [a, b] = await Promise.all([
        patch(srv, `${ENT}/${e.id}`, { address: '甲写的' }, 1),
        patch(srv, `${ENT}/${e.id}`, { address: '乙写的' }, 1),
      ]);
      assert.deepEqual([a.status, b.status].sort(), [200, 409], `round ${round}: ${a.text} / ${b.text}`);
      const [won, lost] = a.status === 200 ? [a, b] : [b, a];
      assertError(lost, 409, 'version_conflict');
      const now = await get(srv, `${ENT}/${e.id}`);
      assert.equal(now.version, 2);
      assert.equal(now.address, won.json.address);
    }
  });

  test('two PATCHes of a project with the same version: exactly one 200 and one 409', async () => {
    for (let round = 0; round < 8; round++) {
      const p = await createProject(srv, signedIn(2023, 100));
      const [a, b] = await Promise.all([
        patch(srv, `${PRJ}/${p.id}`, { total_investment: 200 }, 1),
        patch(srv, `${PRJ}/${p.id}`, { total_investment: 300 }, 1),
      ]);
      assert.deepEqual([a.status, b.status].sort(), [200, 409], `round ${round}: ${a.text} / ${b.text}`);
      const won = a.status === 200 ? a : b;
      const now = await get(srv, `${PRJ}/${p.id}`);
      assert.equal(now.version, 2);
      assert.equal(now.total_investment, won.json.total_investment);
    }
  });

  test('concurrent creates get distinct ids and codes', async () => {
    const made = await Promise.all(Array.from({ length: 12 }, (_, i) =>
      api(srv, 'POST', PRJ, signedIn(2015, 10, { name: `并发项目${i}` }))));
    for (const r of made) assert.equal(r.status, 201, r.text);
    const codes = made.map((r) => r.json.code);
    assert.equal(new Set(codes).size, 12);
    assert.deepEqual([...codes].sort(), Array.from({ length: 12 }, (_, i) => `QH-2015-${String(i + 1).padStart(4, '0')}`));
    assert.equal(new Set(made.map((r) => r.json.id)).size, 12);
  });

  test('a stats summary taken during writes is consistent with itself', async () => {
    const writesDone = Promise.all(Array.from({ length: 6 }, (_, i) =>
      api(srv, 'POST', PRJ, signedIn(2014, 100, { name: `统计并发${i}`, industrial: true }))));
    const summaries = await Promise.all(Array.from({ length: 6 }, () => api(srv, 'GET', STATS)));
    await writesDone;
    for (const s of summaries) {
      assert.equal(s.status, 200, s.text);
      const stageTotal = s.json.by_stage.items.reduce((n, x) => n + x.count, 0);
      const yearTotal = s.json.by_year.items.reduce((n, x) => n + x.count, 0);
      assert.equal(yearTotal, s.json.signed_all.count, 'by_year adds up to signed_all');
      assert.ok(stageTotal <= s.json.projects);
    }
  });
});
