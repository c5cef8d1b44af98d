// inbox-counts.test.mjs - GET /api/v1/appeals/inbox-counts: one count per inbox tab, for the
// caller's scope, equal to the total of the list the tab shows (GET /appeals?view=…).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { run, startServer } from './lib.mjs';
import { assertError, createEnterprise, get } from './helpers.mjs';
import { createUser, login, sqlOk } from './sessions.mjs';

const AP = '/api/v1/appeals';
const COUNTS = '/api/v1/appeals/inbox-counts';
const UNIT = 3;        // 经济发展局
const OTHER_UNIT = 5;  // 建设管理局
const VIEWS = ['to_accept', 'to_handle', 'due_soon', 'overdue', 'supervised'];

let srv;
const as = {};
let ent, otherEnt;
const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);

async function session(role, extra = {}) {
  const u = await createUser(srv, role, extra);
  return login(srv, u.username, u.password);
}

async function actOk(who, appeal, body) {
  const r = await who.post(`${AP}/${appeal.id}/actions`, body, { 'If-Match': `"${appeal.version}"` });
  assert.equal(r.status, 200, `${body.action}: ${r.text}`);
  return r.json;
}

// The fixture, by hand (deadlines pinned so that "today" does not matter):
//   a1 ent, lead UNIT, submitted, accept due today                  to_accept, due_soon
//   a2 ent, lead UNIT, submitted, accept due 2025-01-02, swept      to_accept, overdue, supervised
//   a3 ent, accepted, assigned to UNIT, answer due 2099-12-31       to_handle (units)
//   a4 otherEnt, accepted (no unit yet)                             to_handle (the desk)
//   a5 ent, assigned to UNIT and answered                           to_handle (the enterprise)
//   a6 otherEnt, lead OTHER_UNIT, submitted, accept due 2099-12-31  to_accept
before(async () => {
  srv = await startServer();
  ent = await createEnterprise(srv);
  otherEnt = await createEnterprise(srv);
  as.admin = await session('admin');
  as.officer = await session('officer');
  as.leader = await session('leader');
  as.handler = await session('handler', { unit_ids: [UNIT] });
  as.handler2 = await session('handler', { unit_ids: [OTHER_UNIT] });
  as.enterprise = await session('enterprise', { enterprise_id: ent.id });
  as.other = await session('enterprise', { enterprise_id: otherEnt.id });
  as.viewer = await session('viewer');

  const file = async (body) => {
    const r = await as.officer.post(AP, body);
    assert.equal(r.status, 201, r.text);
    return r.json;
  };
  const a1 = await file({ enterprise_id: ent.id, category: 'policy', text: '今天受理到期', lead_unit_id: UNIT });
  const a2 = await file({ enterprise_id: ent.id, category: 'park', text: '受理已逾期', lead_unit_id: UNIT });
  let a3 = await file({ enterprise_id: ent.id, category: 'policy', text: '已交办' });
  let a4 = await file({ enterprise_id: otherEnt.id, category: 'talent', text: '已受理待交办' });
  let a5 = await file({ enterprise_id: ent.id, category: 'policy', text: '已答复待评价' });
  const a6 = await file({ enterprise_id: otherEnt.id, category: 'other', text: '别的单位', lead_unit_id: OTHER_UNIT });
  sqlOk(srv, `UPDATE appeal SET accept_due_on = '${today}' WHERE id = ${a1.id}`);
  sqlOk(srv, `UPDATE appeal SET accept_due_on = '2025-01-02' WHERE id = ${a2.id}`);
  sqlOk(srv, `UPDATE appeal SET accept_due_on = '2099-12-31' WHERE id IN (${a3.id}, ${a4.id}, ${a5.id}, ${a6.id})`);
  const r = run(['sweep', '--db', srv.db]);
  assert.equal(r.status, 0, r.stderr);
  a3 = await actOk(as.officer, a3, { action: 'accept' });
  a3 = await actOk(as.officer, a3, { action: 'assign', lead_unit_id: UNIT, complexity: 'simple' });
  sqlOk(srv, `UPDATE appeal SET answer_due_on = '2099-12-31', version = version + 1 WHERE id = ${a3.id}`);
  a4 = await actOk(as.officer, a4, { action: 'accept' });
  sqlOk(srv, `UPDATE appeal SET answer_due_on = NULL WHERE id = ${a4.id}`);
  a5 = await actOk(as.officer, a5, { action: 'accept' });
  a5 = await actOk(as.officer, a5, { action: 'assign', lead_unit_id: UNIT, complexity: 'simple' });
  a5 = await actOk(as.handler, a5, { action: 'answer', answer: '已答复' });
  assert.equal(a5.state, 'answered');
  // Sanity of the fixture itself.
  assert.equal((await get(srv, `${AP}/${a2.id}`)).supervised, true);
});
after(async () => { await srv.stop(); });

