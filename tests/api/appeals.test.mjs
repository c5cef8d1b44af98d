// appeals.test.mjs - enterprise appeals (诉求) through the API: the whole story with one
// session per role, illegal moves, scope, attachments, extensions and the deadline sweep.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { api, run, startServer } from './lib.mjs';
import { assertError, createEnterprise, get } from './helpers.mjs';
import { createUser, login, sqlOk } from './sessions.mjs';

const AP = '/api/v1/appeals';
const UNIT = 3;        // 经济发展局: the handler's unit
const OTHER_UNIT = 5;  // 建设管理局

let srv;
const as = {};
let ent, otherEnt;

async function session(role, extra = {}) {
  const u = await createUser(srv, role, extra);
  return login(srv, u.username, u.password);
}

// POST an action with the appeal's current version; returns the response.
async function act(who, appeal, body) {
  return who.post(`${AP}/${appeal.id}/actions`, body, { 'If-Match': `"${appeal.version}"` });
}

async function actOk(who, appeal, body) {
  const r = await act(who, appeal, body);
  assert.equal(r.status, 200, `${body.action}: ${r.text}`);
  return r.json;
}

before(async () => {
  srv = await startServer();
  ent = await createEnterprise(srv);
  otherEnt = await createEnterprise(srv);
  as.enterprise = await session('enterprise', { enterprise_id: ent.id });
  as.other = await session('enterprise', { enterprise_id: otherEnt.id });
  as.handler = await session('handler', { unit_ids: [UNIT] });
  as.handler2 = await session('handler', { unit_ids: [OTHER_UNIT] });
  as.officer = await session('officer');
  as.leader = await session('leader');
  as.viewer = await session('viewer');
});
after(async () => { await srv.stop(); });

