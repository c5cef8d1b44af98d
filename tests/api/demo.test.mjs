// demo.test.mjs - `guanlan demo` tells the report through the real API: the BYD task force
// with its meetings and the problems they opened and resolved, phase 1's milestones all green,
// phase 2 under way, the chain with six supporting projects in 济阳 and 商河, follow-ups with
// overdue next steps, funds in place by month, the 2023 targets, red and yellow warnings, a
// few stalled projects, and the headline figures unchanged; the 鹊华观澜会 roundtable (session 1
// of the report with its 15 enterprises, appeals answered on the spot and their arrangements,
// two later sessions) and appeals by every channel entered as history (补录), with a few open
// now, overdue and supervised after the sweep.  Every expected figure below is worked out by
// hand from data/demo.json.
import assert from 'node:assert/strict';
import { writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { api, run, startServer, tempDir } from './lib.mjs';
import { PRJ, STATS } from './helpers.mjs';
import { login } from './sessions.mjs';

// Today in Asia/Shanghai, and n calendar days away, as YYYY-MM-DD (as the loader counts).
const day = (n = 0) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' })
  .format(new Date(Date.now() + n * 86400000));

let srv;
let dir;
let out;        // what `guanlan demo` printed
let swept;      // what `guanlan sweep` said, on the fresh demo database
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
  swept = run(['sweep', '--db', db]);
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
    assert.match(out, /65 projects, 256 further records/);
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

const AP = '/api/v1/appeals';
const allAppeals = async (q = '') => (await get(`${AP}?limit=200${q}`)).items;
const sorted = (a) => [...a].sort();

describe('the demo\'s roundtables: 鹊华观澜会', () => {
  test('one series, three sessions, newest first', async () => {
    const series = (await get('/api/v1/roundtable-series')).items;
    assert.deepEqual(series.map((x) => [x.name, x.sessions, x.last_held_on]), [['鹊华观澜会', 3, '2024-03-15']]);
    const list = (await get(`/api/v1/roundtables?series=${series[0].id}`)).items;
    assert.deepEqual(list.map((x) => [x.number, x.title, x.held_on, x.format]), [
      [3, '鹊华观澜会第3期', '2024-03-15', 'site_visit'],
      [2, '鹊华观澜会第2期', '2023-06-09', 'forum'],
      [1, '鹊华观澜会第1期', '2023-02-03', 'roundtable'],
    ]);
  });

  test('session 1 as the report tells it: 2023-02-03, 管委会大楼15楼, a round table of 15 enterprises', async () => {
    const first = (await get('/api/v1/roundtables')).items.find((x) => x.number === 1);
    const s = await get(`/api/v1/roundtables/${first.id}`);
    assert.deepEqual([s.held_on, s.venue, s.format, s.format_name], ['2023-02-03', '管委会大楼15楼', 'roundtable', '圆桌会']);
    assert.equal(s.enterprises.length, 15);
    assert.ok(s.enterprises.every((e) => e.attended));
    for (const name of ['比亚迪股份有限公司', '国家电力投资集团有限公司', '京东集团股份有限公司', '西门子（中国）有限公司', '甲骨文（中国）软件系统有限公司'])
      assert.ok(s.enterprises.some((e) => e.name === name), name);
    // At the table: two leaders (the demo leader as a user), eight entrepreneurs, six units.
    const kinds = s.people.map((p) => p.kind);
    assert.deepEqual([kinds.filter((k) => k === 'leader').length, kinds.filter((k) => k === 'entrepreneur').length,
      kinds.filter((k) => k === 'unit').length], [2, 8, 6]);
    assert.equal(s.people.filter((p) => p.user_id).length, 1);
    assert.match(s.minutes, /管委会大楼15楼/);
    assert.match(s.minutes, /政策配套、园区建设、人才引进/);
    // The projects that came out of it.
    assert.deepEqual(sorted(s.projects.map((p) => p.name)), sorted(['示例：国家电投综合智慧能源项目',
      '示例：京东智能供应链及数字经济产业园项目', '示例：西门子数字化工厂赋能中心项目', '示例：甲骨文数据库与云服务创新中心项目']));
  });

  test('session 1: nine appeals on 政策配套, 园区建设 and 人才引进, each answered on the spot with its arrangement; one arrangement late', async () => {
    const first = (await get('/api/v1/roundtables')).items.find((x) => x.number === 1);
    const s = await get(`/api/v1/roundtables/${first.id}?as_of=2023-12-31`);
    assert.equal(s.appeals.length, 9);
    assert.ok(s.appeals.every((a) => a.answered_on_spot && a.answered_at.startsWith('2023-02-03T')));
    const by = {};
    for (const a of s.appeals) by[a.category] = (by[a.category] || 0) + 1;
    assert.deepEqual(by, { policy: 3, park: 3, talent: 3 });
    assert.ok(s.appeals.every((a) => a.state === 'closed'));
    // Nine arrangements, made at the table, deadlines in working days from 2023-02-03 (a
    // Friday after 春节: no holiday until 清明): 10 → 02-17, 15 → 02-24, 20 → 03-03, 30 → 03-17.
    assert.equal(s.arrangements.length, 9);
    const due = { 10: '2023-02-17', 15: '2023-02-24', 20: '2023-03-03', 30: '2023-03-17' };
    for (const x of s.arrangements) {
      assert.equal(x.made_on, '2023-02-03');
      assert.equal(x.due_on, due[x.deadline_days], x.text);
      assert.equal(x.status, 'done');
      assert.equal(x.appeal_id && s.appeals.some((a) => a.id === x.appeal_id), true);
    }
    assert.deepEqual(s.arrangements.filter((x) => !x.on_time).map((x) => [x.unit_name, x.due_on, x.done_on]),
      [['科技创新局', '2023-02-24', '2023-03-03']]);
    assert.deepEqual([s.counts.appeals, s.counts.answered_on_spot, s.counts.arrangements_done, s.counts.projects], [9, 9, 9, 4]);
  });

  test('sessions 2 and 3: one appeal handled after the meeting, one reopened after a 不满意', async () => {
    const list = (await get('/api/v1/roundtables')).items;
    const two = await get(`/api/v1/roundtables/${list.find((x) => x.number === 2).id}`);
    assert.deepEqual([two.counts.enterprises_invited, two.counts.enterprises_attended, two.counts.appeals,
      two.counts.answered_on_spot, two.counts.arrangements_done], [8, 7, 3, 2, 2]);
    const later = two.appeals.find((a) => !a.answered_on_spot);
    assert.deepEqual([later.category, later.lead_unit_name, later.answered_at], ['finance', '财政金融局', '2023-06-30T16:00:00+08:00']);
    const three = await get(`/api/v1/roundtables/${list.find((x) => x.number === 3).id}`);
    assert.deepEqual([three.venue, three.counts.enterprises_attended, three.counts.appeals, three.counts.answered_on_spot],
      ['比亚迪济南基地', 7, 3, 3]);
    const road = await get(`${AP}/${three.appeals.find((a) => a.category === 'park').id}`);
    assert.equal(road.reopen_count, 1);
    assert.deepEqual(road.events.map((e) => e.kind), ['submit', 'accept', 'answer', 'rate', 'reopen', 'answer', 'rate', 'close']);
    assert.equal(road.rating, 'satisfied');
  });
});

describe('the demo\'s appeals', () => {
  test('32 appeals by state and by channel', async () => {
    const all = await allAppeals();
    assert.equal(all.length, 32);
    const count = (k) => all.reduce((m, a) => ({ ...m, [a[k]]: (m[a[k]] || 0) + 1 }), {});
    assert.deepEqual(count('state'), { closed: 25, declined: 1, submitted: 2, in_progress: 3, answered: 1 });
    assert.deepEqual(count('channel'), { onsite: 15, online: 9, proxy: 4, hotline: 4 });
    // Latest ratings of the closed ones: 17 满意, 8 基本满意 (three were 不满意 first).
    assert.deepEqual(count('rating'), { satisfied: 17, basic: 8, null: 7 });
    assert.deepEqual(sorted(all.filter((a) => a.reopen_count > 0).map((a) => a.code)), ['SQ2023-00015', 'SQ2024-00003', 'SQ2024-00004']);
    assert.equal(all.filter((a) => a.channel === 'hotline').filter((a) => a.external_id).length, 4);
  });

  test('history with realistic timings: accepted late, answered late, an extension approved, one declined', async () => {
    const all = await allAppeals();
    const day = (t) => t && t.slice(0, 10);
    // Accept within one working day: two 2023 appeals were accepted the day after.
    assert.deepEqual(sorted(all.filter((a) => a.accepted_at && day(a.accepted_at) > a.accept_due_on).map((a) => a.code)),
      ['SQ2023-00014', 'SQ2023-00017']);
    // Answered after the deadline (the latest answer): 用电增容 (complex, due 2023-07-04), the
    // road of session 3 and the Siemens policy (each answered again after a 不满意: the road
    // was simple, 3 working days from 2024-03-15 → 03-20) and the 光伏备案 (due 2025-07-08,
    // answered 07-10).
    assert.deepEqual(sorted(all.filter((a) => a.answered_at && a.answer_due_on && day(a.answered_at) > a.answer_due_on)
      .map((a) => [a.code, a.answer_due_on])), [['SQ2023-00015', '2023-07-04'], ['SQ2024-00003', '2024-03-20'],
      ['SQ2024-00004', '2024-06-11'], ['SQ2025-00002', '2025-07-08']]);
    // JD's fund: complex from 2023-11-06 → 12-18, +10 working days approved → 2024-01-02 (元旦).
    const jd = await get(`${AP}/${all.find((a) => a.code === 'SQ2023-00019').id}`);
    assert.equal(jd.answer_due_on, '2024-01-02');
    assert.deepEqual(jd.extensions.map((x) => [x.days, x.status]), [[10, 'approved']]);
    // Declined: the 12345 noise complaint.
    const declined = all.filter((a) => a.state === 'declined');
    assert.deepEqual(declined.map((a) => [a.code, a.channel]), [['SQ2023-00018', 'hotline']]);
    assert.match(declined[0].decline_reason, /不属于企业诉求/);
    // History keeps the real time of recording: entered on the load day.
    assert.equal(jd.events[0].at, '2023-11-06T09:00:00+08:00');
    assert.equal(jd.events[0].recorded_at.slice(0, 10), day(jd.created_at));
  });

  test('open now: two overdue and supervised after the sweep, one extension pending, one answer to rate', async () => {
    assert.equal(swept.status, 0, swept.stderr);
    assert.match(swept.stderr + swept.stdout, /2 supervision opened, 0 closed/);
    const overdue = await allAppeals('&due=overdue');
    assert.deepEqual(sorted(overdue.map((a) => [a.state, a.channel, a.enterprise_name])), [
      ['in_progress', 'online', '示例：山东某某半导体有限公司'],
      ['submitted', 'hotline', '示例：山东某某高端装备制造有限公司'],
    ]);
    assert.ok(overdue.every((a) => a.supervised && a.overdue));
    const sup = (await get('/api/v1/supervisions')).items;
    assert.deepEqual(sorted(sup.map((x) => [x.kind, x.unit_id, x.escalated_name])),
      [['overdue_accept', null, '王主任（示例）'], ['overdue_answer', 3, '王主任（示例）']]);
    const pending = (await allAppeals()).filter((a) => a.extension_pending);
    assert.deepEqual(pending.map((a) => [a.state, a.lead_unit_id, a.overdue]), [['in_progress', 3, false]]);
  });

  test('the BYD user sees BYD\'s seven appeals, one it submitted itself today and one to rate', async () => {
    const byd = await login(srv, 'enterprise');
    const r = await byd.get(`${AP}?limit=200`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.total, 7);
    assert.ok(r.json.items.every((a) => a.enterprise_name === '比亚迪股份有限公司'));
    const own = r.json.items.filter((a) => a.state === 'submitted');
    assert.deepEqual(own.map((a) => [a.channel, a.category, a.submitted_at.slice(0, 10)]), [['online', 'park', day()]]);
    const toRate = await byd.get(`${AP}?view=to_handle`);
    assert.deepEqual(toRate.json.items.map((a) => [a.state, a.actions]), [['answered', ['rate']]]);
  });

  test('the rates, worked out by hand', async () => {
    const r = await api(srv, 'GET', '/api/v1/appeal-rates?group=unit');
    assert.equal(r.status, 200, r.text);
    const t = r.json.total;
    const rate = (x) => [x.num, x.den, x.percent];
    assert.equal(t.items, 32);
    // 25 rated (the latest rating of each; the three 不满意 that reopened appeals were rated
    // again): 17 满意, 8 基本满意 → 68.0% plain, (17 + 0.9 × 8) / 25 = 96.8% weighted.
    assert.equal(t.rated, 25);
    assert.deepEqual(rate(t.satisfaction), [17, 25, '68.0%']);
    assert.deepEqual(rate(t.satisfaction_weighted), [242, 250, '96.8%']);
    assert.deepEqual(rate(t.reopen), [3, 25, '12.0%']);
    // Ranked units: the three with five or more rated appeals first.
    const ranked = r.json.groups.filter((g) => g.rated >= 5).map((g) => [g.name, g.rank]);
    assert.deepEqual(ranked, [['建设管理局', 1], ['人才工作办公室', 2], ['经济发展局', 3]]);
  });
});