const counts = async (who, q = '') => {
  const r = await who.get(`${COUNTS}${q}`);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(Object.keys(r.json), ['counts']);
  assert.deepEqual(Object.keys(r.json.counts), [...VIEWS, 'all']);
  return r.json.counts;
};

describe('inbox counts', () => {
  test('by hand: each role sees its own numbers', async () => {
    const expect = {
      // the desk: a1 a2 a6 to accept; a4 accepted waits for assignment.
      officer: { to_accept: 3, to_handle: 1, due_soon: 1, overdue: 1, supervised: 1, all: 6 },
      // admin waits on units' work too: accepted, assigned, in progress.
      admin: { to_accept: 3, to_handle: 2, due_soon: 1, overdue: 1, supervised: 1, all: 6 },
      leader: { to_accept: 3, to_handle: 2, due_soon: 1, overdue: 1, supervised: 1, all: 6 },
      // unit 3 leads a1 a2 a3 a5; a3 is assigned to it.
      handler: { to_accept: 2, to_handle: 1, due_soon: 1, overdue: 1, supervised: 1, all: 4 },
      handler2: { to_accept: 1, to_handle: 0, due_soon: 0, overdue: 0, supervised: 0, all: 1 },
      // the enterprise: its a1 a2 a3 a5; a5 waits for its rating.
      enterprise: { to_accept: 2, to_handle: 1, due_soon: 1, overdue: 1, supervised: 1, all: 4 },
      other: { to_accept: 1, to_handle: 0, due_soon: 0, overdue: 0, supervised: 0, all: 2 },
    };
    for (const [who, want] of Object.entries(expect)) {
      assert.deepEqual(await counts(as[who]), want, who);
    }
  });

  test('every count is the total of the list its tab shows, for every role', async () => {
    for (const who of ['admin', 'officer', 'leader', 'handler', 'handler2', 'enterprise', 'other']) {
      const c = await counts(as[who]);
      for (const v of [...VIEWS, 'all']) {
        const q = v === 'all' ? '' : `view=${v}&`;
        const list = await as[who].get(`${AP}?${q}limit=200`);
        assert.equal(list.status, 200, list.text);
        assert.equal(c[v], list.json.total, `${who} ${v}`);
        assert.equal(c[v], list.json.items.length, `${who} ${v}: every row on one page`);
      }
    }
  });

  test('the list filters narrow the counts as they narrow the lists', async () => {
    assert.deepEqual(await counts(as.officer, '?category=policy'),
      { to_accept: 1, to_handle: 0, due_soon: 1, overdue: 0, supervised: 0, all: 3 });
    assert.deepEqual(await counts(as.officer, `?enterprise=${otherEnt.id}`),
      { to_accept: 1, to_handle: 1, due_soon: 0, overdue: 0, supervised: 0, all: 2 });
    const c = await counts(as.handler, '?category=park');
    const list = await as.handler.get(`${AP}?view=overdue&category=park`);
    assert.equal(c.overdue, list.json.total);
    assert.equal(c.overdue, 1);
  });

  test('counts follow a change at once', async () => {
    const before = await counts(as.officer);
    const r = await as.enterprise.post(AP, { category: 'other', text: '新提交' });
    assert.equal(r.status, 201, r.text);
    const after = await counts(as.officer);
    assert.equal(after.to_accept, before.to_accept + 1);
    assert.equal(after.all, before.all + 1);
    assert.equal((await counts(as.other)).all, 2, 'another enterprise does not see it');
  });

  test('refusals: the view and paging are not parameters; viewers may not', async () => {
    assertError(await as.officer.get(`${COUNTS}?view=overdue`), 400, 'bad_parameter', 'view');
    assertError(await as.officer.get(`${COUNTS}?limit=5`), 400, 'bad_parameter', 'limit');
    assertError(await as.officer.get(`${COUNTS}?channel=fax`), 400, 'bad_parameter', 'channel');
    assertError(await as.viewer.get(COUNTS), 403, 'forbidden');
  });
});
