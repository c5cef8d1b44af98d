// taskforces.test.mjs - task forces (专班): members, units, projects served, and coordination
// meetings whose decisions open and end problems in the same transaction as the meeting.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, startServer } from './lib.mjs';
import { PRJ, assertError, assertInvalid, createEnterprise, createProject, get, patch, uniqueName } from './helpers.mjs';
import { createUser, login } from './sessions.mjs';

const TF = '/api/v1/taskforces';
const PB = '/api/v1/problems';
let srv;
const ctx = {};

async function createProblem(pid, fields = {}) {
  const r = await api(srv, 'POST', `${PRJ}/${pid}/problems`,
    { type: 'land', description: '用地问题', unit_id: 4, deadline_days: 5, opened_on: '2024-09-02', ...fields });
  assert.equal(r.status, 201, `creating a problem: ${r.text}`);
  return r.json;
}

async function createTaskforce(fields = {}) {
  const r = await api(srv, 'POST', TF, { name: uniqueName('测试专班'), ...fields });
  assert.equal(r.status, 201, `creating a task force: ${r.text}`);
  return r.json;
}

// Everything a refused write could have touched: task forces (with their meetings), problems
// and units.
async function state() {
  const tfs = await get(srv, `${TF}?limit=200`);
  const details = [];
  for (const t of tfs.items) details.push(await get(srv, `${TF}/${t.id}`));
  return { details, problems: await get(srv, `${PB}?limit=200`), units: await get(srv, '/api/v1/ref/units') };
}

async function refusedWithoutChange(write) {
  const before = await state();
  const r = await write();
  assert.ok(r.status >= 400, `should have been refused: ${r.status} ${r.text}`);
  assert.deepEqual(await state(), before, `refused write (${r.status}) changed something`);
  return r;
}

before(async () => {
  srv = await startServer();
  ctx.e1 = await createEnterprise(srv);
  ctx.p1 = await createProject(srv, { unit_id: 3, enterprise_ids: [ctx.e1.id] });
  ctx.p2 = await createProject(srv, { unit_id: 2 });
  ctx.p3 = await createProject(srv, { unit_id: 2 });
  for (const [role, extra] of [['handler', { unit_ids: [3] }], ['enterprise', { enterprise_id: ctx.e1.id }],
    ['leader', {}], ['viewer', {}]]) {
    const u = await createUser(srv, role, extra);
    ctx[role] = await login(srv, u.username, u.password);
  }
  ctx.user = await createUser(srv, 'officer');
});
after(async () => { await srv.stop(); });

