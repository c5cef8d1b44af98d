// open311.test.mjs - Open311 GeoReport v2 over the appeals: every response against the
// specification's field lists (exact key sets), filing by token with form and JSON bodies,
// the state mapping through the workflow, scope, and the errors in the spec's shape.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, run, startServer } from './lib.mjs';
import { createEnterprise, get, nextCreditCode } from './helpers.mjs';
import { bearer, createUser } from './sessions.mjs';

const V2 = '/open311/v2';
const AP = '/api/v1/appeals';
const UNIT = 3;        // 经济发展局
const OTHER_UNIT = 5;  // 建设管理局

// The specification's field lists (GeoReport v2: GET services, POST and GET requests).
const SERVICE_KEYS = ['description', 'group', 'keywords', 'metadata', 'service_code', 'service_name', 'type'];
const REQUEST_KEYS = ['address', 'address_id', 'agency_responsible', 'description', 'expected_datetime',
  'lat', 'long', 'media_url', 'requested_datetime', 'service_code', 'service_name', 'service_notice',
  'service_request_id', 'status', 'status_notes', 'updated_datetime', 'zipcode'];
const CREATED_KEYS = ['account_id', 'service_notice', 'service_request_id'];
const INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/;

let srv, ent, otherEnt, unitName;
const tok = {};    // role -> bearer client
const raw = {};    // role -> the token's secret
const ids = {};    // role -> the token owner's user id (the spec's account_id)
const names = {};  // role -> the token owner's username

function tokenFor(username) {
  const r = run(['token', 'add', username, 'open311 test', '--db', srv.db]);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

async function client(role, extra = {}) {
  const u = await createUser(srv, role, extra);
  const t = tokenFor(u.username);
  return { t, c: bearer(srv, t), id: u.id, username: u.username };
}

// The spec's error shape: [{code, description}], code the HTTP status.
function assertO311Error(r, status, mention) {
  assert.equal(r.status, status, r.text);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  assert.ok(Array.isArray(r.json) && r.json.length > 0, `not an error list: ${r.text}`);
  for (const e of r.json) {
    assert.deepEqual(Object.keys(e).sort(), ['code', 'description'], r.text);
    assert.equal(e.code, status);
    assert.equal(typeof e.description, 'string');
  }
  if (mention) assert.ok(r.json.some((e) => e.description.includes(mention)), `no error mentions ${mention}: ${r.text}`);
  return r.json;
}

function assertRequestShape(x) {
  assert.deepEqual(Object.keys(x).sort(), REQUEST_KEYS, JSON.stringify(x));
  assert.ok(['open', 'closed'].includes(x.status));
  assert.match(x.requested_datetime, INSTANT);
  assert.match(x.updated_datetime, INSTANT);
  assert.ok(x.expected_datetime === null || INSTANT.test(x.expected_datetime));
  for (const k of ['address_id', 'zipcode', 'lat', 'long', 'media_url']) assert.equal(x[k], null, k);
}

// GET one request as who; returns its object (checked against the field list).
async function one(who, code) {
  const r = await who.get(`${V2}/requests/${code}.json`);
  assert.equal(r.status, 200, r.text);
  assert.ok(Array.isArray(r.json) && r.json.length === 1, r.text);
  assertRequestShape(r.json[0]);
  return r.json[0];
}

const form = (o) => new URLSearchParams(o).toString();
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };

// The appeal behind a code, through the native API (admin token).
async function appealOf(code) {
  const r = await get(srv, `${AP}?limit=200`);
  const a = r.items.find((x) => x.code === code);
  assert.ok(a, `no appeal ${code}`);
  return get(srv, `${AP}/${a.id}`);
}

async function act(appeal, body) {
  const r = await api(srv, 'POST', `${AP}/${appeal.id}/actions`, body, { 'If-Match': `"${appeal.version}"` });
  assert.equal(r.status, 200, `${body.action}: ${r.text}`);
  return r.json;
}

