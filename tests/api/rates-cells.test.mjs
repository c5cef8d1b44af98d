// rates-cells.test.mjs - the rollup of appeal rates (sql/014, docs/rates.md "Speed") gives
// the figures of the plain query exactly: settled, open, reopened, declined, merged and
// extended appeals over several months of 2024, every group, filter, range and as_of compared
// by `guanlan rates check` (cells against the plain query) while appeals are still queued,
// after a refresh, after a rebuild and after a repair behind the store's back.  And the
// answer deadline as it stood on as_of: an extension approved after as_of does not count,
// computed by hand.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { api, startServer } from './lib.mjs';
import { createEnterprise } from './helpers.mjs';
import { sqlOk } from './sessions.mjs';

const AP = '/api/v1/appeals';
const RATES = '/api/v1/appeal-rates';
const BIN = process.env.GUANLAN_BIN || './guanlan';
let srv, ent;
const ids = {};

const shanghai = (d) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
const today = shanghai(new Date());
const later = shanghai(new Date(Date.now() + 40 * 86400e3));
const at = (day, h = 10) => `${day}T${String(h).padStart(2, '0')}:00:00+08:00`;

async function intake(name, body) {
  const r = await api(srv, 'POST', AP, { enterprise_id: ent.id, text: `汇总诉求 ${name}`, ...body });
  assert.equal(r.status, 201, r.text);
  ids[name] = r.json.id;
  return r.json.id;
}
// The checks run for many seconds under ASan; the server closes a keep-alive connection idle
// for 30 s, and the first request on it then fails before reaching the server: once more.
async function call(...args) {
  try {
    return await api(srv, ...args);
  } catch (e) {
    if (e.message !== 'fetch failed') throw e;
    return api(srv, ...args);
  }
}
async function act(id, body) {
  const r = await call('POST', `${AP}/${id}/actions`, body, { 'If-Match': '*' });
  assert.equal(r.status, 200, `${body.action}: ${r.text}`);
  return r.json;
}
async function rates(query) {
  const r = await call('GET', `${RATES}?${query}`);
  assert.equal(r.status, 200, r.text);
  return r.json;
}

