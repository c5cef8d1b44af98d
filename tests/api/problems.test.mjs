// problems.test.mjs - problems (制约问题): recording them with working-day deadlines, the
// ledger and its filters, edits, the status moves, and who sees and moves which.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, startServer } from './lib.mjs';
import { PRJ, assertError, assertInvalid, createEnterprise, createProject, get, patch } from './helpers.mjs';
import { createUser, login } from './sessions.mjs';

const PB = '/api/v1/problems';
let srv;
const ctx = {};

// A problem of project pid with the given fields; fails the test unless created.
async function createProblem(pid, fields = {}) {
  const r = await api(srv, 'POST', `${PRJ}/${pid}/problems`,
    { type: 'land', description: '用地指标未落实', unit_id: 4, deadline_days: 5, ...fields });
  assert.equal(r.status, 201, `creating a problem: ${r.text}`);
  return r.json;
}

// Every problem the admin sees, to check that a refused write changed none.
async function ledger() {
  return get(srv, `${PB}?limit=200`);
}

async function refusedWithoutChange(write) {
  const before = await ledger();
  const r = await write();
  assert.ok(r.status >= 400, `should have been refused: ${r.status} ${r.text}`);
  assert.deepEqual(await ledger(), before, `refused write (${r.status}) changed problems`);
  return r;
}

const move = (id, body, version, who) => (who ? who.request('POST', `${PB}/${id}/status`, body, { 'If-Match': `"${version}"` })
  : api(srv, 'POST', `${PB}/${id}/status`, body, { 'If-Match': `"${version}"` }));

before(async () => {
  srv = await startServer();
  ctx.e1 = await createEnterprise(srv);
  ctx.e2 = await createEnterprise(srv);
  // p1 is handled by unit 3 (经济发展局) and names e1; p2 is unit 2's and names e2.
  ctx.p1 = await createProject(srv, { unit_id: 3, enterprise_ids: [ctx.e1.id] });
  ctx.p2 = await createProject(srv, { unit_id: 2, enterprise_ids: [ctx.e2.id] });
  for (const [role, extra] of [['handler', { unit_ids: [3] }], ['enterprise', { enterprise_id: ctx.e1.id }],
    ['leader', {}], ['viewer', {}], ['officer', {}]]) {
    const u = await createUser(srv, role, extra);
    ctx[role] = await login(srv, u.username, u.password);
  }
});
after(async () => { await srv.stop(); });

describe('GET /api/v1/ref/problem-types', () => {
  test('the eight types with their Chinese names', async () => {
    const r = await get(srv, '/api/v1/ref/problem-types');
    assert.deepEqual(r.items.map((t) => `${t.code}:${t.name}`), ['land:用地', 'planning:规划',
      'approval:审批', 'energy:能耗', 'funding:资金', 'talent:人才', 'supporting:配套', 'other:其他']);
  });
});