before(async () => {
  srv = await startServer();
  ent = await createEnterprise(srv, { credit_code: nextCreditCode(), address: '济南市天桥区鹊华路1号' });
  otherEnt = await createEnterprise(srv, { credit_code: nextCreditCode() });
  unitName = (await get(srv, '/api/v1/ref/units')).items.find((u) => u.id === UNIT).name;
  let x = await client('officer');
  tok.officer = x.c; raw.officer = x.t; ids.officer = x.id; names.officer = x.username;
  x = await client('enterprise', { enterprise_id: ent.id });
  tok.enterprise = x.c; raw.enterprise = x.t; ids.enterprise = x.id;
  x = await client('enterprise', { enterprise_id: otherEnt.id });
  tok.other = x.c;
  x = await client('handler', { unit_ids: [UNIT] });
  tok.handler = x.c;
  x = await client('viewer');
  tok.viewer = x.c;
  tok.admin = bearer(srv, srv.token);
});
after(async () => { await srv.stop(); });

describe('services.json', () => {
  test('the appeal categories as services, with the spec\'s fields only', async () => {
    const r = await tok.officer.get(`${V2}/services.json`);
    assert.equal(r.status, 200, r.text);
    const cats = (await get(srv, '/api/v1/ref/appeal-categories')).items;
    assert.deepEqual(r.json.map((s) => s.service_code), cats.map((c) => c.code));
    for (const s of r.json) assert.deepEqual(Object.keys(s).sort(), SERVICE_KEYS);
    const policy = r.json.find((s) => s.service_code === 'policy');
    assert.deepEqual(policy, {
      service_code: 'policy', service_name: '政策配套', description: '企业诉求：政策配套',
      metadata: false, type: 'realtime', keywords: '政策配套,policy,诉求', group: '企业诉求',
    });
  });

  test('api_key in the query is the same credential as the bearer token', async () => {
    const r = await api(srv, 'GET', `${V2}/services.json?api_key=${raw.officer}&jurisdiction_id=qihe`, undefined, { Authorization: null });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.length, 7);
  });
});