// `guanlan rates check` over every group and filter, for these as_of days and ranges.
function check(label, days = [today, later, '2024-05-10', '2024-04-30']) {
  const args = ['rates', 'check', '--db', srv.db];
  for (const d of days)
    args.push('--as-of', d);
  for (const r of ['2024-03-05:2024-04-20', ':2024-05-12', `2024-01-01:${today}`])
    args.push('--range', r);
  const r = spawnSync(BIN, args, { encoding: 'utf8' });
  assert.equal(r.status, 0, `${label}: ${r.stdout}${r.stderr}`);
  const m = r.stdout.match(/rates check: (\d+) requests, (\d+) through the cells, (\d+) differ/);
  assert.ok(m, r.stdout);
  assert.equal(m[3], '0', label);
  return { n: Number(m[1]), cells: Number(m[2]) };
}
function cli(...args) {
  const r = spawnSync(BIN, [...args, '--db', srv.db], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

before(async () => {
  srv = await startServer();
  ent = await createEnterprise(srv);
  const full = async (id, day, answer, rating, complexity = 'simple', unit = 3) => {
    await act(id, { action: 'accept', at: at(day) });
    await act(id, { action: 'assign', lead_unit_id: unit, complexity, at: at(day, 11) });
    await act(id, { action: 'answer', answer: '已办理', at: at(answer) });
    if (rating) await act(id, { action: 'rate', rating, at: at(answer, 16) });
  };
  // Settled in March: 满意; reopened by 不满意, then 基本满意.
  let id = await intake('S1', { category: 'policy', channel: 'proxy', lead_unit_id: 3, at: at('2024-03-04', 9) });
  await full(id, '2024-03-04', '2024-03-06', 'satisfied');
  id = await intake('S2', { category: 'park', channel: 'online', lead_unit_id: 3, at: at('2024-03-11', 9) });
  await full(id, '2024-03-12', '2024-03-20', 'unsatisfied', 'ordinary');
  await act(id, { action: 'answer', answer: '再次答复', at: at('2024-03-25') });
  await act(id, { action: 'rate', rating: 'basic', at: at('2024-03-26') });
  // April: declined late; a duplicate merged into an appeal left open and overdue.
  id = await intake('S3', { category: 'talent', channel: 'hotline', lead_unit_id: 5, at: at('2024-04-08', 9) });
  await act(id, { action: 'decline', reason: '不属于受理范围', at: at('2024-04-10') });
  id = await intake('S5', { category: 'park', channel: 'hotline', lead_unit_id: 5, at: at('2024-04-15', 9) });
  await act(id, { action: 'accept', at: at('2024-04-16') });
  await act(id, { action: 'assign', lead_unit_id: 5, complexity: 'complex', at: at('2024-04-16', 11) });
  id = await intake('S4', { category: 'park', channel: 'online', lead_unit_id: 5, at: at('2024-04-15', 9) });
  const m = await api(srv, 'POST', `${AP}/${id}/merge`, { into: ids.S5 });
  assert.equal(m.status, 200, m.text);
  // May, the only 融资 appeal: simple, accepted and assigned Monday 2024-05-06, so due
  // Thursday 05-09 (05-07 W1, 05-08 W2, 05-09 W3).  An extension of 5 working days asked on
  // 05-08 is approved on Monday 05-13: 05-10 W1, Saturday 05-11 a 调休 working day W2,
  // 05-13 W3, 05-14 W4, 05-15 W5, so due 05-15; answered 05-14 and closed 满意.
  id = await intake('X', { category: 'finance', channel: 'proxy', lead_unit_id: 7, at: at('2024-05-06', 9) });
  await act(id, { action: 'accept', at: at('2024-05-06') });
  await act(id, { action: 'assign', lead_unit_id: 7, complexity: 'simple', at: at('2024-05-06', 11) });
  await act(id, { action: 'request_extension', days: 5, reason: '需银行审批', at: at('2024-05-08') });
  let x = await act(id, { action: 'decide_extension', approve: true, note: '同意', at: at('2024-05-13') });
  assert.equal(x.answer_due_on, '2024-05-15');
  await act(id, { action: 'answer', answer: '已放款', at: at('2024-05-14') });
  x = await act(id, { action: 'rate', rating: 'satisfied', at: at('2024-05-14', 16) });
  assert.equal(x.state, 'closed');
  // June: no unit leads it and nobody accepted it.  Today: just in, and accepted only.
  await intake('S6', { category: 'other', channel: 'hotline', at: at('2024-06-03', 9) });
  await intake('S7', { category: 'factors', channel: 'online', lead_unit_id: 3 });
  id = await intake('S8', { category: 'approval', channel: 'proxy', lead_unit_id: 7 });
  await act(id, { action: 'accept' });
});
after(async () => { if (process.env.RATES_DEBUG) console.log(srv.log()); await srv.stop(); });

describe('the rollup gives the plain query\'s figures exactly', () => {
  test('queued, refreshed, rebuilt and repaired: every group, filter, range and as_of identical', async () => {
    // The merge went through duplicates.c, which leaves its appeals queued: judged live.
    let r = check('as written');
    assert.equal(r.cells, r.n, `${r.cells} of ${r.n} through the cells`);
    assert.match(cli('rates', 'refresh'), /^folded \d+ appeals/);
    assert.equal(sqlOk(srv, 'SELECT count(*) FROM rate_dirty'), '0');
    check('refreshed');
    // Nine appeals, eight counted (the merged one is not); six of them in 2024, each in a
    // cell of its own (unit, category and channel differ).
    assert.equal(sqlOk(srv, 'SELECT count(*) FROM rate_fact'), '8');
    assert.equal(sqlOk(srv, "SELECT count(*) FROM rate_cell WHERE grain = 0 AND period = '2024'"), '6');
    assert.equal(cli('rates', 'rebuild').trim(), 'folded 8 appeals into the rate cells');
    // Only deadlines still ahead stay pending (S7 to respond, S8 to answer); the overdue
    // open appeals S5 and S6 are due for good, folded into the cells.
    assert.equal(sqlOk(srv, 'SELECT group_concat(appeal_id) FROM rate_fact WHERE resp_due IS NOT NULL OR ans_due IS NOT NULL'),
      `${ids.S7},${ids.S8}`);
    const cells = sqlOk(srv, 'SELECT group_concat(hex(acc)) FROM (SELECT acc FROM rate_cell ORDER BY 1)');
    check('rebuilt');
    // A repair behind the store's back moves S1 to another category: queued by the trigger.
    sqlOk(srv, `UPDATE appeal SET category = 'talent' WHERE id = ${ids.S1}`);
    assert.equal(sqlOk(srv, 'SELECT count(*) FROM rate_dirty'), '1');
    check('repaired, queued');
    sqlOk(srv, `UPDATE appeal SET category = 'policy' WHERE id = ${ids.S1}`);
    cli('rates', 'refresh');
    assert.equal(sqlOk(srv, 'SELECT group_concat(hex(acc)) FROM (SELECT acc FROM rate_cell ORDER BY 1)'), cells,
      'taken out and put back: the same cells as a rebuild');
  });

  test('an action folds its appeal into the cells in its own transaction', async () => {
    await act(ids.S8, { action: 'assign', lead_unit_id: 7, complexity: 'simple' });
    assert.equal(sqlOk(srv, 'SELECT count(*) FROM rate_dirty'), '0');
    assert.equal(sqlOk(srv, `SELECT ans_due IS NOT NULL FROM rate_fact WHERE appeal_id = ${ids.S8}`), '1');
    check('after an action');
  });
});

describe('the answer deadline as it stood on as_of', () => {
  test('an extension approved after as_of does not count', async () => {
    // 05-10: the deadline was still 05-09 and had passed unanswered: due, late.
    let r = await rates('category=finance&as_of=2024-05-10');
    assert.deepEqual([r.total.on_time.num, r.total.on_time.den], [0, 1]);
    // 05-13: approved that day, the deadline is 05-15: nothing due yet.
    r = await rates('category=finance&as_of=2024-05-13');
    assert.deepEqual([r.total.on_time.num, r.total.on_time.den], [0, 0]);
    assert.equal(r.total.on_time.percent, null);
    // 05-14 and today (the rollup): answered within the extended deadline.
    for (const asOf of ['2024-05-14', today]) {
      r = await rates(`category=finance&as_of=${asOf}`);
      assert.deepEqual([r.total.on_time.num, r.total.on_time.den], [1, 1], asOf);
      assert.equal(r.total.satisfaction.percent, '100.0%');
    }
  });
});

// A past month end reads the cells plus that month end's snapshot (sql/022), a future day the
// pending deadlines by deadline day and month: the plain query's figures, computed by hand.
describe('as_of a past month end or a future day, through the cells', () => {
  test('the figures as they stood, and as they will stand', async () => {
    cli('rates', 'refresh');
    // S5: complex, assigned Tuesday 2024-04-16, 30 working days: 04-17..19 (3), 04-22..26
    // (8), Sunday 04-28 a 调休 working day (9), 04-29, 04-30 (11), 劳动节 05-01..05 off,
    // 05-06..10 (16), Saturday 05-11 调休 (17), 05-13..17 (22), 05-20..24 (27), 05-27..29 (30).
    assert.equal(sqlOk(srv, `SELECT answer_due_on FROM appeal WHERE id = ${ids.S5}`), '2024-05-29');
    // Only S5 stood otherwise at a month end than it stands now: on 04-30 its answer was
    // not due yet; by 05-31 it was, as now.  Every other appeal settled within its month.
    assert.equal(sqlOk(srv, "SELECT group_concat(appeal_id || ':' || snap) FROM rate_hist"), `${ids.S5}:2024-04-30`);
    // Unit 5 leads S3 (declined) and S5 (the merged S4 is not counted).
    let r = await rates('unit=5&as_of=2024-04-30');
    assert.equal(r.total.items, 2);
    assert.deepEqual([r.total.resolution.num, r.total.resolution.den], [0, 1]);
    assert.deepEqual([r.total.on_time.num, r.total.on_time.den], [0, 0]);
    assert.equal(r.total.on_time.percent, null);
    for (const asOf of ['2024-05-31', today]) {
      r = await rates(`unit=5&as_of=${asOf}`);
      assert.deepEqual([r.total.on_time.num, r.total.on_time.den], [0, 1], asOf);
    }
    // March's end: S1 (满意) and S2 (reopened, then 基本满意), both closed by then.
    r = await rates('group=period:month&as_of=2024-03-31');
    assert.deepEqual(r.groups.map((g) => g.key), ['2024-03']);
    assert.deepEqual([r.total.items, r.total.rated, r.total.resolution.num], [2, 2, 2]);
    assert.equal(r.total.satisfaction_weighted.percent, '95.0%');
    assert.equal(r.total.reopen.percent, '50.0%');
    // The future: S7 (not responded) and S8 (accepted, assigned simple today) are pending,
    // each by deadline month and day and by submission month and day: 4 rows each.
    assert.equal(sqlOk(srv, 'SELECT count(*) FROM rate_pend'), '8');
    r = await rates('category=factors');
    assert.deepEqual([r.total.response.num, r.total.response.den], [0, 0]);
    r = await rates(`category=factors&as_of=${later}`);
    assert.deepEqual([r.total.response.num, r.total.response.den], [0, 1]);
    r = await rates(`category=approval&as_of=${later}`);
    assert.deepEqual([r.total.response.num, r.total.response.den], [1, 1]);
    assert.deepEqual([r.total.on_time.num, r.total.on_time.den], [0, 1]);
    // And the plain query agrees on every group, filter and range, all through the cells.
    const c = check('past and future', ['2024-03-31', '2024-04-30', '2024-05-31', '2024-06-30', later]);
    assert.equal(c.cells, c.n, `${c.cells} of ${c.n} through the cells`);
  });
});

// A past day that is not a month end reads the nearer month end (the cells and its snapshot)
// corrected by the turns between them (sql/023): the plain query's figures, computed by hand.
describe('as_of a past day within a month, through the cells and the turns', () => {
  test('answered, submitted, due and extended between as_of and the month end', async () => {
    // Unit 4, July 2024 (no holiday), simple appeals: 3 working days to answer.
    // A1 submitted, accepted and assigned Monday 07-08: due Thursday 07-11; answered late on
    // 07-18 and rated 满意 the same day (closed).
    let id = await intake('A1', { category: 'policy', channel: 'online', lead_unit_id: 4, at: at('2024-07-08', 9) });
    await act(id, { action: 'accept', at: at('2024-07-08') });
    await act(id, { action: 'assign', lead_unit_id: 4, complexity: 'simple', at: at('2024-07-08', 11) });
    await act(id, { action: 'answer', answer: '已办理', at: at('2024-07-18') });
    await act(id, { action: 'rate', rating: 'satisfied', at: at('2024-07-18', 16) });
    // A2 submitted and accepted Monday 07-22, not assigned.
    id = await intake('A2', { category: 'park', channel: 'online', lead_unit_id: 4, at: at('2024-07-22', 9) });
    await act(id, { action: 'accept', at: at('2024-07-22') });
    // A3 submitted, accepted and assigned Monday 07-15: due Thursday 07-18, never answered.
    id = await intake('A3', { category: 'talent', channel: 'proxy', lead_unit_id: 4, at: at('2024-07-15', 9) });
    await act(id, { action: 'accept', at: at('2024-07-15') });
    await act(id, { action: 'assign', lead_unit_id: 4, complexity: 'simple', at: at('2024-07-15', 11) });
    // A4 submitted, accepted and assigned Monday 07-01: due Thursday 07-04.  10 more working
    // days asked on 07-03, approved on 07-18: 07-05 (1), 07-08..12 (6), 07-15..18 (10), so
    // due 07-18; answered that day.
    id = await intake('A4', { category: 'factors', channel: 'hotline', lead_unit_id: 4, at: at('2024-07-01', 9) });
    await act(id, { action: 'accept', at: at('2024-07-01') });
    await act(id, { action: 'assign', lead_unit_id: 4, complexity: 'simple', at: at('2024-07-01', 11) });
    await act(id, { action: 'request_extension', days: 10, reason: '需协调', at: at('2024-07-03') });
    const x = await act(id, { action: 'decide_extension', approve: true, note: '同意', at: at('2024-07-18', 9) });
    assert.equal(x.answer_due_on, '2024-07-18');
    await act(id, { action: 'answer', answer: '已协调', at: at('2024-07-18') });
    cli('rates', 'refresh');
    assert.equal(sqlOk(srv, 'SELECT count(*) FROM rate_dirty'), '0');
    // A1's turns: submitted and responded on time 07-08, its answer due from 07-12, answered
    // (late), rated and closed on 07-18.
    const turns = JSON.parse(sqlOk(srv, `SELECT json_group_array(tday) FROM (SELECT DISTINCT tday FROM rate_turn WHERE sgrain = 2 AND period = '2024-07-08' ORDER BY 1)`));
    assert.deepEqual(turns, ['2024-07-08', '2024-07-12', '2024-07-18']);
    const fig = (r) => ({ items: r.total.items, response: [r.total.response.num, r.total.response.den],
      on_time: [r.total.on_time.num, r.total.on_time.den], rated: r.total.rated,
      resolution: [r.total.resolution.num, r.total.resolution.den] });
    // 07-17 (Wednesday; 07-31 is nearer than 06-30: read as 07-31 minus the turns of
    // 07-18..31).  A2 is not in yet; A1 and A4 are due and unanswered (A4's extension is not
    // approved yet: due 07-04), A3 not due until the end of 07-18.
    let r = await rates('unit=4&as_of=2024-07-17');
    assert.deepEqual(fig(r), { items: 3, response: [3, 3], on_time: [0, 2], rated: 0, resolution: [0, 3] });
    // 07-12 (Friday; 06-30 is nearer: read as 06-30 plus the turns of 07-01..12): A1 and A4,
    // both due since 07-12 and 07-05.
    r = await rates('unit=4&as_of=2024-07-12');
    assert.deepEqual(fig(r), { items: 2, response: [2, 2], on_time: [0, 2], rated: 0, resolution: [0, 2] });
    // 07-11: A1's deadline day is not over yet.
    r = await rates('unit=4&as_of=2024-07-11');
    assert.deepEqual(fig(r), { items: 2, response: [2, 2], on_time: [0, 1], rated: 0, resolution: [0, 2] });
    // 07-31 (the snapshot): A1 answered late and 满意, A3 overdue, A4 on time; A2 accepted.
    r = await rates('unit=4&as_of=2024-07-31');
    assert.deepEqual(fig(r), { items: 4, response: [4, 4], on_time: [1, 3], rated: 1, resolution: [1, 4] });
    // 07-18: as on 07-31 but A2 not in yet and A3 not yet due.
    r = await rates('unit=4&as_of=2024-07-18');
    assert.deepEqual(fig(r), { items: 3, response: [3, 3], on_time: [1, 2], rated: 1, resolution: [1, 3] });
    for (const d of ['2024-07-11', '2024-07-12', '2024-07-17', '2024-07-18']) {
      const q = await call('GET', `${RATES}?unit=4&as_of=${d}`);
      assert.equal(q.status, 200);
    }
    // Every day from 04-20 to 05-20 (劳动节, the 调休 Sunday 04-28 and Saturday 05-11, S5's
    // and X's deadlines, X's extension) and all of July, every group, filter and range,
    // against the plain query, all through the cells; and again with A1 queued by a repair.
    const days = (from, n) => Array.from({ length: n }, (_, i) => shanghai(new Date(Date.parse(`${from}T12:00:00+08:00`) + i * 86400e3)));
    const all = [...days('2024-04-20', 31), ...days('2024-07-01', 31)];
    for (let i = 0; i < all.length; i += 16) {
      const c = check('within a month', all.slice(i, i + 16));
      assert.equal(c.cells, c.n, `${c.cells} of ${c.n} through the cells`);
    }
    // A repair gives A1 until Friday 07-19: queued, its stale facts and turns taken out and
    // judged live.  On 07-17 it is no longer due; by 07-31 it was answered on time.
    sqlOk(srv, `UPDATE appeal SET answer_due_on = '2024-07-19' WHERE id = ${ids.A1}`);
    assert.equal(sqlOk(srv, 'SELECT count(*) FROM rate_dirty'), '1');
    const c = check('within a month, queued', days('2024-07-01', 16));
    assert.equal(c.cells, c.n);
    r = await rates('unit=4&as_of=2024-07-17');
    assert.deepEqual(fig(r), { items: 3, response: [3, 3], on_time: [0, 1], rated: 0, resolution: [0, 3] });
    r = await rates('unit=4&as_of=2024-07-12');
    assert.deepEqual(fig(r), { items: 2, response: [2, 2], on_time: [0, 1], rated: 0, resolution: [0, 2] });
    cli('rates', 'refresh');
    r = await rates('unit=4&as_of=2024-07-31');
    assert.deepEqual(fig(r), { items: 4, response: [4, 4], on_time: [2, 3], rated: 1, resolution: [1, 4] });
    check('within a month, refreshed', days('2024-07-10', 12));
  });
});