describe('the whole story', () => {
  test('online submission → accept → assign → answer → 不满意 reopens → answer → 满意 closes', async () => {
    let r = await as.enterprise.post(AP, { category: 'policy', text: '申请兑现2023年度技改补贴', title: '技改补贴' });
    assert.equal(r.status, 201, r.text);
    let a = r.json;
    assert.match(a.code, /^SQ\d{4}-\d{5}$/);
    assert.equal(a.state, 'submitted');
    assert.equal(a.channel, 'online');
    assert.equal(a.enterprise_id, ent.id);
    assert.deepEqual(a.actions, [], 'the enterprise has nothing to do on a submitted appeal');
    assert.match(a.submitted_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
    assert.match(a.accept_due_on, /^\d{4}-\d\d-\d\d$/);

    // The officer sees what the desk may do.
    const seen = await as.officer.get(`${AP}/${a.id}`);
    assert.deepEqual(seen.json.actions, ['accept', 'decline']);
    a = await actOk(as.officer, a, { action: 'accept', note: '受理' });
    assert.equal(a.state, 'accepted');
    a = await actOk(as.officer, a, { action: 'assign', lead_unit_id: UNIT, co_unit_ids: [OTHER_UNIT], complexity: 'simple' });
    assert.equal(a.state, 'assigned');
    assert.equal(a.complexity, 'simple');
    assert.deepEqual(a.units.map((u) => [u.unit_id, u.role]), [[UNIT, 'lead'], [OTHER_UNIT, 'co']]);

    // The lead unit's handler acts; the co-unit's handler sees it but does not act.
    const lead = await as.handler.get(`${AP}/${a.id}`);
    assert.deepEqual(lead.json.actions, ['start', 'answer', 'transfer', 'request_extension']);
    const co = await as.handler2.get(`${AP}/${a.id}`);
    assert.equal(co.status, 200);
    assert.deepEqual(co.json.actions, []);

    a = await actOk(as.handler, a, { action: 'start' });
    assert.equal(a.state, 'in_progress');
    a = await actOk(as.handler, a, { action: 'answer', answer: '已按政策核定补贴120万元' });
    assert.equal(a.state, 'answered');
    const mine = await as.enterprise.get(`${AP}/${a.id}`);
    assert.deepEqual(mine.json.actions, ['rate']);

    a = await actOk(as.enterprise, a, { action: 'rate', rating: 'unsatisfied', comment: '金额不对' });
    assert.equal(a.state, 'in_progress');
    assert.equal(a.reopen_count, 1);
    assert.equal(a.rating, 'unsatisfied');
    a = await actOk(as.handler, a, { action: 'answer', answer: '复核后补贴150万元' });
    a = await actOk(as.enterprise, a, { action: 'rate', rating: 'satisfied', comment: '满意' });
    assert.equal(a.state, 'closed');
    assert.equal(a.reopen_count, 1);
    assert.deepEqual(a.actions, []);
    assert.ok(a.closed_at);

    const kinds = a.events.map((e) => [e.kind, e.from_state, e.to_state, e.username]);
    assert.deepEqual(kinds, [
      ['submit', null, 'submitted', as.enterprise.user.username],
      ['accept', 'submitted', 'accepted', as.officer.user.username],
      ['assign', 'accepted', 'assigned', as.officer.user.username],
      ['start', 'assigned', 'in_progress', as.handler.user.username],
      ['answer', 'in_progress', 'answered', as.handler.user.username],
      ['rate', 'answered', 'rated', as.enterprise.user.username],
      ['reopen', 'rated', 'in_progress', as.enterprise.user.username],
      ['answer', 'in_progress', 'answered', as.handler.user.username],
      ['rate', 'answered', 'rated', as.enterprise.user.username],
      ['close', 'rated', 'closed', as.enterprise.user.username],
    ]);
    for (const e of a.events) assert.match(e.at, /\+08:00$/);
    assert.equal(a.events[5].note, '不满意: 金额不对');

    // A closed appeal stays readable, and nothing more can happen to it.
    r = await act(as.handler, a, { action: 'answer', answer: '再答一次' });
    assertError(r, 409, 'illegal_move', 'action');
    assert.match(r.json.error.message, /you may: none/);
  });

  test('an illegal action answers 409 naming the allowed ones; a stale version 409 too', async () => {
    const a = (await as.officer.post(AP, { enterprise_id: ent.id, category: 'park', text: '园区道路积水' })).json;
    assert.equal(a.channel, 'proxy');
    let r = await act(as.officer, a, { action: 'answer', answer: '已修' });
    assertError(r, 409, 'illegal_move', 'action');
    assert.match(r.json.error.message, /you may: accept, decline$/);
    r = await as.officer.post(`${AP}/${a.id}/actions`, { action: 'accept' }, { 'If-Match': '"99"' });
    assertError(r, 409, 'version_conflict');
    r = await as.officer.post(`${AP}/${a.id}/actions`, { action: 'accept' });
    assert.equal(r.status, 428, r.text);
    r = await act(as.officer, a, { action: 'decline' });
    assertError(r, 422, 'invalid');
    assert.deepEqual(r.json.error.details.map((d) => d.field), ['reason']);
    const d = await actOk(as.officer, a, { action: 'decline', reason: '不属于开发区职责' });
    assert.equal(d.state, 'declined');
    assert.equal(d.decline_reason, '不属于开发区职责');
  });

  test('an enterprise user submits online for its own enterprise only, and sees only its own', async () => {
    let r = await as.enterprise.post(AP, { category: 'talent', text: '人才公寓', enterprise_id: otherEnt.id });
    assertError(r, 422, 'invalid');
    r = await as.enterprise.post(AP, { category: 'talent', text: '人才公寓', channel: 'proxy' });
    assertError(r, 422, 'invalid');
    const theirs = (await as.other.post(AP, { category: 'talent', text: '别人的诉求' })).json;
    assertError(await as.enterprise.get(`${AP}/${theirs.id}`), 404, 'not_found');
    assertError(await act(as.enterprise, theirs, { action: 'rate', rating: 'satisfied' }), 404, 'not_found');
    const list = await as.enterprise.get(`${AP}?limit=200`);
    assert.equal(list.status, 200);
    assert.ok(list.json.items.length > 0);
    assert.deepEqual(list.json.items.filter((x) => x.enterprise_id !== ent.id), []);
    // Handlers see their units' appeals only; viewers none at all.
    const h = await as.handler.get(`${AP}/${theirs.id}`);
    assertError(h, 404, 'not_found');
    assertError(await as.viewer.get(AP), 403, 'forbidden');
  });

  test('an onsite appeal answered on the spot goes straight to answered', async () => {
    const series = await as.officer.post('/api/v1/roundtable-series', { name: '鹊华观澜会' });
    assert.equal(series.status, 201, series.text);
    const rt = await as.officer.post('/api/v1/roundtables',
      { series_id: series.json.id, held_on: '2023-02-03', enterprises: [ent.id] });
    assert.equal(rt.status, 201, rt.text);
    const r = await as.officer.post(AP, {
      enterprise_id: ent.id, category: 'policy', channel: 'onsite', roundtable_id: rt.json.id, lead_unit_id: UNIT,
      text: '希望明确研发费用补助', answer: '现场答复：按新政执行',
    });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.state, 'answered');
    assert.deepEqual(r.json.events.map((e) => e.kind), ['submit', 'accept', 'answer']);
    assert.equal(r.json.accepted_at, r.json.submitted_at);
    assert.deepEqual(r.json.actions, [], 'the officer does not rate');
    const list = await as.officer.get(`${AP}?roundtable=1`);
    assert.deepEqual(list.json.items.map((x) => x.id), [r.json.id]);
  });
});