describe('POST /api/v1/projects/{id}/problems', () => {
  test('a problem is due a number of working days after it was opened, across 春节', async () => {
    // Thu 2024-02-08 + 2: Fri 02-09, then 02-10..17 off, Sun 02-18 调休.
    const r = await api(srv, 'POST', `${PRJ}/${ctx.p1.id}/problems`, {
      type: 'approval', description: '环评审批滞后', unit_id: 6, opened_on: '2024-02-08', deadline_days: 2,
    });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.headers.get('location'), `${PB}/${r.json.id}`);
    assert.equal(r.headers.get('etag'), '"1"');
    const p = r.json;
    assert.deepEqual({ ...p, id: 0, created_at: '', updated_at: '' }, {
      id: 0, project_id: ctx.p1.id, project_code: ctx.p1.code, project_name: ctx.p1.name, type: 'approval', type_name: '审批',
      description: '环评审批滞后', unit_id: 6, unit_name: '行政审批服务局', opened_on: '2024-02-08',
      deadline_days: 2, due_on: '2024-02-18', due_fallback: false, status: 'open', status_name: '待解决',
      resolution: null, resolved_on: null, overdue: true, taskforce_id: null, taskforce_name: null,
      version: 1, created_at: '', updated_at: '',
    });
    assert.deepEqual(await get(srv, `${PB}/${p.id}`), p);
    const audit = await get(srv, `/api/v1/audit?entity=problem&entity_id=${p.id}`);
    assert.deepEqual(audit.items.map((a) => a.action), ['create']);
  });

  test('opened today by default, and not overdue before its due day', async () => {
    const p = await createProblem(ctx.p1.id, { deadline_days: 250 });
    const now = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
    assert.equal(p.opened_on, now);
    assert.equal(p.overdue, false);
  });

  test('every invalid field at once, and nothing is recorded', async () => {
    let r = await refusedWithoutChange(() => api(srv, 'POST', `${PRJ}/${ctx.p1.id}/problems`, {}));
    assertInvalid(r, { type: 'required', description: 'required', unit_id: 'required', deadline_days: 'required' });
    r = await refusedWithoutChange(() => api(srv, 'POST', `${PRJ}/${ctx.p1.id}/problems`, {
      type: 'weather', description: 'x', unit_id: 4, deadline_days: 251, opened_on: '2024-13-01',
      status: 'resolved', due_on: '2024-01-01', colour: 'red', version: 1,
    }));
    assertInvalid(r, { type: 'invalid', deadline_days: 'invalid', opened_on: 'invalid', status: 'unknown',
      due_on: 'read_only', colour: 'unknown', version: 'read_only' });
    r = await refusedWithoutChange(() => api(srv, 'POST', `${PRJ}/${ctx.p1.id}/problems`,
      { type: 'land', description: 'x', unit_id: 999, deadline_days: 0 }));
    assertInvalid(r, { deadline_days: 'invalid' });
    r = await refusedWithoutChange(() => api(srv, 'POST', `${PRJ}/${ctx.p1.id}/problems`,
      { type: 'land', description: 'x', unit_id: 999, deadline_days: 3, taskforce_id: 999 }));
    assertInvalid(r, { unit_id: 'unknown', taskforce_id: 'unknown' });
    assertError(await refusedWithoutChange(() => api(srv, 'POST', `${PRJ}/99999/problems`,
      { type: 'land', description: 'x', unit_id: 4, deadline_days: 3 })), 404, 'not_found');
    assertError(await refusedWithoutChange(() => api(srv, 'POST', `${PRJ}/${ctx.p1.id}/problems`, '{"type":')), 400, 'malformed');
  });

  test('leaders, handlers, enterprise users and viewers may not record one', async () => {
    for (const role of ['leader', 'handler', 'enterprise', 'viewer']) {
      const r = await refusedWithoutChange(() => ctx[role].post(`${PRJ}/${ctx.p1.id}/problems`,
        { type: 'land', description: 'x', unit_id: 4, deadline_days: 3 }));
      assertError(r, 403, 'forbidden');
    }
  });
});

describe('the ledger: GET /api/v1/problems and /projects/{id}/problems', () => {
  let a; let b; let c;
  before(async () => {
    const p = await createProject(srv);
    ctx.p3 = p;
    a = await createProblem(p.id, { type: 'funding', unit_id: 7, opened_on: '2023-09-28', deadline_days: 1 }); // due 2023-10-07
    b = await createProblem(p.id, { type: 'talent', unit_id: 9, deadline_days: 250 });
    c = await createProblem(p.id, { type: 'funding', unit_id: 9, opened_on: '2025-09-30', deadline_days: 3 }); // due 2025-10-11
  });

  const ids = (page) => page.items.map((x) => x.id);

  test('a project\'s problems, by id', async () => {
    const r = await get(srv, `${PRJ}/${ctx.p3.id}/problems`);
    assert.deepEqual(ids(r), [a.id, b.id, c.id]);
    assert.equal(r.total, 3);
    assert.equal(a.due_on, '2023-10-07');
    assert.equal(c.due_on, '2025-10-11');
  });

  test('filters combine, and total counts all pages', async () => {
    const q = (s) => get(srv, `${PB}?project=${ctx.p3.id}&${s}`);
    assert.deepEqual(ids(await q('type=funding')), [a.id, c.id]);
    assert.deepEqual(ids(await q('unit=9')), [b.id, c.id]);
    assert.deepEqual(ids(await q('type=funding&unit=9')), [c.id]);
    assert.deepEqual(ids(await q('overdue=true')), [a.id, c.id]);
    assert.deepEqual(ids(await q('overdue=false')), [b.id]);
    assert.deepEqual(ids(await q('status=resolved')), []);
    const page = await q('limit=1&offset=1');
    assert.deepEqual(ids(page), [b.id]);
    assert.equal(page.total, 3);
    assert.deepEqual(ids(await get(srv, `${PRJ}/${ctx.p3.id}/problems?type=talent`)), [b.id]);
  });

  test('bad filters are 400; an unknown project 404', async () => {
    assertError(await api(srv, 'GET', `${PB}?status=done`), 400, 'bad_parameter', 'status');
    assertError(await api(srv, 'GET', `${PB}?type=weather`), 400, 'bad_parameter', 'type');
    assertError(await api(srv, 'GET', `${PB}?overdue=maybe`), 400, 'bad_parameter', 'overdue');
    assertError(await api(srv, 'GET', `${PB}?unit=0`), 400, 'bad_parameter', 'unit');
    assertError(await api(srv, 'GET', `${PB}?limit=201`), 400, 'bad_parameter', 'limit');
    assertError(await api(srv, 'GET', `${PB}?owner=3`), 400, 'bad_parameter', 'owner');
    assertError(await api(srv, 'GET', `${PRJ}/${ctx.p3.id}/problems?project=1`), 400, 'bad_parameter', 'project');
    assertError(await api(srv, 'GET', `${PRJ}/99999/problems`), 404, 'not_found');
    assertError(await api(srv, 'GET', `${PB}/99999`), 404, 'not_found');
    assertError(await api(srv, 'GET', `${PB}/abc`), 404, 'not_found');
  });
});

