// rates.test.mjs - the three rates through the API on a fixture computed by hand: six appeals
// driven through the real workflow (one merged away), their events placed on chosen days of
// March and April 2024 (no holidays in between), grouped by unit, category, channel and month;
// the figures as they stood on an earlier day; a handler's scope; 403 for enterprise users.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, startServer } from './lib.mjs';
import { createEnterprise } from './helpers.mjs';
import { createUser, login, sqlOk } from './sessions.mjs';

const AP = '/api/v1/appeals';
const RATES = '/api/v1/appeal-rates';
let srv, ent;
const as = {};
const ids = {};

async function session(role, extra = {}) {
  const u = await createUser(srv, role, extra);
  return login(srv, u.username, u.password);
}

async function act(id, body, who = null) {
  const r = who ? await who.post(`${AP}/${id}/actions`, body, { 'If-Match': '*' })
    : await api(srv, 'POST', `${AP}/${id}/actions`, body, { 'If-Match': '*' });
  assert.equal(r.status, 200, `${body.action}: ${r.text}`);
}

async function make(name, unit, category, channel) {
  const r = await api(srv, 'POST', AP, { enterprise_id: ent.id, lead_unit_id: unit, category, channel, text: `费率测试诉求 ${name}` });
  assert.equal(r.status, 201, r.text);
  ids[name] = r.json.id;
  return r.json.id;
}

const at = (day) => `${day}T10:00:00+08:00`;
// Place the n-th event of a kind (in order) of appeal id on day.
function eventOn(id, kind, day, n = 0) {
  sqlOk(srv, `UPDATE appeal_event SET at = '${at(day)}' WHERE id = (SELECT id FROM appeal_event`
    + ` WHERE appeal_id = ${id} AND kind = '${kind}' ORDER BY id LIMIT 1 OFFSET ${n})`);
}
function appealOn(id, submitted, acceptDue, answerDue) {
  sqlOk(srv, `UPDATE appeal SET submitted_at = '${at(submitted)}', accept_due_on = '${acceptDue}',`
    + ` answer_due_on = ${answerDue ? `'${answerDue}'` : 'NULL'} WHERE id = ${id}`);
  eventOn(id, 'submit', submitted);
}

before(async () => {
  srv = await startServer();
  ent = await createEnterprise(srv);
  as.handler = await session('handler', { unit_ids: [3] });
  as.handler5 = await session('handler', { unit_ids: [5] });
  as.enterprise = await session('enterprise', { enterprise_id: ent.id });
  as.viewer = await session('viewer');
  as.leader = await session('leader');

  // A1 unit 3, policy, proxy: accepted on the deadline, answered early, 满意.
  let id = await make('A1', 3, 'policy', 'proxy');
  await act(id, { action: 'accept' });
  await act(id, { action: 'assign', lead_unit_id: 3, complexity: 'simple' });
  await act(id, { action: 'answer', answer: '已办理' }, as.handler);
  await act(id, { action: 'rate', rating: 'satisfied' }, as.enterprise);
  // A2 unit 3, policy, online: accepted late, answered late, 基本满意.
  id = await make('A2', 3, 'policy', 'online');
  await act(id, { action: 'accept' });
  await act(id, { action: 'assign', lead_unit_id: 3, complexity: 'simple' });
  await act(id, { action: 'answer', answer: '已办理' }, as.handler);
  await act(id, { action: 'rate', rating: 'basic' }, as.enterprise);
  // A3 unit 3, park, proxy: answered on time, 不满意 reopens, answered again, 满意.
  id = await make('A3', 3, 'park', 'proxy');
  await act(id, { action: 'accept' });
  await act(id, { action: 'assign', lead_unit_id: 3, complexity: 'simple' });
  await act(id, { action: 'answer', answer: '第一次答复' }, as.handler);
  await act(id, { action: 'rate', rating: 'unsatisfied' }, as.enterprise);
  await act(id, { action: 'answer', answer: '第二次答复' }, as.handler);
  await act(id, { action: 'rate', rating: 'satisfied' }, as.enterprise);
  // A4 unit 5, park, proxy: declined on the deadline.
  id = await make('A4', 5, 'park', 'proxy');
  await act(id, { action: 'decline', reason: '不属于受理范围' });
  // A5 unit 5, policy, online: accepted, never answered.
  id = await make('A5', 5, 'policy', 'online');
  await act(id, { action: 'accept' });
  await act(id, { action: 'assign', lead_unit_id: 5, complexity: 'simple' });
  // A6 unit 5, policy, proxy: never accepted.
  await make('A6', 5, 'policy', 'proxy');
  // A8 unit 5: a duplicate of A5, merged into it (not counted).
  await make('A8', 5, 'policy', 'proxy');
  const m = await api(srv, 'POST', `${AP}/${ids.A8}/merge`, { into: ids.A5 });
  assert.equal(m.status, 200, m.text);
  // A7: submitted after the day the figures are asked for.
  await make('A7', 3, 'policy', 'proxy');

  sqlOk(srv, 'DROP TRIGGER appeal_event_no_update');
  appealOn(ids.A1, '2024-03-01', '2024-03-04', '2024-03-07');
  eventOn(ids.A1, 'accept', '2024-03-04');
  eventOn(ids.A1, 'answer', '2024-03-06');
  eventOn(ids.A1, 'rate', '2024-03-08');
  eventOn(ids.A1, 'close', '2024-03-08');
  appealOn(ids.A2, '2024-03-04', '2024-03-05', '2024-03-11');
  eventOn(ids.A2, 'accept', '2024-03-06');
  eventOn(ids.A2, 'answer', '2024-03-12');
  eventOn(ids.A2, 'rate', '2024-03-13');
  eventOn(ids.A2, 'close', '2024-03-13');
  appealOn(ids.A3, '2024-03-05', '2024-03-06', '2024-03-08');
  eventOn(ids.A3, 'accept', '2024-03-05');
  eventOn(ids.A3, 'answer', '2024-03-07');
  eventOn(ids.A3, 'rate', '2024-03-08');
  eventOn(ids.A3, 'reopen', '2024-03-08');
  eventOn(ids.A3, 'answer', '2024-03-11', 1);
  eventOn(ids.A3, 'rate', '2024-03-12', 1);
  eventOn(ids.A3, 'close', '2024-03-12');
  appealOn(ids.A4, '2024-04-01', '2024-04-02', null);
  eventOn(ids.A4, 'decline', '2024-04-02');
  appealOn(ids.A5, '2024-04-01', '2024-04-02', '2024-04-03');
  eventOn(ids.A5, 'accept', '2024-04-01');
  appealOn(ids.A6, '2024-04-08', '2024-04-09', null);
  appealOn(ids.A8, '2024-04-02', '2024-04-03', null);
  appealOn(ids.A7, '2024-05-10', '2024-05-13', null);
});
after(async () => { await srv.stop(); });