describe('deadlines, extensions, transfer', () => {
  test('an approved extension moves answer_due_on by working days; a transfer keeps it', async () => {
    let a = (await as.officer.post(AP, { enterprise_id: ent.id, category: 'factors', text: '用电增容' })).json;
    a = await actOk(as.officer, a, { action: 'accept' });
    a = await actOk(as.officer, a, { action: 'assign', lead_unit_id: UNIT, complexity: 'ordinary' });
    // Put the deadline before 国庆 2026: Friday 09-25 + 5 working days = 09-28 Mon W1,
    // 09-29 W2, 09-30 W3, 10-01..07 H, 10-08 Thu W4, 10-09 Fri W5.
    sqlOk(srv, `UPDATE appeal SET answer_due_on = '2026-09-25' WHERE id = ${a.id}`);
    a = await get(srv, `${AP}/${a.id}`);
    a = await actOk(as.handler, a, { action: 'request_extension', days: 5, reason: '需协调供电公司' });
    assert.equal(a.extension_pending, true);
    assert.deepEqual((await as.handler.get(`${AP}/${a.id}`)).json.actions, ['start', 'answer', 'transfer']);
    assert.deepEqual((await as.leader.get(`${AP}/${a.id}`)).json.actions, ['decide_extension', 'supervise']);
    assertError(await act(as.handler, a, { action: 'request_extension', days: 3, reason: '再延' }), 409, 'illegal_move');
    a = await actOk(as.leader, a, { action: 'decide_extension', approve: true, note: '同意' });
    assert.equal(a.answer_due_on, '2026-10-09');
    assert.equal(a.extensions[0].status, 'approved');
    assert.equal(a.extension_pending, false);

    a = await actOk(as.handler, a, { action: 'transfer', unit_id: OTHER_UNIT, reason: '属建设管理局职责' });
    assert.equal(a.lead_unit_id, OTHER_UNIT);
    assert.equal(a.answer_due_on, '2026-10-09');
    assert.deepEqual((await as.handler.get(`${AP}/${a.id}`)).status, 404, 'the old unit no longer sees it');
    assert.deepEqual((await as.handler2.get(`${AP}/${a.id}`)).json.actions, ['start', 'answer', 'transfer', 'request_extension']);
  });

  test('a rejected extension leaves the deadline', async () => {
    let a = (await as.officer.post(AP, { enterprise_id: ent.id, category: 'finance', text: '贷款贴息' })).json;
    a = await actOk(as.officer, a, { action: 'accept' });
    a = await actOk(as.officer, a, { action: 'assign', lead_unit_id: UNIT, complexity: 'complex' });
    const due = a.answer_due_on;
    a = await actOk(as.handler, a, { action: 'request_extension', days: 10, reason: '材料不全' });
    a = await actOk(as.leader, a, { action: 'decide_extension', approve: false, note: '不同意' });
    assert.equal(a.answer_due_on, due);
    assert.equal(a.extensions[0].status, 'rejected');
  });

  test('a deadline beyond the loaded calendar says it is a guess', async () => {
    let a = (await as.officer.post(AP, { enterprise_id: ent.id, category: 'other', text: '跨年' })).json;
    a = await actOk(as.officer, a, { action: 'accept' });
    a = await actOk(as.officer, a, { action: 'assign', lead_unit_id: UNIT, complexity: 'simple' });
    sqlOk(srv, `UPDATE appeal SET answer_due_on = '2026-12-30' WHERE id = ${a.id}`);
    a = await get(srv, `${AP}/${a.id}`);
    a = await actOk(as.handler, a, { action: 'request_extension', days: 3, reason: '跨年' });
    a = await actOk(as.leader, a, { action: 'decide_extension', approve: true });
    // 12-31 Thu W1, 2027-01-01 Fri W2 (2027 unknown: Monday-Friday), 01-04 Mon W3.
    assert.equal(a.answer_due_on, '2027-01-04');
    assert.equal(a.due_fallback, true);
    assert.match(a.due_note, /Monday-Friday/);
  });
});

