// milestones.test.mjs - milestones and their colours (三色预警) on boundary days around 国庆
// 2023, the portfolio of red and yellow milestones, stalled projects and the warning settings.
// Colours are asked "as of" fixed days, so nothing depends on when the tests run.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, startServer } from './lib.mjs';
import { PRJ, assertError, assertInvalid, createProject, get } from './helpers.mjs';
import { sqlOk, throwawaySession } from './sessions.mjs';

const WARN = '/api/v1/milestones/warnings';
const STALLED = '/api/v1/stalled-projects';
const SETTINGS = '/api/v1/settings/warnings';
const ms = (id) => `${PRJ}/${id}/milestones`;
const put = (srv, id, items, version) => api(srv, 'PUT', ms(id), { items },
  version === undefined ? {} : { 'If-Match': `"${version}"` });

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); });

// 开工 planned for Monday 2023-10-09, right after the 2023 National Day break (09-29..10-06
// off, Sat 10-07 and Sun 10-08 worked); 签约 done four days late.
const PLAN = [
  { kind: 'signing', planned_on: '2023-03-01', actual_on: '2023-03-05' },
  { kind: 'start', planned_on: '2023-10-09' },
  { kind: 'custom', name: '环评批复', planned_on: '2023-12-01', note: '生态环境局' },
  { kind: 'land' },
];