const R = (num, den, permille, percent) => ({ num, den, permille, percent });
const NONE = (den = 0) => R(0, den, null, null);

// Units 3 and 5 on 2024-04-30 (see docs/rates.md for the rules).
const UNIT3 = {
  items: 3, rated: 3,
  response: R(2, 3, 667, '66.7%'),                 // A2 accepted a day late
  resolution: R(3, 3, 1000, '100.0%'),
  satisfaction: R(2, 3, 667, '66.7%'),             // A1, A3 满意; A2 基本满意
  satisfaction_weighted: R(29, 30, 967, '96.7%'),  // (10 + 10 + 9) / 30
  on_time: R(2, 3, 667, '66.7%'),                  // A2 answered 03-12, due 03-11
  reopen: R(1, 3, 333, '33.3%'),                   // A3
  avg_days: '2.7', p90_days: 4,                    // 2, 4, 2 working days
};
const UNIT5 = {
  items: 3, rated: 0,
  response: R(2, 3, 667, '66.7%'),                 // A6 never accepted, due 04-09
  resolution: R(0, 1, 0, '0.0%'),                  // A5 accepted, open; A4 declined
  satisfaction: NONE(), satisfaction_weighted: NONE(),
  on_time: R(0, 1, 0, '0.0%'),                     // A5 due 04-03, not answered
  reopen: NONE(),
  avg_days: null, p90_days: null,
};

function pick(set) {
  const { key, name, rank, ...rest } = set;
  return rest;
}