describe('inbox views', () => {
  test('to_accept, due_soon and overdue per the caller', async () => {
    const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
    const soon = (await as.officer.post(AP, { enterprise_id: ent.id, category: 'other', text: '今天到期', lead_unit_id: UNIT })).json;
    const late = (await as.officer.post(AP, { enterprise_id: ent.id, category: 'other', text: '已经逾期', lead_unit_id: UNIT })).json;
    sqlOk(srv, `UPDATE appeal SET accept_due_on = '${today}' WHERE id = ${soon.id}`);
    sqlOk(srv, `UPDATE appeal SET accept_due_on = '2025-01-02' WHERE id = ${late.id}`);
    const ids = async (who, q) => (await who.get(`${AP}?${q}&limit=200`)).json.items.map((x) => x.id);
    const dueSoon = await ids(as.handler, 'view=due_soon');
    assert.ok(dueSoon.includes(soon.id) && !dueSoon.includes(late.id));
    const overdue = await ids(as.handler, 'view=overdue');
    assert.ok(overdue.includes(late.id) && !overdue.includes(soon.id));
    assert.equal(overdue[0], late.id, 'the oldest deadline first');
    const toAccept = await ids(as.handler, 'view=to_accept');
    assert.ok(toAccept.includes(soon.id) && toAccept.includes(late.id));
    assert.deepEqual(await ids(as.handler2, 'view=to_accept'), [], 'another unit has nothing to accept');
    const mine = await as.enterprise.get(`${AP}?view=to_handle&limit=200`);
    assert.ok(mine.json.items.every((x) => x.state === 'answered'));
    assertError(await as.officer.get(`${AP}?view=everything`), 400, 'bad_parameter', 'view');
    assertError(await as.officer.get(`${AP}?state=open`), 400, 'bad_parameter', 'state');
    const range = await ids(as.officer, `from=${today}&to=${today}`);
    assert.ok(range.includes(soon.id));
    assert.deepEqual(await ids(as.officer, 'from=2020-01-01&to=2020-12-31'), []);
  });
});