describe('one project\'s milestones', () => {
  let p;
  before(async () => { p = await createProject(srv, { leader: '王主任', unit_id: 2 }); });

  test('a project starts with no milestones, at version 1', async () => {
    const r = await api(srv, 'GET', ms(p.id));
    assert.equal(r.status, 200, r.text);
    assert.equal(r.headers.get('etag'), '"1"');
    assert.deepEqual(r.json.items, []);
    assert.equal(r.json.status, 'none');
    assert.equal(r.json.version, 1);
  });

  test('PUT replaces the list and answers it with colours', async () => {
    const r = await put(srv, p.id, PLAN, 1);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.version, 2);
    assert.equal(r.headers.get('etag'), '"2"');
    assert.deepEqual(r.json.items.map((m) => [m.kind, m.name]),
      [['signing', '签约'], ['start', '开工'], ['custom', '环评批复'], ['land', '供地/拿地']]);
    assert.equal(r.json.items[2].note, '生态环境局');
    assert.equal(r.json.items[3].status, 'none');
  });

  // Working days after the day asked up to 10-09: from 09-25 they are 09-26, 27, 28, 10-07,
  // 10-08 and 10-09 (six); from 09-26 five.  The window is 5 working days.
  const cases = [
    ['2023-09-25', 'green', null, 6, 'yellow'],
    ['2023-09-26', 'yellow', null, 5, 'yellow'],
    ['2023-10-01', 'yellow', null, 3, 'yellow'],
    ['2023-10-08', 'yellow', null, 1, 'yellow'],
    ['2023-10-09', 'yellow', null, 0, 'yellow'],
    ['2023-10-10', 'red', 1, null, 'red'],
    ['2023-10-16', 'red', 5, null, 'red'],
  ];
  for (const [day, color, late, left, overall] of cases) {
    test(`开工 planned 2023-10-09 is ${color} as of ${day}`, async () => {
      const r = await get(srv, `${ms(p.id)}?as_of=${day}`);
      const start = r.items.find((m) => m.kind === 'start');
      assert.equal(r.as_of, day);
      assert.equal(r.window_days, 5);
      assert.deepEqual([start.status, start.working_days_late, start.working_days_left, start.done],
        [color, late, left, false]);
      assert.equal(r.status, overall, 'the project\'s colour is its worst milestone\'s');
      assert.equal(r.calendar_estimated, false);
      const signing = r.items[0];
      assert.deepEqual([signing.status, signing.working_days_late, signing.done], ['yellow', 2, true],
        '签约 planned Wed 03-01, done Sun 03-05: 2 working days late (Thu 03-02 and Fri 03-03; none at the weekend)');
    });
  }

  test('counts per colour', async () => {
    const r = await get(srv, `${ms(p.id)}?as_of=2023-10-10`);
    assert.deepEqual(r.counts, { none: 1, green: 1, yellow: 1, red: 1 });
  });

  test('a milestone done after the day asked was not done that day', async () => {
    const mine = await createProject(srv);
    const r = await put(srv, mine.id, [{ kind: 'start', planned_on: '2023-10-09', actual_on: '2023-10-11' }], 1);
    assert.equal(r.status, 200, r.text);
    const colour = async (day) => (await get(srv, `${ms(mine.id)}?as_of=${day}`)).items[0];
    assert.deepEqual(await colour('2023-10-09').then((m) => [m.status, m.done]), ['yellow', false]);
    assert.deepEqual(await colour('2023-10-10').then((m) => [m.status, m.working_days_late]), ['red', 1]);
    assert.deepEqual(await colour('2023-10-11').then((m) => [m.status, m.working_days_late, m.done]), ['yellow', 2, true]);
  });

  test('a bad as_of is 400, an unknown parameter too', async () => {
    assertError(await api(srv, 'GET', `${ms(p.id)}?as_of=2023-02-30`), 400, 'bad_parameter', 'as_of');
    assertError(await api(srv, 'GET', `${ms(p.id)}?asof=2023-02-03`), 400);
    assertError(await api(srv, 'GET', `${ms(99999999)}`), 404, 'not_found');
  });

  test('refusals change nothing', async () => {
    const before = await get(srv, `${ms(p.id)}?as_of=2023-10-10`);
    const tomorrow = new Date(Date.now() + 8 * 3600e3 + 86400e3).toISOString().slice(0, 10);
    const bad = [
      { kind: 'signing', planned_on: '2023-03-01' },
      { kind: 'start', planned_on: '2023-13-09' },
      { kind: 'signing' },
      { kind: 'custom' },
      { kind: 'launch' },
      { kind: 'capacity', actual_on: tomorrow },
      { kind: 'structure', status: 'green' },
      { kind: 'equipment', name: '设备' },
      'not an object',
    ];
    assertInvalid(await put(srv, p.id, bad, 2), {
      'items[1].planned_on': 'invalid', 'items[2].kind': 'duplicate', 'items[3].name': 'required',
      'items[4].kind': 'invalid', 'items[5].actual_on': 'invalid', 'items[6].status': 'read_only',
      'items[7].name': 'invalid', 'items[8]': 'type',
    });
    assertInvalid(await api(srv, 'PUT', ms(p.id), { list: [] }, { 'If-Match': '"2"' }), { items: 'required', list: 'unknown' });
    assertInvalid(await api(srv, 'PUT', ms(p.id), { items: {} }, { 'If-Match': '"2"' }), { items: 'type' });
    assertInvalid(await put(srv, p.id, Array.from({ length: 51 }, () => ({ kind: 'custom', name: 'x' })), 2), { items: 'too_many' });
    assertError(await api(srv, 'PUT', ms(p.id), { items: [] }), 428, 'version_required');
    assertError(await put(srv, p.id, [], 1), 409);
    assertError(await api(srv, 'PUT', ms(p.id), '{"items": [', { 'If-Match': '"2"' }), 400);
    assertError(await put(srv, 99999999, [], 1), 404, 'not_found');
    assert.deepEqual(await get(srv, `${ms(p.id)}?as_of=2023-10-10`), before);
  });

  test('the version may come in the body; If-Match: * takes whatever is current', async () => {
    const mine = await createProject(srv);
    let r = await api(srv, 'PUT', ms(mine.id), { items: [{ kind: 'land', planned_on: '2024-01-05' }], version: 1 });
    assert.equal(r.status, 200, r.text);
    r = await api(srv, 'PUT', ms(mine.id), { items: [] }, { 'If-Match': '*' });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual([r.json.version, r.json.items], [3, []]);
  });

  test('every replacement is in the audit trail', async () => {
    const a = await get(srv, `/api/v1/audit?entity=milestones&entity_id=${p.id}`);
    assert.equal(a.items.length, 1);
    const c = a.items[0].changes.find((x) => x.field === 'milestones');
    assert.equal(c.before, null);
    assert.match(c.after, /^签约 2023-03-01→2023-03-05; 开工 2023-10-09→-; 环评批复 2023-12-01→-; 供地\/拿地 -→-$/);
  });
});

