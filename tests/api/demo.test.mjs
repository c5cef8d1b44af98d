// demo.test.mjs - `guanlan demo` tells the report through the real API: the BYD task force
// with its meetings and the problems they opened and resolved, phase 1's milestones all green,
// phase 2 under way, the chain with six supporting projects in 济阳 and 商河, follow-ups with
// overdue next steps, funds in place by month, the 2023 targets, red and yellow warnings, a
// few stalled projects, and the headline figures unchanged.  Every expected figure below is
// worked out by hand from data/demo.json.
import assert from 'node:assert/strict';
import { writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { api, run, startServer, tempDir } from './lib.mjs';
import { PRJ, STATS } from './helpers.mjs';

// Today in Asia/Shanghai, and n calendar days away, as YYYY-MM-DD (as the loader counts).
const day = (n = 0) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' })
  .format(new Date(Date.now() + n * 86400000));

let srv;
let dir;
let out;        // what `guanlan demo` printed
const P = {};   // project name -> project
const get = async (path) => {
  const r = await api(srv, 'GET', path);
  assert.equal(r.status, 200, `${path}: ${r.text}`);
  return r.json;
};
const id = (name) => {
  assert.ok(P[name], `the demo has ${name}`);
  return P[name].id;
};

before(async () => {
  dir = tempDir();
  const db = join(dir, 'demo.db');
  // Something is in the way: refused without --force, replaced with it.
  writeFileSync(db, 'not a database');
  const refused = run(['demo', '--db', db]);
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /exists; add --force/);
  const r = run(['demo', '--db', db, '--force']);
  assert.equal(r.status, 0, r.stderr);
  out = r.stdout;
  srv = await startServer({ db });
  for (const p of (await get(`${PRJ}?limit=200`)).items) P[p.name] = p;
});
after(async () => {
  await srv?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const BYD1 = '比亚迪新能源乘用车项目（一期）';
const BYD2 = '比亚迪新能源乘用车项目（二期）';

describe('the demo database', () => {
  test('the headline figures are the report\'s: 36 industrial projects, 400亿元; 3128.5亿元 in all', async () => {
    assert.match(out, /65 projects, 103 further records/);
    assert.match(out, /signed industrial projects: 36, 400亿元/);
    assert.match(out, /all projects ever signed: +49, 3,128\.5亿元/);
    const s = await get(STATS);
    assert.equal(s.signed_industrial.count, 36);
    assert.deepEqual(s.signed_industrial.amount, { wan: 4000000, yi: '400' });
    assert.equal(s.signed_all.count, 49);
    assert.deepEqual(s.signed_all.amount, { wan: 31285000, yi: '3128.5' });
  });

  test('the BYD task force: members, the projects it serves, six meetings', async () => {
    const list = (await get('/api/v1/taskforces?limit=200')).items;
    assert.equal(list.length, 1);
    const tf = await get(`/api/v1/taskforces/${list[0].id}`);
    assert.equal(tf.name, '比亚迪项目建设服务专班');
    assert.equal(tf.leader, '党工委书记');
    assert.equal(tf.unit_id, 11);
    assert.equal(tf.members.length, 7);
    // The leader, the officer and the handler of the demo are members, as users.
    assert.equal(tf.members.filter((m) => m.user_id).length, 3);
    assert.deepEqual(tf.unit_ids, [2, 3, 4, 5, 6, 7, 9, 10]);
    assert.deepEqual(tf.projects.map((p) => p.name).sort(), [BYD1, BYD2].sort());
    // Five coordination meetings in 2023, one recent; newest first.
    const held = tf.meetings.map((m) => m.held_on);
    assert.equal(held.length, 6);
    assert.deepEqual(held.slice(1), ['2023-12-22', '2023-09-15', '2023-05-19', '2023-03-24', '2023-02-10']);
    // Ten working days back: at most 24 calendar days, across 春节.
    assert.ok(held[0] < day() && held[0] >= day(-24), `the latest meeting ${held[0]} is 10 working days back`);
    // Decisions: 8 problems opened, 6 resolved, 4 notes.
    const actions = tf.meetings.flatMap((m) => m.decisions.map((d) => d.action));
    assert.deepEqual([actions.filter((a) => a === 'open').length, actions.filter((a) => a === 'resolve').length,
      actions.filter((a) => a === 'note').length], [8, 6, 4]);
    assert.ok(tf.meetings.flatMap((m) => m.decisions).filter((d) => d.action !== 'note').every((d) => d.problem_id));
    assert.equal(tf.open_problems.length, 2);
  });

  test('the task force\'s problems: six resolved on their meeting days, two open and not yet due', async () => {
    const tfId = (await get('/api/v1/taskforces?limit=200')).items[0].id;
    const all = (await get(`/api/v1/problems?taskforce=${tfId}&limit=200`)).items;
    assert.equal(all.length, 8);
    assert.ok(all.every((p) => p.project_id === id(BYD2)), 'the 2023 problems are phase 2\'s');
    const resolved = all.filter((p) => p.status === 'resolved');
    assert.deepEqual(resolved.map((p) => [p.type, p.opened_on, p.resolved_on]), [
      ['land', '2023-02-10', '2023-03-24'],
      ['approval', '2023-02-10', '2023-05-19'],
      ['supporting', '2023-02-10', '2023-09-15'],
      ['talent', '2023-03-24', '2023-05-19'],
      ['planning', '2023-03-24', '2023-05-19'],
      ['energy', '2023-09-15', '2023-12-22'],
    ]);
    assert.ok(resolved.every((p) => p.resolution), 'each with its resolution');
    // Deadlines in working days over the official calendar: the approval was resolved late
    // (60 working days from 2023-02-10, across 清明 and 劳动节, is 2023-05-09); the rest on time.
    const approval = resolved.find((p) => p.type === 'approval');
    assert.equal(approval.due_on, '2023-05-09');
    assert.deepEqual(resolved.filter((p) => p.resolved_on > p.due_on).map((p) => p.type), ['approval']);
    const open = all.filter((p) => p.status === 'open');
    assert.deepEqual(open.map((p) => [p.type, p.deadline_days, p.unit_id]), [['supporting', 30, 5], ['other', 20, 3]]);
    for (const p of open) {
      assert.equal(p.overdue, false);
      assert.ok(p.due_on > day(), `${p.type} due ${p.due_on}, after today`);
      const d = await get(`/api/v1/calendar/deadline?from=${p.opened_on}&days=${p.deadline_days}`);
      assert.equal(d.due_on, p.due_on);
    }
    // Elsewhere: one resolved, one overdue, one open; none on phase 1 (its problems tab is empty).
    const ledger = await get('/api/v1/problems?limit=200');
    assert.equal(ledger.total, 11);
    assert.deepEqual((await get(`/api/v1/problems?overdue=true&limit=200`)).items.map((p) => p.project_id), [id('示例：车规级芯片封装测试项目')]);
    assert.equal((await get(`${PRJ}/${id(BYD1)}/problems`)).items.length, 0);
  });

  test('BYD phase 1: 签约, 供地, 开工, 主体完工, 设备进场, 投产 all done on time, all green', async () => {
    const m = await get(`${PRJ}/${id(BYD1)}/milestones`);
    assert.deepEqual(m.items.map((x) => x.kind), ['signing', 'land', 'start', 'structure', 'equipment', 'production']);
    assert.ok(m.items.every((x) => x.done && x.actual_on <= x.planned_on), 'done on or before plan');
    assert.deepEqual(m.items.map((x) => x.status), Array(6).fill('green'));
    assert.equal(m.status, 'green');
    // The milestones agree with the stage ledger: first vehicle off the line at the end of 2022.
    const p = await get(`${PRJ}/${id(BYD1)}`);
    assert.deepEqual([p.stage, p.signed_on, p.started_on, p.production_on], ['production', '2021-10-28', '2022-01-10', '2022-12-28']);
    assert.equal(m.items.find((x) => x.kind === 'production').actual_on, '2022-12-28');
    assert.equal(m.items.find((x) => x.kind === 'start').actual_on, '2022-01-10');
  });

  test('BYD phase 2: signed and started in 2023, later milestones ahead, nothing red; the phases roll up', async () => {
    const p = await get(`${PRJ}/${id(BYD2)}`);
    assert.equal(p.phase_parent_id, id(BYD1));
    assert.deepEqual([p.stage, p.signed_on, p.started_on], ['started', '2023-01-28', '2023-06-16']);
    const events = (await get(`${PRJ}/${id(BYD2)}/stages`)).items;
    assert.deepEqual(events.map((e) => [e.to, e.effective_on]), [['signed', '2023-01-28'], ['started', '2023-06-16']]);
    const m = await get(`${PRJ}/${id(BYD2)}/milestones`);
    const by = Object.fromEntries(m.items.map((x) => [x.kind === 'custom' ? x.name : x.kind, x]));
    assert.deepEqual(m.items.filter((x) => x.done).map((x) => x.kind === 'custom' ? x.name : x.kind), ['signing', 'land', '施工许可', 'start']);
    for (const k of ['structure', 'equipment', 'production', 'capacity']) {
      assert.equal(by[k].done, false);
      assert.ok(by[k].planned_on > day(30), `${k} planned ${by[k].planned_on}`);
      assert.equal(by[k].status, 'green');
    }
    // The building permit came four days late (the approval problem): yellow, caught up.
    assert.equal(by['施工许可'].status, 'yellow');
    assert.deepEqual(m.counts, { none: 0, green: 7, yellow: 1, red: 0 });
    assert.equal(m.status, 'yellow');
    // Phase 1 800000 + phase 2 500000, counted once each; funds 720000 + 280000.
    const one = await get(`${PRJ}/${id(BYD1)}`);
    assert.deepEqual(one.phases.map((x) => x.name), [BYD1, BYD2]);
    assert.equal(one.rollup.total_investment.wan, 1300000);
    assert.equal(one.rollup.funds_in_place.wan, 1000000);
  });

  test('the BYD chain: six supporting projects, three in 济阳 and three in 商河', async () => {
    const c = await get(`/api/v1/chains/${id(BYD1)}`);
    const sup = c.nodes.filter((n) => n.role === 'supporting');
    assert.equal(sup.length, 6);
    assert.deepEqual(sup.map((n) => n.location).sort(), ['370115', '370115', '370115', '370126', '370126', '370126']);
    assert.ok(sup.some((n) => n.name === '东风李尔汽车座椅项目' && n.location === '370115'));
    assert.ok(sup.some((n) => n.name === '平丰汽车配件制造项目' && n.location === '370126'));
    assert.deepEqual(sup.filter((n) => n.in_zone), []);
    assert.equal(c.totals.credited_to_chain_work.yi, '151');
    assert.equal(c.totals.counted_in_zone.yi, '130');
  });

  test('follow-ups of every kind; two next steps overdue, by 12 and 6 days', async () => {
    const kinds = new Set();
    let n = 0;
    for (const name of [BYD1, BYD2, '示例：国家电投综合智慧能源项目', '大科学装置关键设备研发及生产基地项目', '示例：车规级芯片封装测试项目']) {
      const f = await get(`${PRJ}/${id(name)}/followups`);
      for (const x of f.items) kinds.add(x.kind);
      n += f.total;
    }
    assert.deepEqual([...kinds].sort(), ['call', 'meeting', 'negotiation', 'visit']);
    assert.equal(n, 11);
    assert.equal((await get(`${PRJ}/${id(BYD2)}/followups`)).total, 5);
    const o = await get('/api/v1/followups/overdue');
    assert.equal(o.total, 2);
    assert.equal(o.officers.length, 1);
    assert.equal(o.officers[0].officer_name, '李专员（示例）');
    assert.deepEqual(o.officers[0].items.map((x) => [x.project_name, x.days_overdue]),
      [['示例：国家电投综合智慧能源项目', 12], ['示例：车规级芯片封装测试项目', 6]]);
  });

  test('funds in place by month: each project\'s cumulative total is the sum loaded', async () => {
    const want = {
      [BYD1]: [100000, 150000, 200000, 150000, 120000],
      [BYD2]: [30000, 50000, 60000, 45000, 55000, 40000],
      '碳卫星项目': [12000, 18000],
      '示例：新能源汽车动力电池系统项目': [20000, 25000],
      '示例：新能源汽车一体化压铸件项目': [8000, 12000],
      '示例：生物医药创新产业园项目': [15000, 20000, 10000],
      '示例：起步区某某片区综合开发项目': [300000, 250000],
      '东风李尔汽车座椅项目': [8000, 6000],
    };
    let sum = 0;
    for (const [name, amounts] of Object.entries(want)) {
      const f = await get(`${PRJ}/${id(name)}/funds`);
      assert.deepEqual(f.items.map((x) => x.amount.wan), amounts, name);
      let run = 0;
      for (const x of f.items) { run += x.amount.wan; assert.equal(x.cumulative.wan, run, `${name} ${x.month}`); }
      assert.equal(f.total.wan, run);
      sum += run;
    }
    assert.equal(sum, 1704000);
    // 2023 in the zone: 280000 + 30000 + 45000 + 20000 + 45000 + 550000 (东风李尔 is in 济阳).
    const s = await get('/api/v1/stats?measure=funds&from=2023-01-01&to=2023-12-31&location=zone');
    assert.equal(s.totals.funds.amount.wan, 970000);
  });

  test('the 2023 targets for the zone and per unit, with their progress', async () => {
    const t = await get('/api/v1/targets?year=2023');
    assert.deepEqual(t.targets.map((x) => [x.unit_id, x.measure, x.target, x.actual, x.percent]), [
      [null, 'signed_projects', 12, 10, '83.3'],
      [null, 'signed_amount', 1500000, 1670000, '111.3'],
      [null, 'started', 8, 7, '87.5'],
      [null, 'production', 5, 4, '80.0'],
      [null, 'funds', 1000000, 970000, '97.0'],
      [2, 'signed_projects', 5, 4, '80.0'],
      [2, 'signed_amount', 800000, 835000, '104.4'],
      [3, 'signed_projects', 4, 4, '100.0'],
      [3, 'started', 2, 2, '100.0'],
      [8, 'signed_projects', 2, 1, '50.0'],
      [11, 'signed_projects', 1, 1, '100.0'],
      [11, 'started', 1, 1, '100.0'],
      [11, 'funds', 250000, 280000, '112.0'],
    ]);
  });

  test('红黄预警: two red and four yellow milestones elsewhere; three stalled projects', async () => {
    const w = await get('/api/v1/milestones/warnings');
    assert.deepEqual(w.counts, { red: 2, yellow: 4 });
    assert.deepEqual(w.items.map((x) => [x.status, x.project_name, x.kind]), [
      ['red', '示例：车规级芯片封装测试项目', 'start'],
      ['red', '示例：汽车轻量化材料项目', 'equipment'],
      ['yellow', '示例：车规级芯片封装测试项目', 'land'],
      ['yellow', BYD2, 'custom'],
      ['yellow', '示例：智能传感器生产项目', 'structure'],
      ['yellow', '示例：高性能工程塑料项目', 'start'],
    ]);
    // Due in three working days: yellow whatever the day the demo is loaded.
    assert.equal(w.items[5].working_days_left, 3);
    const s = await get('/api/v1/stalled-projects');
    assert.deepEqual(s.items.map((x) => [x.name, x.stage, x.last_activity_on]), [
      ['示例：精密真空设备制造项目', 'signed', '2022-11-22'],
      ['示例：汽车内饰件项目', 'started', '2024-09-12'],
      ['示例：某某商业综合体项目', 'signed', '2025-01-15'],
    ]);
  });
});