describe('appeal rates', () => {
  test('by unit, with the ranking, on 2024-04-30', async () => {
    const r = await as.leader.get(`${RATES}?group=unit&as_of=2024-04-30`);
    assert.equal(r.status, 200, r.text);
    const b = r.json;
    assert.equal(b.kind, 'appeals');
    assert.equal(b.group, 'unit');
    assert.equal(b.as_of, '2024-04-30');
    assert.equal(b.from, null);
    for (const k of ['response', 'resolution', 'satisfaction', 'satisfaction_weighted', 'on_time', 'reopen', 'days', 'rank'])
      assert.equal(typeof b.definitions[k], 'string', k);
    assert.deepEqual(b.total, {
      items: 6, rated: 3,
      response: R(4, 6, 667, '66.7%'), resolution: R(3, 4, 750, '75.0%'),
      satisfaction: R(2, 3, 667, '66.7%'), satisfaction_weighted: R(29, 30, 967, '96.7%'),
      on_time: R(2, 4, 500, '50.0%'), reopen: R(1, 3, 333, '33.3%'),
      avg_days: '2.7', p90_days: 4,
    });
    assert.deepEqual(b.groups.map((g) => [g.key, g.rank]), [['3', 1], ['5', 2]]);
    assert.equal(b.groups[0].name, '经济发展局');
    assert.deepEqual(pick(b.groups[0]), UNIT3);
    assert.deepEqual(pick(b.groups[1]), UNIT5);
  });

  test('by category, channel and month', async () => {
    let b = (await as.viewer.get(`${RATES}?group=category&as_of=2024-04-30`)).json;
    assert.deepEqual(b.groups.map((g) => [g.key, g.name]), [['park', '园区建设'], ['policy', '政策配套']]);
    assert.deepEqual(pick(b.groups[0]), {
      items: 2, rated: 1, response: R(2, 2, 1000, '100.0%'), resolution: R(1, 1, 1000, '100.0%'),
      satisfaction: R(1, 1, 1000, '100.0%'), satisfaction_weighted: R(10, 10, 1000, '100.0%'),
      on_time: R(1, 1, 1000, '100.0%'), reopen: R(1, 1, 1000, '100.0%'), avg_days: '2.0', p90_days: 2,
    });
    assert.deepEqual(pick(b.groups[1]), {
      items: 4, rated: 2, response: R(2, 4, 500, '50.0%'), resolution: R(2, 3, 667, '66.7%'),
      satisfaction: R(1, 2, 500, '50.0%'), satisfaction_weighted: R(19, 20, 950, '95.0%'),
      on_time: R(1, 3, 333, '33.3%'), reopen: R(0, 2, 0, '0.0%'), avg_days: '3.0', p90_days: 4,
    });
    assert.ok(b.groups.every((g) => !('rank' in g)));

    b = (await api(srv, 'GET', `${RATES}?group=channel&as_of=2024-04-30`)).json;
    assert.deepEqual(b.groups.map((g) => [g.key, g.name, g.items]), [['online', '网上', 2], ['proxy', '代办', 4]]);
    assert.deepEqual(b.groups[0].response, R(1, 2, 500, '50.0%'));    // A2 late, A5 on time
    assert.deepEqual(b.groups[1].on_time, R(2, 2, 1000, '100.0%'));   // A1, A3
    assert.deepEqual(b.groups[1].avg_days, '2.0');

    b = (await api(srv, 'GET', `${RATES}?group=period:month&as_of=2024-04-30`)).json;
    assert.deepEqual(b.groups.map((g) => [g.key, g.name]), [['2024-03', '2024年3月'], ['2024-04', '2024年4月']]);
    assert.deepEqual(pick(b.groups[0]), UNIT3);
    assert.deepEqual(pick(b.groups[1]), UNIT5);
    b = (await api(srv, 'GET', `${RATES}?group=period:quarter&as_of=2024-04-30&from=2024-03-02&to=2024-04-01`)).json;
    // From 03-02 to 04-01: A2, A3 in Q1; A4, A5 in Q2.
    assert.deepEqual(b.groups.map((g) => [g.key, g.items]), [['2024-Q1', 2], ['2024-Q2', 2]]);
    assert.equal(b.from, '2024-03-02');
  });

  test('as the figures stood on 2024-03-07: later events do not count yet', async () => {
    const b = (await api(srv, 'GET', `${RATES}?group=unit&as_of=2024-03-07`)).json;
    // A1 answered 03-06 (unrated), A2 accepted late and not yet due, A3 answered 03-07.
    assert.deepEqual(b.total, {
      items: 3, rated: 0,
      response: R(2, 3, 667, '66.7%'), resolution: R(0, 3, 0, '0.0%'),
      satisfaction: NONE(), satisfaction_weighted: NONE(),
      on_time: R(2, 2, 1000, '100.0%'), reopen: NONE(),
      avg_days: '2.0', p90_days: 2,
    });
  });

  test('filters: unit, category, channel', async () => {
    const b = (await api(srv, 'GET', `${RATES}?as_of=2024-04-30&unit=3&category=policy&channel=online`)).json;
    assert.equal(b.total.items, 1);   // A2
    assert.deepEqual(b.total.on_time, R(0, 1, 0, '0.0%'));
  });

  test('a handler sees their units only; enterprise users may not see rates', async () => {
    let r = await as.handler.get(`${RATES}?as_of=2024-04-30`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(pick(r.json.total), UNIT3);
    assert.deepEqual(r.json.groups.map((g) => g.key), ['3']);
    r = await as.handler5.get(`${RATES}?as_of=2024-04-30&group=category`);
    assert.equal(r.json.total.items, 3);
    r = await as.enterprise.get(RATES);
    assert.equal(r.status, 403);
  });

  test('bad parameters are 422', async () => {
    const r = await api(srv, 'GET', `${RATES}?kind=x&group=y&from=2024-13-01&channel=fax`);
    assert.equal(r.status, 422);
    assert.deepEqual(r.json.error.details.map((d) => d.field).sort(), ['channel', 'from', 'group', 'kind']);
    const p = await api(srv, 'GET', `${RATES}?kind=problems&group=channel`);
    assert.equal(p.status, 422);
  });

  test('arrangements and problems: response and ratings do not apply', async () => {
    for (const kind of ['arrangements', 'problems']) {
      const r = await api(srv, 'GET', `${RATES}?kind=${kind}`);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.kind, kind);
      assert.equal(r.json.total.response, null);
      assert.equal(r.json.total.satisfaction, null);
      assert.equal(r.json.total.reopen, null);
      assert.deepEqual(r.json.total.items, 0);
    }
  });
});