describe('filing (POST requests.json)', () => {
  // The spec's POST response: a list of one {service_request_id, service_notice, account_id}
  // (token only when no id can be given yet), account_id being the submitting user's account.
  function assertCreated(r, accountId) {
    assert.equal(r.status, 200, r.text);
    assert.ok(Array.isArray(r.json) && r.json.length === 1, r.text);
    const c = r.json[0];
    assert.deepEqual(Object.keys(c).sort(), CREATED_KEYS);
    assert.match(c.service_request_id, /^SQ\d{4}-\d{5}$/);
    assert.equal(c.account_id, String(accountId));
    assert.equal(r.headers.get('location'), `${V2}/requests/${c.service_request_id}.json`);
    return c;
  }

  test('a 12345 platform files form-encoded: hotline, its ticket as external_id, the enterprise by credit code', async () => {
    const r = await api(srv, 'POST', `${V2}/requests.json`, form({
      api_key: raw.officer, service_code: 'park', description: '园区道路积水，影响通勤',
      'attribute[credit_code]': ent.credit_code, 'attribute[external_id]': '12345-20230203-0001',
      last_name: '王', first_name: '明', phone: '0531-88886666', lat: '36.7', long: '117.0',
    }), { ...FORM, Authorization: null });
    const c = assertCreated(r, ids.officer);
    assert.match(c.service_notice, /^已登记，受理时限 \d{4}-\d\d-\d\d（工作日计）$/);
    const a = await appealOf(c.service_request_id);
    assert.equal(a.channel, 'hotline');
    assert.equal(a.external_id, '12345-20230203-0001');
    assert.equal(a.enterprise_id, ent.id);
    assert.equal(a.category, 'park');
    assert.equal(a.text, '园区道路积水，影响通勤');
    assert.equal(a.contact, '王明 0531-88886666');
    assert.equal(a.events[0].username, names.officer, 'the submitter is the credential\'s account');
    assert.equal(c.service_notice, `已登记，受理时限 ${a.accept_due_on}（工作日计）`);
  });

  test('a JSON body with a bearer token, the enterprise by attribute[enterprise_id] (attribute as an object)', async () => {
    const r = await tok.officer.post(`${V2}/requests.json`, {
      service_code: 'talent', description: '人才公寓申请',
      attribute: { enterprise_id: String(otherEnt.id), external_id: 'T-2' },
    });
    assertCreated(r, ids.officer);
    const a = await appealOf(r.json[0].service_request_id);
    assert.equal(a.enterprise_id, otherEnt.id);
    assert.equal(a.external_id, 'T-2');
    assert.equal(a.contact, null);
    // The same, form-encoded, and the number as a JSON integer member.
    const f = await tok.officer.post(`${V2}/requests.json`, form({ service_code: 'talent', description: '人才公寓',
      'attribute[enterprise_id]': String(otherEnt.id) }), FORM);
    assert.equal((await appealOf(assertCreated(f, ids.officer).service_request_id)).enterprise_id, otherEnt.id);
    const j = await tok.officer.post(`${V2}/requests.json`, { service_code: 'talent', description: '人才',
      'attribute[enterprise_id]': otherEnt.id });
    assert.equal((await appealOf(assertCreated(j, ids.officer).service_request_id)).enterprise_id, otherEnt.id);
  });

  test('account_id is the submitting user\'s account: its own id is accepted, any other refused', async () => {
    const own = await tok.officer.post(`${V2}/requests.json`, form({ service_code: 'policy', description: '本人账号',
      account_id: String(ids.officer), 'attribute[credit_code]': ent.credit_code }), FORM);
    assertCreated(own, ids.officer);
    // A client that still puts the enterprise in account_id is told, and nothing is filed.
    const before = (await get(srv, `${AP}?limit=1`)).total;
    const legacy = await tok.officer.post(`${V2}/requests.json`, form({ service_code: 'policy', description: '旧用法',
      account_id: String(ent.id) }), FORM);
    const errs = assertO311Error(legacy, 400);
    assert.deepEqual(errs.map((e) => e.description.split(':')[0]).sort(), ['account_id', 'attribute[enterprise_id]']);
    assert.match(errs.find((e) => e.description.startsWith('account_id')).description, /attribute\[enterprise_id\]/);
    assertO311Error(await tok.officer.post(`${V2}/requests.json`, { service_code: 'policy', description: 'x',
      account_id: 'wangli', attribute: { enterprise_id: String(ent.id) } }), 400, 'account_id:');
    assert.equal((await get(srv, `${AP}?limit=1`)).total, before);
  });

  test('the enterprise named twice must be the same one; an unknown id is 400', async () => {
    assertO311Error(await tok.officer.post(`${V2}/requests.json`, { service_code: 'policy', description: 'x',
      attribute: { enterprise_id: String(otherEnt.id), credit_code: ent.credit_code } }), 400, 'attribute[enterprise_id]:');
    assertO311Error(await tok.officer.post(`${V2}/requests.json`, { service_code: 'policy', description: 'x',
      attribute: { enterprise_id: '999999' } }), 400, 'attribute[enterprise_id]:');
    assertO311Error(await tok.officer.post(`${V2}/requests.json`, { service_code: 'policy', description: 'x',
      attribute: { enterprise_id: 'BYD' } }), 400, 'attribute[enterprise_id]:');
  });

  test('an enterprise token files for its own enterprise, online; not for another', async () => {
    const r = await tok.enterprise.post(`${V2}/requests.json`, form({ service_code: 'policy', description: '政策咨询' }), FORM);
    assertCreated(r, ids.enterprise);
    const a = await appealOf(r.json[0].service_request_id);
    assert.equal(a.channel, 'online');
    assert.equal(a.enterprise_id, ent.id);
    assert.equal(a.external_id, null);
    const same = await tok.enterprise.post(`${V2}/requests.json`, form({ service_code: 'policy', description: '再问',
      'attribute[enterprise_id]': String(ent.id), account_id: String(ids.enterprise) }), FORM);
    assertCreated(same, ids.enterprise);
    const bad = await tok.enterprise.post(`${V2}/requests.json`, form({ service_code: 'policy', description: 'x', 'attribute[enterprise_id]': String(otherEnt.id) }), FORM);
    assertO311Error(bad, 400, 'attribute[enterprise_id]:');
    const byCredit = await tok.enterprise.post(`${V2}/requests.json`, form({ service_code: 'policy', description: 'x', 'attribute[credit_code]': otherEnt.credit_code }), FORM);
    assertO311Error(byCredit, 400, 'attribute[credit_code]:');
  });

  test('what is missing or wrong: one error per field, 400', async () => {
    let r = await tok.officer.post(`${V2}/requests.json`, form({ description: '' }), FORM);
    const errs = assertO311Error(r, 400);
    assert.deepEqual(errs.map((e) => e.description.split(':')[0]).sort(),
      ['attribute[enterprise_id]', 'description', 'service_code']);
    r = await tok.officer.post(`${V2}/requests.json`, form({ service_code: 'nope', description: 'x', 'attribute[enterprise_id]': String(ent.id) }), FORM);
    assertO311Error(r, 400, 'service_code:');
    r = await tok.officer.post(`${V2}/requests.json`, form({ service_code: 'park', description: 'x', 'attribute[credit_code]': '91370100MA00000000' }), FORM);
    assertO311Error(r, 400, 'attribute[credit_code]:');
    r = await tok.officer.post(`${V2}/requests.json`, form({ service_code: 'park', description: 'x', 'attribute[enterprise_id]': String(ent.id), colour: 'red' }), FORM);
    assertO311Error(r, 400, 'colour:');
    r = await tok.officer.post(`${V2}/requests.json`, 'service_code=park&description=%zz', FORM);
    assertO311Error(r, 400);
    r = await tok.officer.post(`${V2}/requests.json`, '{"service_code": ', { 'Content-Type': 'application/json' });
    assertO311Error(r, 400);
  });

  test('write access: viewers and leaders may not file (403), nobody without credentials (401)', async () => {
    const body = form({ service_code: 'park', description: 'x', 'attribute[enterprise_id]': String(ent.id) });
    assertO311Error(await tok.viewer.post(`${V2}/requests.json`, body, FORM), 403);
    assertO311Error(await api(srv, 'POST', `${V2}/requests.json`, body, { ...FORM, Authorization: null }), 401);
    assertO311Error(await api(srv, 'POST', `${V2}/requests.json`, `${body}&api_key=glt_wrong`, { ...FORM, Authorization: null }), 401);
  });
});