describe('task forces', () => {
  test('set up with its own unit, members, units and projects', async () => {
    const r = await ctx.leader.post(TF, {
      name: '比亚迪二期建设服务专班', leader: '管委会主任', create_unit: true, note: '一把手工程',
      members: [{ name: '王五', title: '组长', user_id: ctx.user.id }, { name: '赵六', title: '联络员', unit_id: 4 }],
      unit_ids: [4, 6], project_ids: [ctx.p1.id, ctx.p2.id],
    });
    assert.equal(r.status, 201, r.text);
    const t = r.json;
    assert.equal(r.headers.get('location'), `${TF}/${t.id}`);
    const unit = (await get(srv, '/api/v1/ref/units')).items.find((u) => u.id === t.unit_id);
    assert.deepEqual({ name: unit.name, kind: unit.kind }, { name: '比亚迪二期建设服务专班', kind: 'task_force' });
    assert.deepEqual(t.members, [
      { name: '王五', title: '组长', user_id: ctx.user.id, unit_id: null },
      { name: '赵六', title: '联络员', user_id: null, unit_id: 4 },
    ]);
    assert.deepEqual([t.unit_ids, t.project_ids, t.open_problem_count, t.meeting_count, t.version],
      [[4, 6], [ctx.p1.id, ctx.p2.id], 0, 0, 1]);
    assert.deepEqual(t.projects.map((p) => [p.id, p.code]), [[ctx.p1.id, ctx.p1.code], [ctx.p2.id, ctx.p2.code]]);
    assert.deepEqual([t.open_problems, t.meetings], [[], []]);
    ctx.tf = t;
    const audit = await get(srv, `/api/v1/audit?entity=taskforce&entity_id=${t.id}`);
    assert.deepEqual(audit.items.map((a) => a.action), ['create']);
  });

  test('every invalid field at once; nothing is created, not even a unit', async () => {
    let r = await refusedWithoutChange(() => api(srv, 'POST', TF, {
      leader: 'x', unit_id: 999, members: [{ user_id: 999 }, { name: '甲', rank: 1 }],
      unit_ids: [999], project_ids: [ctx.p1.id, ctx.p1.id], open_problems: [],
    }));
    assertInvalid(r, { name: 'required', 'members[0].name': 'required', 'members[1].rank': 'unknown',
      'project_ids[1]': 'duplicate', open_problems: 'read_only' });
    r = await refusedWithoutChange(() => api(srv, 'POST', TF, {
      name: '另一个专班', unit_id: 999, members: [{ name: '甲', user_id: 999 }], unit_ids: [998], project_ids: [99999],
    }));
    assertInvalid(r, { unit_id: 'unknown', 'members[0].user_id': 'unknown', 'unit_ids[0]': 'unknown', 'project_ids[0]': 'unknown' });
    assertInvalid(await refusedWithoutChange(() => api(srv, 'POST', TF, { name: ctx.tf.name })), { name: 'duplicate' });
    assertInvalid(await refusedWithoutChange(() => api(srv, 'POST', TF, { name: '经济发展局', create_unit: true })),
      { create_unit: 'duplicate' });
    assertInvalid(await refusedWithoutChange(() => api(srv, 'POST', TF, { name: '新专班', create_unit: true, unit_id: 3 })),
      { create_unit: 'invalid' });
    for (const role of ['handler', 'enterprise', 'viewer']) {
      assertError(await refusedWithoutChange(() => ctx[role].post(TF, { name: '越权专班' })), 403, 'forbidden');
    }
  });

  test('PATCH replaces the lists it is given, with the version', async () => {
    const t = await createTaskforce({ unit_ids: [4], project_ids: [ctx.p2.id] });
    const r = await patch(srv, `${TF}/${t.id}`, { project_ids: [ctx.p2.id, ctx.p3.id], members: [{ name: '钱七' }] }, 1);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual([r.json.unit_ids, r.json.project_ids, r.json.members.length, r.json.version],
      [[4], [ctx.p2.id, ctx.p3.id], 1, 2]);
    assertError(await refusedWithoutChange(() => patch(srv, `${TF}/${t.id}`, { leader: 'x' }, 1)), 409, 'version_conflict');
    assertError(await refusedWithoutChange(() => patch(srv, `${TF}/${t.id}`, { leader: 'x' })), 428, 'version_required');
    assertInvalid(await refusedWithoutChange(() => patch(srv, `${TF}/${t.id}`, { name: ctx.tf.name }, 2)), { name: 'duplicate' });
    assertInvalid(await refusedWithoutChange(() => patch(srv, `${TF}/${t.id}`, { create_unit: true }, 2)), { create_unit: 'unknown' });
    assertError(await refusedWithoutChange(() => patch(srv, `${TF}/99999`, { leader: 'x' }, 1)), 404, 'not_found');
    assertError(await refusedWithoutChange(() => ctx.handler.patch(`${TF}/${t.id}`, { leader: 'x' }, { 'If-Match': '*' })), 403, 'forbidden');
  });
});

