// followups.test.mjs - follow-ups (跟进记录): recording them, newest first, the overdue next
// steps per officer as of a day, supersession by a later follow-up, refusals and scopes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, startServer } from './lib.mjs';
import { PRJ, assertError, assertInvalid, createProject, get } from './helpers.mjs';
import { createUser, throwawaySession } from './sessions.mjs';

const OVERDUE = '/api/v1/followups/overdue';
const fu = (id) => `${PRJ}/${id}/followups`;

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); });

describe('follow-ups', () => {
  let p, q, officer, me;
  before(async () => {
    p = await createProject(srv, { unit_id: 8 });
    q = await createProject(srv, { unit_id: 9 });
    officer = await createUser(srv, 'officer');
    me = (await get(srv, '/api/v1/auth/me')).user;
  });

  test('recorded with the caller as officer by default, listed newest first', async () => {
    let r = await api(srv, 'POST', fu(p.id), { on: '2023-05-01', kind: 'visit', summary: '走访企业，了解二期用地需求',
      next_step: '提交用地预审材料', next_on: '2023-05-10' });
    assert.equal(r.status, 201, r.text);
    assert.deepEqual([r.json.project_id, r.json.kind, r.json.kind_name, r.json.officer_id, r.json.next_on],
      [p.id, 'visit', '走访', me.id, '2023-05-10']);
    r = await api(srv, 'POST', fu(p.id), { on: '2023-04-20', kind: 'call', summary: '电话联系', officer: officer.id });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.officer_name, officer.display_name);
    const l = await get(srv, fu(p.id));
    assert.deepEqual(l.items.map((x) => x.on), ['2023-05-01', '2023-04-20']);
    assert.equal(l.total, 2);
  });

  test('overdue next steps per officer, as of a day, until a later follow-up supersedes them', async () => {
    // q: officer's negotiation with a next step on 06-01.
    let r = await api(srv, 'POST', fu(q.id), { on: '2023-05-20', kind: 'negotiation', summary: '洽谈合同条款',
      next_step: '确认投资额', next_on: '2023-06-01', officer: officer.id });
    assert.equal(r.status, 201, r.text);
    const mine = async (day) => {
      const o = await get(srv, `${OVERDUE}?as_of=${day}`);
      return o.officers.map((g) => [g.officer_id, g.count, g.items.map((x) => [x.project_id, x.next_on, x.days_overdue])]);
    };
    // 05-10 is p's next day: due, not yet overdue.
    assert.deepEqual(await mine('2023-05-10'), []);
    assert.deepEqual(await mine('2023-05-11'), [[me.id, 1, [[p.id, '2023-05-10', 1]]]]);
    assert.deepEqual(await mine('2023-06-05'), [
      [me.id, 1, [[p.id, '2023-05-10', 26]]],
      [officer.id, 1, [[q.id, '2023-06-01', 4]]],
    ]);
    assert.deepEqual((await get(srv, `${OVERDUE}?as_of=2023-06-05&officer=${officer.id}`)).total, 1);
    // A later follow-up on p (by anyone) supersedes its next step from that day on.
    r = await api(srv, 'POST', fu(p.id), { on: '2023-06-03', kind: 'meeting', summary: '材料已提交', officer: officer.id });
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(await mine('2023-06-02'), [
      [me.id, 1, [[p.id, '2023-05-10', 23]]],
      [officer.id, 1, [[q.id, '2023-06-01', 1]]],
    ]);
    assert.deepEqual(await mine('2023-06-05'), [[officer.id, 1, [[q.id, '2023-06-01', 4]]]]);
    const o = await get(srv, `${OVERDUE}?as_of=2023-06-05`);
    assert.equal(o.officers[0].items[0].project_name, q.name);
    assert.equal(o.officers[0].officer_name, officer.display_name);
  });

  test('refusals change nothing', async () => {
    const before = await get(srv, fu(p.id));
    const tomorrow = new Date(Date.now() + 8 * 3600e3 + 86400e3).toISOString().slice(0, 10);
    assertInvalid(await api(srv, 'POST', fu(p.id), { on: tomorrow, kind: 'email', summary: ' ', next_on: '2023-01-01', id: 3, x: 1 }),
      { on: 'invalid', kind: 'invalid', summary: 'required', next_step: 'required', id: 'read_only', x: 'unknown' });
    assertInvalid(await api(srv, 'POST', fu(p.id), { on: '2023-05-01', summary: '会谈' }), { kind: 'required' });
    assertInvalid(await api(srv, 'POST', fu(p.id), { on: '2023-05-01', kind: 'call', summary: '电话', next_step: '回访', next_on: '2023-04-01' }),
      { next_on: 'invalid' });
    assertInvalid(await api(srv, 'POST', fu(p.id), { kind: 'call', summary: '电话', on: '2023-13-01' }), { on: 'invalid' });
    const leader = await createUser(srv, 'leader');
    assertInvalid(await api(srv, 'POST', fu(p.id), { on: '2023-05-01', kind: 'call', summary: '电话', officer: leader.id }), { officer: 'unknown' });
    assertInvalid(await api(srv, 'POST', fu(p.id), { on: '2023-05-01', kind: 'call', summary: '电话', officer: 99999 }), { officer: 'unknown' });
    assertError(await api(srv, 'POST', fu(p.id), '{"on":'), 400);
    assertError(await api(srv, 'POST', fu(99999999), { on: '2023-05-01', kind: 'call', summary: '电话' }), 404, 'not_found');
    assertError(await api(srv, 'GET', `${OVERDUE}?as_of=2023-6-1`), 400, 'bad_parameter', 'as_of');
    assertError(await api(srv, 'GET', `${OVERDUE}?officer=0`), 400);
    assert.deepEqual(await get(srv, fu(p.id)), before);
  });

  test('handlers: their units\' projects only; enterprise users and viewers may not read them', async () => {
    const h = await throwawaySession(srv, 'handler', { unitIds: [9] });
    assert.equal((await h.get(fu(q.id))).status, 200);
    assertError(await h.get(fu(p.id)), 404, 'not_found');
    const o = await h.get(`${OVERDUE}?as_of=2023-06-05`);
    assert.equal(o.status, 200, o.text);
    assert.deepEqual(o.json.officers.flatMap((g) => g.items.map((x) => x.project_id)), [q.id]);
    const hp = await h.get(`${OVERDUE}?as_of=2023-06-02`);
    assert.ok(!hp.json.officers.some((g) => g.items.some((x) => x.project_id === p.id)));
    assertError(await h.post(fu(q.id), { on: '2023-05-01', kind: 'call', summary: '电话' }), 403, 'forbidden');
    const v = await throwawaySession(srv, 'viewer');
    assertError(await v.get(fu(q.id)), 403, 'forbidden');
  });

  test('each follow-up is in the audit trail', async () => {
    const a = await get(srv, '/api/v1/audit?entity=followup&action=create');
    assert.equal(a.total, 4);
    const c = Object.fromEntries(a.items.at(-1).changes.map((x) => [x.field, x.after]));
    assert.deepEqual([c.on, c.kind, c.next_on, c.project_id], ['2023-05-01', 'visit', '2023-05-10', String(p.id)]);
  });
});