describe('one request through the workflow', () => {
  test('open while submitted … in progress, closed once answered; 不满意 reopens; the fields follow', async () => {
    const filed = await tok.officer.post(`${V2}/requests.json`, { service_code: 'policy', description: '技改补贴兑现', attribute: { enterprise_id: ent.id } });
    assert.equal(filed.status, 200, filed.text);
    const code = filed.json[0].service_request_id;
    let a = await appealOf(code);

    let x = await one(tok.officer, code);
    assert.deepEqual({ ...x, requested_datetime: undefined, updated_datetime: undefined }, {
      service_request_id: code, status: 'open', status_notes: '已提交', service_name: '政策配套',
      service_code: 'policy', description: '技改补贴兑现', agency_responsible: null,
      service_notice: `已登记，受理时限 ${a.accept_due_on}（工作日计）`,
      requested_datetime: undefined, updated_datetime: undefined, expected_datetime: null,
      address: '济南市天桥区鹊华路1号', address_id: null, zipcode: null, lat: null, long: null, media_url: null,
    });
    assert.equal(x.requested_datetime, a.submitted_at);

    a = await act(a, { action: 'accept' });
    x = await one(tok.officer, code);
    assert.equal(x.status, 'open');
    assert.equal(x.status_notes, '已受理');
    assert.equal(x.expected_datetime, `${a.answer_due_on}T23:59:59+08:00`);
    assert.equal(x.service_notice, `已受理，答复时限 ${a.answer_due_on}（工作日计）`);

    a = await act(a, { action: 'assign', lead_unit_id: UNIT, complexity: 'simple' });
    x = await one(tok.officer, code);
    assert.equal(x.status, 'open');
    assert.equal(x.status_notes, '已交办');
    assert.equal(x.agency_responsible, unitName);
    assert.equal(x.expected_datetime, `${a.answer_due_on}T23:59:59+08:00`);
    assert.equal(x.updated_datetime, a.updated_at);

    a = await act(a, { action: 'start' });
    assert.equal((await one(tok.officer, code)).status_notes, '办理中');
    a = await act(a, { action: 'answer', answer: '已核定补贴120万元' });
    x = await one(tok.officer, code);
    assert.equal(x.status, 'closed');
    assert.equal(x.status_notes, '已核定补贴120万元');
    assert.equal(x.service_notice, null);

    a = await act(a, { action: 'rate', rating: 'unsatisfied', comment: '金额不对' });
    assert.equal(a.state, 'in_progress');
    x = await one(tok.enterprise, code);
    assert.equal(x.status, 'open');
    assert.equal(x.status_notes, '办理中');

    a = await act(a, { action: 'answer', answer: '复核后补贴150万元' });
    a = await act(a, { action: 'rate', rating: 'satisfied' });
    assert.equal(a.state, 'closed');
    x = await one(tok.enterprise, code);
    assert.equal(x.status, 'closed');
    assert.equal(x.status_notes, '复核后补贴150万元');
  });

  test('declined: closed, with the reason as status_notes', async () => {
    const filed = await tok.officer.post(`${V2}/requests.json`, { service_code: 'other', description: '不属于本区事项', attribute: { enterprise_id: ent.id } });
    let a = await appealOf(filed.json[0].service_request_id);
    a = await act(a, { action: 'decline', reason: '属市级事项，已告知企业' });
    const x = await one(tok.officer, a.code);
    assert.equal(x.status, 'closed');
    assert.equal(x.status_notes, '属市级事项，已告知企业');
    assert.equal(x.expected_datetime, null);
  });
});