describe('meetings', () => {
  let x; let y; let z;
  before(async () => {
    x = await createProblem(ctx.p1.id);                       // open, on a served project
    y = await createProblem(ctx.p2.id, { unit_id: 5 });      // in progress, served
    const moved = await api(srv, 'POST', `${PB}/${y.id}/status`, { status: 'in_progress' }, { 'If-Match': '"1"' });
    assert.equal(moved.status, 200, moved.text);
    z = await createProblem(ctx.p3.id);                       // on a project not served
  });

  test('a bad decision refuses the whole meeting: no meeting, no problem changed', async () => {
    const r = await refusedWithoutChange(() => api(srv, 'POST', `${TF}/${ctx.tf.id}/meetings`, {
      held_on: '2024-10-09', topic: '调度会',
      decisions: [
        { action: 'open', text: '配套电力', project_id: ctx.p1.id, type: 'supporting', unit_id: 5, deadline_days: 5 },
        { action: 'resolve', text: '已解决', problem_id: z.id },        // project not served
        { action: 'close', text: '放弃', problem_id: 99999 },           // no such problem
        { action: 'open', text: '新问题', project_id: ctx.p3.id, type: 'land', unit_id: 4, deadline_days: 3 },
        { action: 'open', text: '新问题', project_id: ctx.p1.id, type: 'land', unit_id: 999, deadline_days: 3 },
      ],
    }));
    assertInvalid(r, { 'decisions[1].problem_id': 'invalid', 'decisions[2].problem_id': 'unknown',
      'decisions[3].project_id': 'invalid', 'decisions[4].unit_id': 'unknown' });
  });

  test('malformed decisions and meetings are 422 before anything is tried', async () => {
    const r = await refusedWithoutChange(() => api(srv, 'POST', `${TF}/${ctx.tf.id}/meetings`, {
      attendees: ['甲', ''], agenda: 'x',
      decisions: [
        { action: 'open', text: '缺字段' },
        { action: 'celebrate', text: 'x' },
        { action: 'note', text: 'x', problem_id: x.id },
        { action: 'resolve', text: 'x', project_id: ctx.p1.id },
        { action: 'close' },
      ],
    }));
    assertInvalid(r, { held_on: 'required', topic: 'required', agenda: 'unknown', 'attendees[1]': 'required',
      'decisions[0].project_id': 'required', 'decisions[0].type': 'required', 'decisions[0].unit_id': 'required',
      'decisions[0].deadline_days': 'invalid', 'decisions[1].action': 'invalid', 'decisions[2].problem_id': 'unknown',
      'decisions[3].project_id': 'invalid', 'decisions[4].text': 'required', 'decisions[4].problem_id': 'required' });
  });

  test('a problem opened after the meeting cannot be resolved by it', async () => {
    const late = await createProblem(ctx.p1.id, { opened_on: '2024-12-02' });
    const r = await refusedWithoutChange(() => api(srv, 'POST', `${TF}/${ctx.tf.id}/meetings`,
      { held_on: '2024-10-09', topic: '调度会', decisions: [{ action: 'resolve', text: 'x', problem_id: late.id }] }));
    assertInvalid(r, { 'decisions[0].problem_id': 'invalid' });
    assert.match(r.json.error.message, /opened on 2024-12-02/);
  });

  test('only task force writers record meetings; unknown task forces are 404', async () => {
    for (const role of ['handler', 'enterprise', 'viewer']) {
      assertError(await refusedWithoutChange(() => ctx[role].post(`${TF}/${ctx.tf.id}/meetings`,
        { held_on: '2024-10-09', topic: 'x' })), 403, 'forbidden');
    }
    assertError(await refusedWithoutChange(() => api(srv, 'POST', `${TF}/99999/meetings`,
      { held_on: '2024-10-09', topic: 'x' })), 404, 'not_found');
    assertError(await api(srv, 'GET', `${TF}/99999/meetings`), 404, 'not_found');
  });

  test('decisions open, resolve and close problems with the meeting', async () => {
    const r = await ctx.leader.post(`${TF}/${ctx.tf.id}/meetings`, {
      held_on: '2024-10-09', topic: '第一次调度会', attendees: ['管委会主任', '王五'], minutes: '逐项研究',
      decisions: [
        { action: 'open', text: '供电配套不足', project_id: ctx.p2.id, type: 'supporting', unit_id: 5, deadline_days: 5 },
        { action: 'resolve', text: '土地已挂牌出让', problem_id: x.id },
        { action: 'close', text: '企业调整方案，不再需要', problem_id: y.id },
        { action: 'note', text: '下周再议人才公寓' },
      ],
    });
    assert.equal(r.status, 201, r.text);
    const m = r.json;
    assert.deepEqual(m.decisions.map((d) => [d.action, d.problem_id]),
      [['open', m.decisions[0].problem_id], ['resolve', x.id], ['close', y.id], ['note', null]]);
    assert.deepEqual([m.held_on, m.topic, m.attendees, m.minutes], ['2024-10-09', '第一次调度会', ['管委会主任', '王五'], '逐项研究']);

    // Wed 2024-10-09 + 5: Thu 10, Fri 11, Sat 12 调休, Mon 14, Tue 15.
    const opened = await get(srv, `${PB}/${m.decisions[0].problem_id}`);
    assert.deepEqual([opened.project_id, opened.description, opened.opened_on, opened.due_on, opened.status, opened.taskforce_id],
      [ctx.p2.id, '供电配套不足', '2024-10-09', '2024-10-15', 'open', ctx.tf.id]);
    const xr = await get(srv, `${PB}/${x.id}`);
    assert.deepEqual([xr.status, xr.resolution, xr.resolved_on, xr.taskforce_id, xr.version],
      ['resolved', '土地已挂牌出让', '2024-10-09', ctx.tf.id, 2]);
    const yr = await get(srv, `${PB}/${y.id}`);
    assert.deepEqual([yr.status, yr.resolution, yr.resolved_on], ['closed_unresolved', '企业调整方案，不再需要', '2024-10-09']);
    assert.equal((await get(srv, `${PB}/${z.id}`)).status, 'open');

    // Open problems of the projects served: the one just opened and the one opened late (in
    // the test before), not those the meeting ended.
    const t = await get(srv, `${TF}/${ctx.tf.id}`);
    const open = t.open_problems.map((p) => p.id);
    assert.ok(open.includes(opened.id) && !open.includes(x.id) && !open.includes(y.id), `open problems ${open}`);
    assert.deepEqual([open.length, t.open_problem_count, t.meeting_count, t.meetings.map((mm) => mm.id)], [2, 2, 1, [m.id]]);
    assert.deepEqual((await get(srv, `${TF}/${ctx.tf.id}/meetings`)).items, [m]);
    // The problems the task force opened or ended are its own now.
    assert.deepEqual((await get(srv, `${PB}?taskforce=${ctx.tf.id}`)).items.map((p) => p.id),
      [x.id, y.id, opened.id]);

    // The same problem cannot be resolved twice.
    const again = await refusedWithoutChange(() => api(srv, 'POST', `${TF}/${ctx.tf.id}/meetings`,
      { held_on: '2024-10-16', topic: '第二次调度会', decisions: [{ action: 'resolve', text: 'x', problem_id: x.id }] }));
    assertInvalid(again, { 'decisions[0].problem_id': 'invalid' });
    assert.match(again.json.error.message, /resolved already/);
  });
});