describe('the portfolio of red and yellow milestones', () => {
  const leaderA = '测试领导甲';
  const leaderB = '测试领导乙';
  let a1, a2, b1;
  before(async () => {
    a1 = await createProject(srv, { leader: leaderA, unit_id: 5 });
    a2 = await createProject(srv, { leader: leaderA, unit_id: 6 });
    b1 = await createProject(srv, { leader: leaderB, unit_id: 5 });
    for (const [p, items] of [
      [a1, [{ kind: 'start', planned_on: '2023-10-09' }, { kind: 'signing', planned_on: '2023-09-01', actual_on: '2023-09-01' }]],
      [a2, [{ kind: 'land', planned_on: '2023-09-28' }, { kind: 'production', planned_on: '2023-10-20' }]],
      [b1, [{ kind: 'signing', planned_on: '2023-08-01', actual_on: '2023-08-03' }, { kind: 'capacity', planned_on: '2023-10-16' }]],
    ]) assert.equal((await put(srv, p.id, items, 1)).status, 200);
  });

  // As of 2023-10-10: a1 开工 red (1 late); a2 供地 red (planned 09-28: 09-28 itself is not
  // late, then 10-07, 08, 09, 10: 4); a2 投产 10-20 is 8 working days off: green; b1 签约
  // done late: yellow; b1 达产 10-16 is 4 working days off: yellow.
  const mine = (items) => items.filter((m) => [a1.id, a2.id, b1.id].includes(m.project_id));

  test('red first, then yellow, grouped by leader and by unit with counts', async () => {
    const r = await get(srv, `${WARN}?as_of=2023-10-10`);
    assert.equal(r.as_of, '2023-10-10');
    assert.deepEqual(r.colors, ['red', 'yellow']);
    assert.deepEqual(mine(r.items).map((m) => [m.project_id, m.kind, m.status, m.working_days_late, m.working_days_left]), [
      [a2.id, 'land', 'red', 4, null],
      [a1.id, 'start', 'red', 1, null],
      [b1.id, 'signing', 'yellow', 2, null],
      [b1.id, 'capacity', 'yellow', null, 4],
    ]);
    const la = r.by_leader.find((g) => g.leader === leaderA);
    const lb = r.by_leader.find((g) => g.leader === leaderB);
    assert.deepEqual([la.red, la.yellow, la.items.map((m) => m.kind)], [2, 0, ['land', 'start']]);
    assert.deepEqual([lb.red, lb.yellow, lb.items.map((m) => m.kind)], [0, 2, ['signing', 'capacity']]);
    const u5 = r.by_unit.find((g) => g.unit_id === 5);
    const u6 = r.by_unit.find((g) => g.unit_id === 6);
    assert.deepEqual([u5.red, u5.yellow, u6.red, u6.yellow], [1, 2, 1, 0]);
    assert.equal(u5.unit_name, '建设管理局');
    // Each item names its project and unit, not only their ids.
    assert.deepEqual(mine(r.items).map((m) => [m.project_code, m.project_name, m.unit_id, m.unit_name]), [
      [a2.code, a2.name, 6, '行政审批服务局'], [a1.code, a1.name, 5, '建设管理局'],
      [b1.code, b1.name, 5, '建设管理局'], [b1.code, b1.name, 5, '建设管理局'],
    ]);
    assert.equal(r.counts.red, r.items.filter((m) => m.status === 'red').length);
  });

  test('filters: colour, leader, unit', async () => {
    let r = await get(srv, `${WARN}?as_of=2023-10-10&color=red&leader=${encodeURIComponent(leaderA)}`);
    assert.deepEqual(r.items.map((m) => [m.project_id, m.kind]), [[a2.id, 'land'], [a1.id, 'start']]);
    assert.deepEqual(r.counts, { red: 2, yellow: 0 });
    assert.deepEqual(r.by_leader.map((g) => g.leader), [leaderA]);
    r = await get(srv, `${WARN}?as_of=2023-10-10&color=yellow&unit=5`);
    assert.deepEqual(r.items.map((m) => [m.project_id, m.kind]), [[b1.id, 'signing'], [b1.id, 'capacity']]);
    r = await get(srv, `${WARN}?as_of=2023-09-20&unit=5&color=red,yellow`);
    // 09-20: a1 开工 10-09 is 9 working days off (21, 22, 25-28, 10-07..09): green; b1 签约
    // was done late: yellow; 达产 10-16 is green.
    assert.deepEqual(r.items.map((m) => [m.project_id, m.kind, m.status]), [[b1.id, 'signing', 'yellow']]);
    assertError(await api(srv, 'GET', `${WARN}?color=green`), 400, 'bad_parameter', 'color');
    assertError(await api(srv, 'GET', `${WARN}?as_of=20231010`), 400, 'bad_parameter', 'as_of');
    assertError(await api(srv, 'GET', `${WARN}?unit=x`), 400);
  });

  test('a handler sees the warnings of their units only, and 404 for other projects', async () => {
    const h = await throwawaySession(srv, 'handler', { unitIds: [6] });
    const r = await h.get(`${WARN}?as_of=2023-10-10`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.items.map((m) => m.project_id), [a2.id]);
    assert.deepEqual(r.json.by_unit.map((g) => g.unit_id), [6]);
    assert.equal((await h.get(ms(a2.id))).status, 200);
    assertError(await h.get(ms(a1.id)), 404, 'not_found');
    assertError(await h.request('PUT', ms(a2.id), { items: [] }, { 'If-Match': '*' }), 403, 'forbidden');
  });
});

