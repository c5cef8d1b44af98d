// appeals-history.test.mjs - history entry (补录): an admin records an appeal and its actions
// with the time they happened (`at`), for the years before Guanlan.  Only an admin may, never
// in the future, never before the appeal's latest event; deadlines count from the effective
// dates; the timeline and the audit keep the real time of recording too.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, startServer } from './lib.mjs';
import { assertError, assertInvalid, createEnterprise } from './helpers.mjs';
import { createUser, login } from './sessions.mjs';

const AP = '/api/v1/appeals';
const UNIT = 3;

let srv;
let ent;
const as = {};

// Today in Asia/Shanghai, YYYY-MM-DD.
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

async function session(role, extra = {}) {
  const u = await createUser(srv, role, extra);
  return login(srv, u.username, u.password);
}

const act = (appeal, body) => api(srv, 'POST', `${AP}/${appeal.id}/actions`, body, { 'If-Match': `"${appeal.version}"` });
async function actOk(appeal, body) {
  const r = await act(appeal, body);
  assert.equal(r.status, 200, `${body.action}: ${r.text}`);
  return r.json;
}
async function intake(body) {
  const r = await api(srv, 'POST', AP, { enterprise_id: ent.id, category: 'policy', text: '补录：申请政策兑现', ...body });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

before(async () => {
  srv = await startServer();
  ent = await createEnterprise(srv);
  as.officer = await session('officer');
  as.leader = await session('leader');
  as.handler = await session('handler', { unit_ids: [UNIT] });
  as.enterprise = await session('enterprise', { enterprise_id: ent.id });
});
after(async () => { await srv.stop(); });

describe('history entry (补录) with an effective time', () => {
  test('deadlines count from the effective dates, across 国庆 2023 and its 调休 weekend', async () => {
    // 02:00Z is 10:00 in Shanghai: stored the way every instant is, +08:00.
    let a = await intake({ channel: 'proxy', at: '2023-09-28T02:00:00Z' });
    assert.equal(a.submitted_at, '2023-09-28T10:00:00+08:00');
    assert.match(a.code, /^SQ2023-\d{5}$/);
    // Accept within 1 working day: 09-29..10-06 off, Saturday 10-07 a 调休 working day.
    assert.equal(a.accept_due_on, '2023-10-07');
    assert.equal(a.state, 'submitted');
    assert.equal(a.overdue, true, 'an unaccepted 2023 appeal is long overdue');

    a = await actOk(a, { action: 'accept', at: '2023-10-07T09:00:00+08:00' });
    assert.equal(a.accepted_at, '2023-10-07T09:00:00+08:00');
    // Ordinary until assigned: 15 working days after 10-07 (10-08 is a 调休 Sunday) → 10-26.
    assert.equal(a.answer_due_on, '2023-10-26');
    a = await actOk(a, { action: 'assign', lead_unit_id: UNIT, complexity: 'complex', at: '2023-10-09T15:30:00+08:00' });
    // Complex, from the acceptance day: 30 working days after 10-07 → 11-16.
    assert.equal(a.answer_due_on, '2023-11-16');
    a = await actOk(a, { action: 'answer', answer: '已兑现', at: '2023-11-20T16:00:00+08:00' });
    assert.equal(a.answered_at, '2023-11-20T16:00:00+08:00');
    assert.ok(a.answered_at.slice(0, 10) > a.answer_due_on, 'answered late, as it happened');
    a = await actOk(a, { action: 'rate', rating: 'basic', comment: '办理偏慢', at: '2023-11-22T10:00:00+08:00' });
    assert.deepEqual([a.state, a.rating, a.rated_at, a.closed_at],
      ['closed', 'basic', '2023-11-22T10:00:00+08:00', '2023-11-22T10:00:00+08:00']);

    // The timeline: effective times in order, each recorded today.
    assert.deepEqual(a.events.map((e) => [e.kind, e.at]), [
      ['submit', '2023-09-28T10:00:00+08:00'],
      ['accept', '2023-10-07T09:00:00+08:00'],
      ['assign', '2023-10-09T15:30:00+08:00'],
      ['answer', '2023-11-20T16:00:00+08:00'],
      ['rate', '2023-11-22T10:00:00+08:00'],
      ['close', '2023-11-22T10:00:00+08:00'],
    ]);
    for (const e of a.events) assert.equal(e.recorded_at.slice(0, 10), today(), `${e.kind} recorded today`);
    assert.equal(a.created_at.slice(0, 10), today());
    assert.equal(a.updated_at.slice(0, 10), today());
  });

  test('across 春节 2024 from the effective day; without at, the events are now', async () => {
    const a = await intake({ channel: 'proxy', at: '2024-02-09T11:00:00+08:00' });
    // Friday before 春节 2024: the next working day is the 调休 Sunday 02-18.
    assert.equal(a.accept_due_on, '2024-02-18');
    const b = await intake({});
    assert.equal(b.submitted_at.slice(0, 10), today());
    assert.equal(b.events[0].at, b.events[0].recorded_at);
  });

  test('the audit keeps the effective time and records the real one', async () => {
    let a = await intake({ at: '2024-03-01T09:00:00+08:00' });
    a = await actOk(a, { action: 'accept', at: '2024-03-01T14:00:00+08:00' });
    const r = await api(srv, 'GET', `/api/v1/audit?entity=appeal&entity_id=${a.id}`);
    assert.equal(r.status, 200, r.text);
    const byAction = Object.fromEntries(r.json.items.map((x) => [x.action, x]));
    assert.ok(byAction.create && byAction.accept, r.text);
    assert.deepEqual(byAction.create.changes.find((c) => c.field === 'submitted_at'),
      { field: 'submitted_at', before: null, after: '2024-03-01T09:00:00+08:00' });
    assert.deepEqual(byAction.accept.changes.find((c) => c.field === 'at'),
      { field: 'at', before: null, after: '2024-03-01T14:00:00+08:00' });
    for (const x of [byAction.create, byAction.accept]) assert.equal(x.at.slice(0, 10), today());
  });
});

describe('the rules of history entry', () => {
  test('only an admin: others are refused (403 naming at), nothing is written', async () => {
    const body = { enterprise_id: ent.id, category: 'policy', text: '补录', at: '2023-05-05T10:00:00+08:00' };
    assertError(await as.officer.post(AP, body), 403, 'forbidden', 'at');
    const { enterprise_id: _, ...own } = body;
    assertError(await as.enterprise.post(AP, own), 403, 'forbidden', 'at');
    const before = (await api(srv, 'GET', `${AP}?enterprise=${ent.id}&limit=200`)).json.total;

    const a = await intake({});
    const acc = await as.officer.post(`${AP}/${a.id}/actions`, { action: 'accept', at: '2023-05-05T10:00:00+08:00' },
      { 'If-Match': `"${a.version}"` });
    assertError(acc, 403, 'forbidden', 'at');
    // A leader may supervise, but not back-date it.
    const sup = await as.leader.post(`${AP}/${a.id}/actions`, { action: 'supervise', at: a.submitted_at },
      { 'If-Match': `"${a.version}"` });
    assertError(sup, 403, 'forbidden', 'at');
    const now = (await api(srv, 'GET', `${AP}/${a.id}`)).json;
    assert.deepEqual([now.state, now.version, now.events.length], ['submitted', 1, 1]);
    assert.equal((await api(srv, 'GET', `${AP}?enterprise=${ent.id}&limit=200`)).json.total, before + 1);
    // Acting now, without at, the officer may.
    const ok = await as.officer.post(`${AP}/${a.id}/actions`, { action: 'accept' }, { 'If-Match': `"${a.version}"` });
    assert.equal(ok.status, 200, ok.text);
  });

  test('not in the future, and an instant (422 naming at)', async () => {
    const future = new Date(Date.now() + 3 * 86400000).toISOString().replace(/\.\d+Z$/, 'Z');
    assertInvalid(await api(srv, 'POST', AP, { enterprise_id: ent.id, category: 'policy', text: 'x', at: future }), { at: 'invalid' });
    for (const bad of ['2023-05-05', '2023-02-30T10:00:00+08:00', '2023-05-05T25:00:00+08:00', '2023-05-05T10:00:00', '2023-05-05 10:00:00+08:00', 20230505]) {
      assertInvalid(await api(srv, 'POST', AP, { enterprise_id: ent.id, category: 'policy', text: 'x', at: bad }), { at: 'invalid' });
    }
    const a = await intake({ at: '2023-05-05T10:00:00+08:00' });
    assertInvalid(await act(a, { action: 'accept', at: future }), { at: 'invalid' });
  });

  test('not before the appeal\'s latest event (422 naming at); the same instant is fine', async () => {
    let a = await intake({ at: '2023-06-01T10:00:00+08:00' });
    assertInvalid(await act(a, { action: 'accept', at: '2023-06-01T09:59:59+08:00' }), { at: 'invalid' });
    // The same instant written another way (UTC) is still before.
    assertInvalid(await act(a, { action: 'accept', at: '2023-06-01T01:59:00Z' }), { at: 'invalid' });
    a = await actOk(a, { action: 'accept', at: '2023-06-01T10:00:00+08:00' });
    a = await actOk(a, { action: 'assign', lead_unit_id: UNIT, complexity: 'simple', at: '2023-06-02T10:00:00+08:00' });
    // Acting now moves the latest event to today: no more history before it.
    a = await actOk(a, { action: 'start' });
    const late = await act(a, { action: 'answer', answer: '已办', at: '2023-06-05T10:00:00+08:00' });
    assertInvalid(late, { at: 'invalid' });
    const unchanged = (await api(srv, 'GET', `${AP}/${a.id}`)).json;
    assert.deepEqual([unchanged.state, unchanged.version], ['in_progress', a.version]);
  });
});