describe('supervision', () => {
  test('the sweep opens supervision for an overdue appeal exactly once, and answering closes it', async () => {
    let a = (await as.officer.post(AP, { enterprise_id: ent.id, category: 'approval', text: '施工许可', lead_unit_id: UNIT })).json;
    sqlOk(srv, `UPDATE appeal SET accept_due_on = '2024-02-08' WHERE id = ${a.id}`);
    let r = run(['sweep', '--db', srv.db]);
    assert.equal(r.status, 0, r.stderr);
    r = run(['sweep', '--db', srv.db]);
    assert.equal(r.status, 0, r.stderr);
    let sup = (await as.leader.get('/api/v1/supervisions')).json.items.filter((s) => s.appeal_id === a.id);
    assert.equal(sup.length, 1, 'one supervision, however often the sweep runs');
    assert.equal(sup[0].kind, 'overdue_accept');
    assert.equal(sup[0].unit_id, UNIT);
    assert.equal(sup[0].escalated_to, as.leader.user.id, 'escalated to the (first) leader');
    a = await get(srv, `${AP}/${a.id}`);
    assert.equal(a.supervised, true);
    assert.equal(a.overdue, true);
    assert.deepEqual(a.events.map((e) => e.kind), ['submit', 'escalate']);
    const inbox = await as.handler.get(`${AP}?view=supervised`);
    assert.ok(inbox.json.items.some((x) => x.id === a.id));
    const overdue = await as.handler.get(`${AP}?view=overdue`);
    assert.ok(overdue.json.items.some((x) => x.id === a.id));
    // Handlers see the supervision of their units only.
    assert.deepEqual((await as.handler2.get('/api/v1/supervisions')).json.items.filter((s) => s.appeal_id === a.id), []);

    a = await actOk(as.handler, a, { action: 'accept' });
    assert.equal(a.supervisions[0].closed_at !== null, true, 'accepting closes the overdue-accept supervision');
    a = await actOk(as.officer, a, { action: 'assign', lead_unit_id: UNIT, complexity: 'simple' });
    a = await actOk(as.leader, a, { action: 'supervise', note: '请加快' });
    assert.equal(a.supervised, true);
    assert.deepEqual(a.actions, [], 'a leader supervises once');
    a = await actOk(as.handler, a, { action: 'answer', answer: '已办' });
    assert.equal(a.supervised, false);
    assert.ok(a.supervisions.every((s) => s.closed_at));
    sup = (await as.leader.get('/api/v1/supervisions')).json.items.filter((s) => s.appeal_id === a.id);
    assert.deepEqual(sup, []);
  });
});