describe('stalled projects', () => {
  // Ledger rows written directly: this suite does not depend on how projects are moved.
  const move = (p, from, to, on) => sqlOk(srv, `INSERT INTO stage_event (project_id, from_stage,`
    + ` to_stage, effective_on, recorded_at) VALUES (${p.id}, ${from ? `'${from}'` : 'NULL'},`
    + ` '${to}', '${on}', '2023-01-01T00:00:00+08:00')`);
  let lead, signed, done, followed;
  before(async () => {
    [lead, signed, done, followed] = await Promise.all([0, 1, 2, 3].map(() => createProject(srv, { unit_id: 7, leader: '停滞测试' })));
    move(lead, null, 'lead', '2023-01-10');
    move(signed, null, 'lead', '2023-01-10');
    move(signed, 'lead', 'signed', '2023-02-01');
    move(done, null, 'lead', '2023-01-10');
    move(done, 'lead', 'capacity', '2023-01-20');
    move(followed, null, 'lead', '2023-01-10');
    const f = await api(srv, 'POST', `${PRJ}/${followed.id}/followups`,
      { on: '2023-02-05', kind: 'call', summary: '电话沟通投资意向' });
    assert.equal(f.status, 201, f.text);
  });
  const stalled = async (q) => (await get(srv, `${STALLED}?unit=7&${q}`));

  test('idle longer than the stage allows: lead 30 days, signed 60, 达产 never', async () => {
    // 2023-02-09: the lead has been idle 30 days (not more): nothing yet.
    assert.deepEqual((await stalled('as_of=2023-02-09')).items, []);
    let r = await stalled('as_of=2023-02-10');
    assert.deepEqual(r.items.map((x) => [x.project_id, x.stage, x.last_activity, x.last_activity_on, x.days_idle, x.threshold_days]),
      [[lead.id, 'lead', 'stage', '2023-01-10', 31, 30]]);
    assert.deepEqual(r.items.map((x) => [x.code, x.name, x.unit_id, x.unit_name]), [[lead.code, lead.name, 7, '财政金融局']]);
    // 03-08: the follow-up of 02-05 is 31 days old; the signed project 35 days idle of 60.
    r = await stalled('as_of=2023-03-08');
    assert.deepEqual(r.items.map((x) => [x.project_id, x.last_activity, x.days_idle]),
      [[lead.id, 'stage', 57], [followed.id, 'followup', 31]]);
    r = await stalled('as_of=2023-04-03');
    assert.deepEqual(r.items.map((x) => [x.project_id, x.stage, x.days_idle]),
      [[lead.id, 'lead', 83], [signed.id, 'signed', 61], [followed.id, 'lead', 57]]);  // most idle first
    assert.equal(r.total, 3);
    assert.ok(!r.items.some((x) => x.project_id === done.id), '达产 never stalls');
    // The stage is the one the project stood in that day: before 02-01 the signed one was a lead.
    r = await stalled('as_of=2023-01-31&stage=lead');
    assert.deepEqual(r.items.map((x) => x.project_id), []);
    r = await stalled(`as_of=2023-04-03&stage=signed`);
    assert.deepEqual(r.items.map((x) => x.project_id), [signed.id]);
  });

  test('a project created after the day asked is not listed; bad parameters are 400', async () => {
    const fresh = await createProject(srv, { unit_id: 7 });
    const r = await stalled('as_of=2023-04-03');
    assert.ok(!r.items.some((x) => x.project_id === fresh.id));
    assertError(await api(srv, 'GET', `${STALLED}?stage=paused`), 400, 'bad_parameter', 'stage');
    assertError(await api(srv, 'GET', `${STALLED}?as_of=yesterday`), 400, 'bad_parameter', 'as_of');
  });

  test('admins set the thresholds; the list follows them', async () => {
    let s = await get(srv, SETTINGS);
    assert.deepEqual(s.stall_days, { lead: 30, negotiating: 30, signed: 60, started: 90, production: 180, capacity: null, on_hold: 180, dropped: null });
    assert.equal(s.milestone_window_days, 5);
    const r = await api(srv, 'PUT', SETTINGS, { stall_days: { lead: 60, signed: null } }, { 'If-Match': `"${s.version}"` });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual([r.json.stall_days.lead, r.json.stall_days.signed, r.json.stall_days.negotiating], [60, null, 30]);
    assert.equal(r.json.version, s.version + 1);
    const l = await stalled('as_of=2023-04-03');
    assert.deepEqual(l.items.map((x) => [x.project_id, x.threshold_days]), [[lead.id, 60]]);
    s = r.json;
    const back = await api(srv, 'PUT', SETTINGS, { stall_days: { lead: 30, signed: 60 }, version: s.version });
    assert.equal(back.status, 200, back.text);
  });
});