describe('scopes', () => {
  let mine; let theirs; let member;
  before(async () => {
    mine = await createTaskforce({ project_ids: [ctx.p1.id, ctx.p2.id] }); // p1 is unit 3's and e1's
    theirs = await createTaskforce({ project_ids: [ctx.p3.id] });
    member = await createTaskforce({ unit_ids: [3], project_ids: [ctx.p3.id] });
  });

  test('a handler sees task forces of its units or serving their projects', async () => {
    const r = await ctx.handler.get(`${TF}?limit=200`);
    const seen = r.json.items.map((t) => t.id);
    assert.ok(seen.includes(mine.id) && seen.includes(member.id) && !seen.includes(theirs.id));
    assert.equal(r.json.total, seen.length);
    assertError(await ctx.handler.get(`${TF}/${theirs.id}`), 404, 'not_found');
    assertError(await ctx.handler.get(`${TF}/${theirs.id}/meetings`), 404, 'not_found');
    // Of a task force it sees, only the projects of its scope.
    const t = (await ctx.handler.get(`${TF}/${mine.id}`)).json;
    assert.deepEqual(t.project_ids, [ctx.p1.id]);
    assert.deepEqual(t.projects.map((p) => p.id), [ctx.p1.id]);
    assert.ok(t.open_problems.every((p) => p.project_id === ctx.p1.id));
    assert.equal(t.open_problem_count, t.open_problems.length);
  });

  test('an enterprise user sees task forces serving its projects; viewers none', async () => {
    const r = await ctx.enterprise.get(`${TF}?limit=200`);
    const seen = r.json.items.map((t) => t.id);
    assert.ok(seen.includes(mine.id) && !seen.includes(member.id) && !seen.includes(theirs.id));
    assertError(await ctx.enterprise.get(`${TF}/${member.id}`), 404, 'not_found');
    assertError(await ctx.viewer.get(TF), 403, 'forbidden');
  });
});