describe('attachments', () => {
  let a;
  before(async () => {
    a = (await as.enterprise.post(AP, { category: 'other', text: '附件测试' })).json;
  });
  const files = () => {
    const dir = `${srv.db}.attachments`;
    return existsSync(dir) ? readdirSync(dir, { recursive: true }).filter((f) => /[0-9a-f]{64}$/.test(f)) : [];
  };

  test('stored by hash, downloaded byte for byte, scoped', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(3000, 7)]);
    const r = await as.enterprise.post(`${AP}/${a.id}/attachments?name=营业执照.pdf`, new Uint8Array(pdf), { 'Content-Type': 'application/pdf' });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.size, pdf.length);
    assert.equal(r.json.name, '营业执照.pdf');
    assert.match(r.json.sha256, /^[0-9a-f]{64}$/);
    const d = await as.enterprise.get(`${AP}/${a.id}/attachments/${r.json.id}`);
    assert.equal(d.status, 200);
    assert.equal(d.headers.get('content-type'), 'application/pdf');
    assert.ok(d.bytes.equals(pdf));
    assert.match(d.headers.get('content-disposition'), /filename\*=UTF-8''%E8%90%A5/);
    assertError(await as.other.get(`${AP}/${a.id}/attachments/${r.json.id}`), 404, 'not_found');
    const again = await as.enterprise.post(`${AP}/${a.id}/attachments?name=copy.pdf`, new Uint8Array(pdf), { 'Content-Type': 'application/pdf' });
    assert.equal(again.status, 201);
    assert.equal(files().length, 1, 'the same bytes are kept once');
    const detail = (await as.enterprise.get(`${AP}/${a.id}`)).json;
    assert.deepEqual(detail.attachments.map((x) => x.name), ['营业执照.pdf', 'copy.pdf']);
  });

  test('too large (413), wrong type (415), bytes that lie (422): nothing written', async () => {
    const before = files().length;
    const big = new Uint8Array(11 * 1024 * 1024);
    big.set(Buffer.from('%PDF-'));
    assertError(await as.enterprise.post(`${AP}/${a.id}/attachments`, big, { 'Content-Type': 'application/pdf' }), 413, 'too_large');
    const exe = Buffer.from('MZ\x90\x00this is an exe');
    assertError(await as.enterprise.post(`${AP}/${a.id}/attachments?name=setup.exe`, new Uint8Array(exe), { 'Content-Type': 'application/x-msdownload' }), 415, 'unsupported_media_type');
    assertError(await as.enterprise.post(`${AP}/${a.id}/attachments?name=a.png`, new Uint8Array(exe), { 'Content-Type': 'image/png' }), 422, 'invalid');
    assert.equal(files().length, before);
    assert.equal((await as.enterprise.get(`${AP}/${a.id}`)).json.attachments.length, 2);
  });
});

describe('categories and limits', () => {
  test('admins edit categories; one in use is deactivated, not deleted', async () => {
    const cats = await get(srv, '/api/v1/ref/appeal-categories');
    assert.deepEqual(cats.items.map((c) => c.name), ['政策配套', '园区建设', '人才引进', '要素保障', '审批服务', '融资', '其他']);
    const items = cats.items.map(({ code, name }) => ({ code, name }));
    let r = await api(srv, 'PUT', '/api/v1/ref/appeal-categories', { items: items.filter((c) => c.code !== 'policy') });
    assertError(r, 422, 'invalid');
    assert.match(r.json.error.details[0].message, /policy is used/);
    r = await api(srv, 'PUT', '/api/v1/ref/appeal-categories', {
      items: [...items.map((c) => (c.code === 'policy' ? { ...c, active: false } : c)), { code: 'env', name: '环保' }],
    });
    assert.equal(r.status, 200, r.text);
    const active = (await get(srv, '/api/v1/ref/appeal-categories')).items.map((c) => c.code);
    assert.ok(!active.includes('policy') && active.includes('env'));
    assertError(await as.enterprise.post(AP, { category: 'policy', text: 'x' }), 422, 'invalid');
    assertError(await as.officer.request('PUT', '/api/v1/ref/appeal-categories', { items }), 403, 'forbidden');
    r = await api(srv, 'PUT', '/api/v1/ref/appeal-categories', { items });
    assert.equal(r.status, 200);
  });

  test('the limits are settings', async () => {
    const s = await get(srv, '/api/v1/settings/appeals');
    assert.deepEqual(s, { accept_days: 1, simple_days: 3, ordinary_days: 15, complex_days: 30, due_soon_days: 2, duplicate_window_days: 30 });
    let r = await api(srv, 'PUT', '/api/v1/settings/appeals', { simple_days: 5, accept_days: 0 });
    assertError(r, 422, 'invalid');
    r = await api(srv, 'PUT', '/api/v1/settings/appeals', { simple_days: 5 });
    assert.equal(r.status, 200);
    assert.equal(r.json.simple_days, 5);
    r = await api(srv, 'PUT', '/api/v1/settings/appeals', { simple_days: 3 });
    assert.equal(r.json.simple_days, 3);
  });
});