describe('warning settings', () => {
  test('the window moves the yellow boundary', async () => {
    const p = await createProject(srv);
    await put(srv, p.id, [{ kind: 'start', planned_on: '2023-10-09' }], 1);
    const s = await get(srv, SETTINGS);
    const r = await api(srv, 'PUT', SETTINGS, { milestone_window_days: 6 }, { 'If-Match': `"${s.version}"` });
    assert.equal(r.status, 200, r.text);
    assert.equal((await get(srv, `${ms(p.id)}?as_of=2023-09-25`)).items[0].status, 'yellow');
    await api(srv, 'PUT', SETTINGS, { milestone_window_days: 0 }, { 'If-Match': '*' });
    assert.equal((await get(srv, `${ms(p.id)}?as_of=2023-10-08`)).items[0].status, 'green');
    assert.equal((await get(srv, `${ms(p.id)}?as_of=2023-10-09`)).items[0].status, 'yellow');
    assert.equal((await api(srv, 'PUT', SETTINGS, { milestone_window_days: 5 }, { 'If-Match': '*' })).status, 200);
  });

  test('refusals change nothing', async () => {
    const before = await get(srv, SETTINGS);
    const v = { 'If-Match': `"${before.version}"` };
    assertInvalid(await api(srv, 'PUT', SETTINGS, {
      milestone_window_days: 61, stall_days: { capacity: 10, lead: 0, paused: 5, started: 'x' }, extra: 1,
    }, v), {
      milestone_window_days: 'invalid', 'stall_days.capacity': 'invalid', 'stall_days.lead': 'invalid',
      'stall_days.paused': 'unknown', 'stall_days.started': 'type', extra: 'unknown',
    });
    assertInvalid(await api(srv, 'PUT', SETTINGS, { stall_days: [] }, v), { stall_days: 'type' });
    assertError(await api(srv, 'PUT', SETTINGS, { milestone_window_days: 3 }), 428);
    assertError(await api(srv, 'PUT', SETTINGS, { milestone_window_days: 3 }, { 'If-Match': `"${before.version - 1}"` }), 409);
    assert.deepEqual(await get(srv, SETTINGS), before);
  });

  test('only admins write them; the audit names each change', async () => {
    const officer = await throwawaySession(srv, 'officer');
    assertError(await officer.request('PUT', SETTINGS, { milestone_window_days: 3 }, { 'If-Match': '*' }), 403, 'forbidden');
    assert.equal((await officer.get(SETTINGS)).status, 200);
    const a = await get(srv, '/api/v1/audit?entity=warning_settings');
    assert.ok(a.items.some((e) => e.changes.some((c) => c.field === 'stall_days.lead' && c.before === '30' && c.after === '60')));
  });
});