describe('PATCH /api/v1/problems/{id}', () => {
  test('a new deadline is dated again; the version moves', async () => {
    const p = await createProblem(ctx.p1.id, { opened_on: '2024-09-27', deadline_days: 1 });
    assert.equal(p.due_on, '2024-09-29');                  // Sun 调休
    const r = await patch(srv, `${PB}/${p.id}`, { deadline_days: 3, description: '土地组卷报批' }, p.version);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.due_on, '2024-10-08');             // over 国庆
    assert.equal(r.json.description, '土地组卷报批');
    assert.equal(r.json.version, 2);
    assert.equal(r.headers.get('etag'), '"2"');
  });

  test('refusals change nothing', async () => {
    const p = await createProblem(ctx.p1.id);
    assertError(await refusedWithoutChange(() => patch(srv, `${PB}/${p.id}`, { description: 'x' })), 428, 'version_required');
    assertError(await refusedWithoutChange(() => patch(srv, `${PB}/${p.id}`, { description: 'x' }, 7)), 409, 'version_conflict');
    assertInvalid(await refusedWithoutChange(() => patch(srv, `${PB}/${p.id}`,
      { status: 'resolved', resolution: 'x', deadline_days: 'ten', unit_id: 999 }, 1)),
    { status: 'read_only', resolution: 'read_only', deadline_days: 'type' });
    assertInvalid(await refusedWithoutChange(() => patch(srv, `${PB}/${p.id}`, { unit_id: 999 }, 1)), { unit_id: 'unknown' });
    assertInvalid(await refusedWithoutChange(() => patch(srv, `${PB}/${p.id}`, { description: null }, 1)), { description: 'required' });
    assertError(await refusedWithoutChange(() => patch(srv, `${PB}/99999`, { description: 'x' }, 1)), 404, 'not_found');
    assertError(await refusedWithoutChange(() => ctx.leader.patch(`${PB}/${p.id}`, { description: 'x' }, { 'If-Match': '"1"' })), 403, 'forbidden');
  });
});

describe('POST /api/v1/problems/{id}/status', () => {
  test('open → in_progress → resolved → open → closed_unresolved', async () => {
    const p = await createProblem(ctx.p1.id, { opened_on: '2024-05-06' });
    let r = await move(p.id, { status: 'in_progress' }, 1);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.status, 'in_progress');
    r = await move(p.id, { status: 'resolved', resolution: '已协调供地', resolved_on: '2024-05-10' }, 2);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual([r.json.status, r.json.status_name, r.json.resolution, r.json.resolved_on, r.json.overdue],
      ['resolved', '已解决', '已协调供地', '2024-05-10', false]);
    r = await move(p.id, { status: 'open' }, 3);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual([r.json.status, r.json.resolution, r.json.resolved_on], ['open', null, null]);
    r = await move(p.id, { status: 'closed_unresolved', resolution: '项目终止' }, 4);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.resolved_on, new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10));
    const audit = await get(srv, `/api/v1/audit?entity=problem&entity_id=${p.id}`);
    assert.deepEqual(audit.items.map((a) => a.action).sort(), ['create', 'status', 'status', 'status', 'status']);
  });

  test('illegal moves are 409 naming the moves allowed; bad input 422; nothing changes', async () => {
    const p = await createProblem(ctx.p1.id, { opened_on: '2024-05-06' });
    let e = assertError(await refusedWithoutChange(() => move(p.id, { status: 'open' }, 1)), 409, 'illegal_move', 'status');
    assert.match(e.message, /open can move to in_progress, resolved, closed_unresolved/);
    assertInvalid(await refusedWithoutChange(() => move(p.id, { status: 'resolved' }, 1)), { resolution: 'required' });
    assertInvalid(await refusedWithoutChange(() => move(p.id, { status: 'resolved', resolution: 'x', resolved_on: '2024-05-01' }, 1)),
      { resolved_on: 'invalid' });
    assertInvalid(await refusedWithoutChange(() => move(p.id, { status: 'resolved', resolution: 'x', resolved_on: '2999-01-01' }, 1)),
      { resolved_on: 'invalid' });
    assertInvalid(await refusedWithoutChange(() => move(p.id, { status: 'in_progress', resolution: 'x' }, 1)), { resolution: 'invalid' });
    assertInvalid(await refusedWithoutChange(() => move(p.id, { status: 'done' }, 1)), { status: 'invalid' });
    assertInvalid(await refusedWithoutChange(() => move(p.id, { note: 'x' }, 1)), { status: 'required', note: 'unknown' });
    assertError(await refusedWithoutChange(() => move(p.id, { status: 'in_progress' }, 9)), 409, 'version_conflict');
    assertError(await refusedWithoutChange(() => api(srv, 'POST', `${PB}/${p.id}/status`, { status: 'in_progress' })), 428, 'version_required');
    assert.equal((await move(p.id, { status: 'resolved', resolution: '已解决', resolved_on: '2024-05-07' }, 1)).status, 200);
    e = assertError(await refusedWithoutChange(() => move(p.id, { status: 'in_progress' }, 2)), 409, 'illegal_move');
    assert.match(e.message, /resolved can move to open, not to in_progress/);
  });
});