describe('requests.json: filters and scope', () => {
  let mine, theirs, unitOne;
  before(async () => {
    const f = async (who, body) => {
      const r = await who.post(`${V2}/requests.json`, body);
      assert.equal(r.status, 200, r.text);
      return r.json[0].service_request_id;
    };
    mine = await f(tok.officer, { service_code: 'finance', description: '融资对接', attribute: { enterprise_id: ent.id } });
    theirs = await f(tok.officer, { service_code: 'finance', description: '贷款贴息', attribute: { enterprise_id: otherEnt.id } });
    unitOne = await f(tok.officer, { service_code: 'approval', description: '施工许可', attribute: { enterprise_id: otherEnt.id } });
    let a = await appealOf(unitOne);
    a = await act(a, { action: 'accept' });
    await act(a, { action: 'assign', lead_unit_id: UNIT, complexity: 'ordinary' });
    let b = await appealOf(theirs);
    b = await act(b, { action: 'accept' });
    b = await act(b, { action: 'assign', lead_unit_id: OTHER_UNIT, complexity: 'ordinary' });
    await act(b, { action: 'answer', answer: '已对接银行' });
  });

  const codes = (r) => { assert.equal(r.status, 200, r.text); r.json.forEach(assertRequestShape); return r.json.map((x) => x.service_request_id); };

  test('service_request_id: those asked, in that order, unknown ones left out', async () => {
    const r = await tok.officer.get(`${V2}/requests.json?service_request_id=${theirs},SQ1999-00001,${mine}&status=open`);
    assert.deepEqual(codes(r), [theirs, mine], 'the other parameters are ignored');
  });

  test('service_code and status', async () => {
    const fin = codes(await tok.officer.get(`${V2}/requests.json?service_code=finance`));
    assert.deepEqual(fin, [theirs, mine], 'newest first');
    assert.deepEqual(codes(await tok.officer.get(`${V2}/requests.json?service_code=finance&status=closed`)), [theirs]);
    assert.deepEqual(codes(await tok.officer.get(`${V2}/requests.json?service_code=finance&status=open`)), [mine]);
    assert.deepEqual(codes(await tok.officer.get(`${V2}/requests.json?service_code=finance&status=open,closed`)), [theirs, mine]);
    assertO311Error(await tok.officer.get(`${V2}/requests.json?status=pending`), 400, 'status:');
    // The spec allows several codes, comma-delimited: merged, newest first.
    assert.deepEqual(codes(await tok.officer.get(`${V2}/requests.json?service_code=approval,finance`)), [unitOne, theirs, mine]);
    assert.deepEqual(codes(await tok.officer.get(`${V2}/requests.json?service_code=finance,nope`)), [theirs, mine]);
    assertO311Error(await tok.officer.get(`${V2}/requests.json?service_code=finance,`), 400, 'service_code:');
  });

  test('start_date and end_date bound requested_datetime; the default is the last 90 days', async () => {
    const a = await appealOf(mine);
    const at = a.submitted_at;
    const all = codes(await tok.officer.get(`${V2}/requests.json`));
    assert.ok(all.includes(mine) && all.includes(theirs));
    // The same instant in UTC, and a range ending exactly there: included.
    const utc = new Date(at).toISOString().replace('.000Z', 'Z');
    const upTo = codes(await tok.officer.get(`${V2}/requests.json?service_code=finance&end_date=${utc}`));
    assert.ok(upTo.includes(mine), `${utc}: ${upTo}`);
    const after = new Date(Date.parse(at) + 1000).toISOString().replace('.000Z', 'Z');
    assert.ok(!codes(await tok.officer.get(`${V2}/requests.json?service_code=finance&start_date=${after}`)).includes(mine));
    assert.deepEqual(codes(await tok.officer.get(`${V2}/requests.json?end_date=2020-01-01T00:00:00%2B08:00`)), []);
    // "+08:00" sent unescaped arrives as " 08:00": taken as the offset it was meant to be.
    assert.ok(codes(await tok.officer.get(`${V2}/requests.json?service_code=finance&start_date=2020-01-01T00:00:00+08:00`)).includes(mine));
    assert.deepEqual(codes(await tok.officer.get(`${V2}/requests.json?start_date=2020-01-01&end_date=2020-03-01`)), []);
    assertO311Error(await tok.officer.get(`${V2}/requests.json?start_date=yesterday`), 400, 'start_date:');
    assertO311Error(await tok.officer.get(`${V2}/requests.json?start_date=2023-02-03T10:00:00%2B08:00&end_date=2023-02-03T09:00:00%2B08:00`), 400, 'end_date:');
    assertO311Error(await tok.officer.get(`${V2}/requests.json?page=2`), 400, 'page:');
  });

  test('scope: an enterprise token sees its own requests, a handler its units\'', async () => {
    const own = codes(await tok.enterprise.get(`${V2}/requests.json`));
    assert.ok(own.includes(mine));
    assert.ok(!own.includes(theirs) && !own.includes(unitOne));
    const other = codes(await tok.other.get(`${V2}/requests.json?service_code=finance`));
    assert.deepEqual(other, [theirs]);
    assert.deepEqual(codes(await tok.handler.get(`${V2}/requests.json?service_code=approval`)), [unitOne]);
    assert.deepEqual(codes(await tok.enterprise.get(`${V2}/requests.json?service_request_id=${theirs},${mine}`)), [mine]);
    assertO311Error(await tok.enterprise.get(`${V2}/requests/${theirs}.json`), 404);
    assertO311Error(await tok.handler.get(`${V2}/requests/${mine}.json`), 404);
    assertO311Error(await tok.viewer.get(`${V2}/requests.json`), 403);
  });
});

describe('JSON only, and the errors', () => {
  test('.xml answers 400 saying only JSON is offered', async () => {
    for (const p of ['services.xml', 'requests.xml', 'requests/SQ2023-00001.xml']) {
      const r = await tok.officer.get(`${V2}/${p}`);
      assertO311Error(r, 400, 'only JSON is offered');
    }
    assertO311Error(await tok.officer.post(`${V2}/requests.xml`, form({ service_code: 'park' }), FORM), 400, 'only JSON');
  });

  test('404 for unknown documents and requests, 401 without credentials, all in the spec\'s shape', async () => {
    assertO311Error(await tok.officer.get(`${V2}/discovery.json`), 404);
    assertO311Error(await tok.officer.get(`${V2}/requests/SQ1999-00001.json`), 404);
    assertO311Error(await tok.officer.get(`${V2}/requests/SQ1999-00001`), 404);
    assertO311Error(await api(srv, 'GET', `${V2}/services.json`, undefined, { Authorization: null }), 401);
    assertO311Error(await api(srv, 'GET', `${V2}/requests.json?api_key=glt_wrong`, undefined, { Authorization: null }), 401);
  });
});