describe('scopes', () => {
  let ownedElsewhere; let onP1; let onP2;
  before(async () => {
    ownedElsewhere = await createProblem(ctx.p2.id, { unit_id: 3 }); // unit 3 owns it, on unit 2's project
    onP1 = await createProblem(ctx.p1.id, { unit_id: 5 });           // on unit 3's project, owned by 5
    onP2 = await createProblem(ctx.p2.id, { unit_id: 5 });           // neither
  });

  test('a handler sees the problems its unit owns and those of its unit\'s projects', async () => {
    const all = await ledger();
    const expected = all.items.filter((x) => x.unit_id === 3 || x.project_id === ctx.p1.id).map((x) => x.id);
    const r = await ctx.handler.get(`${PB}?limit=200`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.json.items.map((x) => x.id), expected);
    assert.equal(r.json.total, expected.length);
    assert.ok(expected.includes(ownedElsewhere.id) && expected.includes(onP1.id) && !expected.includes(onP2.id));
    assert.equal((await ctx.handler.get(`${PB}/${onP1.id}`)).status, 200);
    assertError(await ctx.handler.get(`${PB}/${onP2.id}`), 404, 'not_found');
    assertError(await ctx.handler.get(`${PRJ}/${ctx.p2.id}/problems`), 404, 'not_found');
  });

  test('a handler moves only what its unit owns: 403 for others it sees, 404 beyond', async () => {
    const r = await move(ownedElsewhere.id, { status: 'in_progress' }, 1, ctx.handler);
    assert.equal(r.status, 200, r.text);
    assertError(await refusedWithoutChange(() => move(onP1.id, { status: 'in_progress' }, 1, ctx.handler)), 403, 'forbidden');
    assertError(await refusedWithoutChange(() => move(onP2.id, { status: 'in_progress' }, 1, ctx.handler)), 404, 'not_found');
    assertError(await refusedWithoutChange(() => ctx.handler.patch(`${PB}/${ownedElsewhere.id}`, { description: 'x' }, { 'If-Match': '*' })), 403, 'forbidden');
  });

  test('an enterprise user sees its projects\' problems only, and moves none', async () => {
    const all = await ledger();
    const expected = all.items.filter((x) => x.project_id === ctx.p1.id).map((x) => x.id);
    const r = await ctx.enterprise.get(`${PB}?limit=200`);
    assert.deepEqual(r.json.items.map((x) => x.id), expected);
    assert.equal(r.json.total, expected.length);
    assertError(await ctx.enterprise.get(`${PB}/${ownedElsewhere.id}`), 404, 'not_found');
    assertError(await move(onP1.id, { status: 'in_progress' }, 1, ctx.enterprise), 403, 'forbidden');
  });

  test('leaders read everything; viewers nothing', async () => {
    assert.equal((await ctx.leader.get(`${PB}?limit=1`)).json.total, (await ledger()).total);
    assertError(await ctx.viewer.get(PB), 403, 'forbidden');
    assertError(await ctx.viewer.get(`${PB}/${onP1.id}`), 403, 'forbidden');
  });
});
