// roundtables.test.mjs - roundtable sessions (鹊华观澜会): the series, session 1 of 2023-02-03
// with its 15 enterprises, people, attendance and minutes; arrangements with working-day
// deadlines across 春节 2023 and marking them done; the session in one call with exact counts;
// and what handlers and enterprise users see.
//
// Deadlines, counted by hand from data/cn-holidays-2023-2026.tsv (春节 2023: 01-21..01-27 off,
// 01-28 Sat and 01-29 Sun working days):
//   made 2023-02-03 (Fri) + 3  -> 02-06 Mon, 02-07, 02-08             = 2023-02-08
//   made 2023-01-20 (Fri) + 5  -> 01-28 Sat(调休), 01-29 Sun(调休), 01-30, 01-31, 02-01 = 2023-02-01
//   made 2023-01-19 (Thu) + 2  -> 01-20 Fri, 01-28 Sat(调休)           = 2023-01-28
//   made 2023-02-03 (Fri) + 15 -> 02-06..02-10, 02-13..02-17, 02-20..02-24 = 2023-02-24
//   made 2026-12-28 (Mon) + 5  -> 12-29, 12-30, 12-31, 2027-01-01 (Fri, 2027 not loaded:
//                                 Monday-Friday assumed), 2027-01-04 = 2027-01-04, due_fallback
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, startServer } from './lib.mjs';
import { assertError, assertInvalid, createEnterprise, createProject, uniqueName } from './helpers.mjs';
import { createUser, login } from './sessions.mjs';

const SERIES = '/api/v1/roundtable-series';
const RT = '/api/v1/roundtables';
const AR = '/api/v1/arrangements';
let srv;
const ctx = {};

const NAMES = ['比亚迪', '国家电力投资集团', '京东', '西门子', '甲骨文', '山东产业技术研究院',
  '中科院高能物理研究所', '东风李尔', '平丰汽车配件', '黄河卫星', '碳卫星科技', '浪潮',
  '重汽', '齐鲁制药', '山东高速'];

async function arrange(fields) {
  const r = await api(srv, 'POST', AR, { roundtable_id: ctx.rt.id, unit_id: 3, text: '落实', ...fields });
  assert.equal(r.status, 201, `creating an arrangement: ${r.text}`);
  return r.json;
}

const patchAr = (id, body, version, who) => (who
  ? who.patch(`${AR}/${id}`, body, { 'If-Match': `"${version}"` })
  : api(srv, 'PATCH', `${AR}/${id}`, body, { 'If-Match': `"${version}"` }));

before(async () => {
  srv = await startServer();
  ctx.ents = [];
  for (const name of NAMES) ctx.ents.push(await createEnterprise(srv, { name: uniqueName(name) }));
  ctx.other = await createEnterprise(srv, { name: uniqueName('未受邀企业') });
});
after(async () => { await srv.stop(); });

describe('series and session 1', () => {
  test('a series is created once by name', async () => {
    const r = await api(srv, 'POST', SERIES, { name: '鹊华观澜会', note: '领导与企业家圆桌' });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.name, '鹊华观澜会');
    assert.equal(r.json.sessions, 0);
    ctx.series = r.json;
    assertError(await api(srv, 'POST', SERIES, { name: '鹊华观澜会' }), 409, 'duplicate', 'name');
    assertInvalid(await api(srv, 'POST', SERIES, { note: 'x' }), { name: 'required' });
  });

  test('session 1 on 2023-02-03 with 15 invited enterprises and the people at the table', async () => {
    const r = await api(srv, 'POST', RT, {
      series_id: ctx.series.id, held_on: '2023-02-03', venue: '管委会大楼15楼', format: 'roundtable',
      theme: '项目突破年 政企面对面',
      enterprises: ctx.ents.map((e) => ({ enterprise_id: e.id, attended: false })),
      people: [
        { kind: 'leader', name: '管委会主任', title: '主任' },
        { kind: 'entrepreneur', name: '王先生', title: '董事长', enterprise_id: ctx.ents[0].id },
        { kind: 'unit', name: '经发局代表', unit_id: 3 },
      ],
    });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.headers.get('location'), `${RT}/${r.json.id}`);
    const s = r.json;
    assert.equal(s.number, 1, 'the next free number of the series');
    assert.equal(s.title, '鹊华观澜会第1期');
    assert.equal(s.held_on, '2023-02-03');
    assert.equal(s.venue, '管委会大楼15楼');
    assert.equal(s.format_name, '圆桌会');
    assert.equal(s.enterprises.length, 15);
    assert.equal(s.enterprises[0].name, ctx.ents[0].name);
    assert.deepEqual(s.people.map((p) => [p.kind, p.enterprise_name, p.unit_name]),
      [['leader', null, null], ['entrepreneur', ctx.ents[0].name, null], ['unit', null, '经济发展局']]);
    assert.equal(s.counts.enterprises_invited, 15);
    assert.equal(s.counts.enterprises_attended, 0);
    assert.equal(s.version, 1);
    ctx.rt = s;
  });

  test('invalid sessions: every bad field is named', async () => {
    const r = await api(srv, 'POST', RT, {
      series_id: ctx.series.id, number: 1, held_on: '2023-02-30', format: 'banquet',
      enterprises: [{ enterprise_id: 99999 }, ctx.ents[0].id, ctx.ents[0].id],
      people: [{ kind: 'entrepreneur', name: '张三', enterprise_id: ctx.other.id }, { kind: 'unit', name: '' }],
    });
    assertInvalid(r, {
      held_on: 'invalid', format: 'invalid', 'enterprises[2].enterprise_id': 'duplicate',
      'people[0].enterprise_id': 'invalid', 'people[1].name': 'required', 'people[1].unit_id': 'required',
    });
    // Once the shape is right, the references and the number are checked.
    const r2 = await api(srv, 'POST', RT, {
      series_id: ctx.series.id, number: 1, held_on: '2023-03-03', enterprises: [99999],
    });
    assertInvalid(r2, { 'enterprises[0].enterprise_id': 'unknown' });
    const r3 = await api(srv, 'POST', RT, { series_id: ctx.series.id, number: 1, held_on: '2023-03-03' });
    assertInvalid(r3, { number: 'duplicate' });
    assertInvalid(await api(srv, 'POST', RT, { series_id: 9999, held_on: '2023-03-03' }), { series_id: 'unknown' });
    assertInvalid(await api(srv, 'POST', RT, { series_id: ctx.series.id }), { held_on: 'required' });
  });

  test('attendance and minutes are filled in after the session; versions are checked', async () => {
    const enterprises = ctx.ents.map((e, i) => ({ enterprise_id: e.id, attended: i !== 14 }));
    const body = { enterprises, minutes: '企业家围绕政策配套、园区建设、人才引进提出问题，逐一现场答复并明确具体安排。' };
    assertError(await api(srv, 'PATCH', `${RT}/${ctx.rt.id}`, body), 428);
    const r = await api(srv, 'PATCH', `${RT}/${ctx.rt.id}`, body, { 'If-Match': '"1"' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.version, 2);
    assert.equal(r.json.counts.enterprises_attended, 14);
    assert.equal(r.json.people.length, 3, 'lists not sent are kept');
    assert.match(r.json.minutes, /现场答复/);
    assertError(await api(srv, 'PATCH', `${RT}/${ctx.rt.id}`, { theme: '旧版本' }, { 'If-Match': '"1"' }), 409, 'version_conflict');
    assertInvalid(await api(srv, 'PATCH', `${RT}/${ctx.rt.id}`, { held_on: '2023/02/03' }, { 'If-Match': '"2"' }), { held_on: 'invalid' });
    ctx.rt = r.json;
  });

  test('an enterprise at a session cannot be deleted from the registry (409, the session intact)', async () => {
    const e = ctx.ents[14];
    assertError(await api(srv, 'DELETE', `/api/v1/enterprises/${e.id}`, undefined, { 'If-Match': '*' }), 409, 'referenced');
    const r = await api(srv, 'GET', `${RT}/${ctx.rt.id}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.enterprises.length, 15);
    assert.equal((await api(srv, 'GET', `/api/v1/enterprises/${e.id}`)).status, 200);
  });

  test('a second session takes number 2; the list is newest first and filters', async () => {
    const r = await api(srv, 'POST', RT, { series_id: ctx.series.id, held_on: '2024-03-08', enterprises: [ctx.ents[1].id] });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.number, 2);
    ctx.rt2 = r.json;
    const all = await api(srv, 'GET', RT);
    assert.deepEqual(all.json.items.map((x) => x.number), [2, 1]);
    assert.equal(all.json.total, 2);
    assert.deepEqual((await api(srv, 'GET', `${RT}?year=2023`)).json.items.map((x) => x.id), [ctx.rt.id]);
    assert.deepEqual((await api(srv, 'GET', `${RT}?enterprise=${ctx.ents[1].id}`)).json.items.map((x) => x.id), [ctx.rt2.id, ctx.rt.id]);
    assert.deepEqual((await api(srv, 'GET', `${RT}?enterprise=${ctx.ents[2].id}`)).json.items.map((x) => x.id), [ctx.rt.id]);
    assert.deepEqual((await api(srv, 'GET', `${RT}?series=${ctx.series.id}&year=2025`)).json.items, []);
    const series = (await api(srv, 'GET', SERIES)).json.items.find((x) => x.id === ctx.series.id);
    assert.equal(series.sessions, 2);
    assert.equal(series.last_held_on, '2024-03-08');
    assertError(await api(srv, 'GET', `${RT}?year=twenty`), 400, 'bad_parameter', 'year');
  });
});

describe('arrangements', () => {
  test('working-day deadlines across 春节 2023', async () => {
    ctx.a = await arrange({ text: '政策配套：一周内出台配套细则', deadline_days: 3 });
    assert.equal(ctx.a.made_on, '2023-02-03', 'made on the day of the session');
    assert.equal(ctx.a.due_on, '2023-02-08');
    assert.equal(ctx.a.roundtable_title, '鹊华观澜会第1期');
    assert.equal(ctx.a.unit_name, '经济发展局');
    ctx.b = await arrange({ text: '园区建设：道路接通', unit_id: 5, made_on: '2023-01-20', deadline_days: 5 });
    assert.equal(ctx.b.due_on, '2023-02-01');
    ctx.c = await arrange({ text: '筹备：邀请企业', unit_id: 2, made_on: '2023-01-19', deadline_days: 2 });
    assert.equal(ctx.c.due_on, '2023-01-28', 'a Saturday made a working day');
    ctx.d = await arrange({ text: '人才引进：人才公寓', unit_id: 9, due_on: '2023-03-31' });
    assert.equal(ctx.d.deadline_days, null);
    ctx.e = await arrange({ text: '人才引进：子女入学', unit_id: 9, deadline_days: 15 });
    assert.equal(ctx.e.due_on, '2023-02-24');
    for (const x of [ctx.a, ctx.b, ctx.c, ctx.d, ctx.e]) assert.equal(x.due_fallback, false);
    const f = await arrange({ roundtable_id: ctx.rt2.id, made_on: '2026-12-28', deadline_days: 5 });
    assert.equal(f.due_on, '2027-01-04');
    assert.equal(f.due_fallback, true);
  });

  test('invalid arrangements: every bad field is named', async () => {
    assertInvalid(await api(srv, 'POST', AR, { roundtable_id: ctx.rt.id, appeal_id: 424242, text: '无', unit_id: 3, deadline_days: 3 }),
      { appeal_id: 'unknown' });
    assertInvalid(await api(srv, 'POST', AR, { text: '', unit_id: 999, deadline_days: 0, made_on: '2023-13-01' }),
      { roundtable_id: 'required', text: 'required', deadline_days: 'invalid', made_on: 'invalid' });
    assertInvalid(await api(srv, 'POST', AR, { roundtable_id: ctx.rt.id, text: 'x', unit_id: 3, deadline_days: 3, due_on: '2023-03-01' }),
      { due_on: 'invalid' });
    assertInvalid(await api(srv, 'POST', AR, { roundtable_id: ctx.rt.id, text: 'x', unit_id: 3 }), { deadline_days: 'required' });
    assertInvalid(await api(srv, 'POST', AR, { roundtable_id: 9999, text: 'x', unit_id: 99, deadline_days: 3 }),
      { roundtable_id: 'unknown', unit_id: 'unknown' });
    assertInvalid(await api(srv, 'POST', AR, { roundtable_id: ctx.rt.id, text: 'x', unit_id: 3, due_on: '2023-01-01', made_on: '2023-02-03' }),
      { due_on: 'invalid' });
  });

  test('marked done, cancelled, and never reopened silently', async () => {
    let r = await patchAr(ctx.a.id, { status: 'done', result: '细则已印发', done_on: '2023-02-08' }, 1);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.on_time, true);
    assert.equal(r.json.status_name, '已办结');
    ctx.a = r.json;
    r = await patchAr(ctx.b.id, { status: 'done', result: '道路已接通', done_on: '2023-02-02' }, 1);
    assert.equal(r.json.on_time, false, 'done a day after 2023-02-01');
    r = await patchAr(ctx.c.id, { status: 'done', result: '15家企业确认出席', done_on: '2023-01-28' }, 1);
    assert.equal(r.json.on_time, true);
    assertInvalid(await patchAr(ctx.d.id, { status: 'cancelled' }, 1), { reason: 'required' });
    assertInvalid(await patchAr(ctx.e.id, { status: 'done', done_on: '2023-02-10' }, 1), { result: 'required' });
    r = await patchAr(ctx.d.id, { status: 'cancelled', reason: '并入人才政策统一办理' }, 1);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.status, 'cancelled');
    ctx.d = r.json;
    // A done arrangement: no silent reopening, no edits.
    assertError(await patchAr(ctx.a.id, { status: 'open' }, 2), 409, 'illegal_move', 'status');
    assertError(await patchAr(ctx.a.id, { text: '改写' }, 2), 409, 'illegal_move', 'status');
    assertError(await patchAr(ctx.a.id, { status: 'cancelled', reason: 'x' }, 2), 409, 'illegal_move', 'status');
    assertError(await patchAr(ctx.a.id, { status: 'done', result: 'x' }, 1), 409, 'version_conflict');
    r = await patchAr(ctx.d.id, { status: 'open', reason: '政策调整后重新办理' }, 2);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.reopen_count, 1);
    assert.equal(r.json.cancelled_on, null);
    r = await patchAr(ctx.d.id, { status: 'cancelled', reason: '已由专班统一办理' }, 3);
    assert.equal(r.status, 200, r.text);
    // An open one is edited: a new deadline in working days.
    r = await patchAr(ctx.e.id, { deadline_days: 16 }, 1);
    assert.equal(r.json.due_on, '2023-02-27');
    r = await patchAr(ctx.e.id, { deadline_days: 15 }, 2);
    assert.equal(r.json.due_on, '2023-02-24');
    ctx.e = r.json;
    // Audited: the done move of A names who and what.
    const audit = await api(srv, 'GET', `/api/v1/audit?entity=arrangement&entity_id=${ctx.a.id}`);
    assert.deepEqual(audit.json.items.map((x) => x.action).sort(), ['create', 'status']);
  });

  test('lists: overdue and due soon on a given day, status, unit, roundtable', async () => {
    const ids = async (q) => (await api(srv, 'GET', `${AR}?${q}`)).json.items.map((x) => x.id);
    assert.deepEqual(await ids(`roundtable=${ctx.rt.id}`), [ctx.c.id, ctx.b.id, ctx.a.id, ctx.e.id, ctx.d.id], 'by due_on');
    assert.deepEqual(await ids(`roundtable=${ctx.rt.id}&status=done`), [ctx.c.id, ctx.b.id, ctx.a.id]);
    assert.deepEqual(await ids(`roundtable=${ctx.rt.id}&overdue=1&as_of=2023-02-24`), []);
    assert.deepEqual(await ids(`roundtable=${ctx.rt.id}&overdue=1&as_of=2023-02-27`), [ctx.e.id]);
    // Due soon: within 2 working days.  On 02-22 (Wed) 02-24 is 2 away; on 02-21, 3.
    assert.deepEqual(await ids(`roundtable=${ctx.rt.id}&due=soon&as_of=2023-02-22`), [ctx.e.id]);
    assert.deepEqual(await ids(`roundtable=${ctx.rt.id}&due=soon&as_of=2023-02-21`), []);
    const one = (await api(srv, 'GET', `${AR}/${ctx.e.id}?as_of=2023-02-22`)).json;
    assert.equal(one.due_soon, true);
    assert.equal(one.overdue, false);
    assert.deepEqual(await ids('unit=9'), [ctx.e.id, ctx.d.id]);
    assertError(await api(srv, 'GET', `${AR}?due=later`), 400, 'bad_parameter', 'due');
  });
});

describe('the session in one call', () => {
  test('everything, with exact counts on a given day', async () => {
    const p = await createProject(srv, { name: uniqueName('观澜会线索'), enterprise_ids: [ctx.ents[3].id] });
    let r = await api(srv, 'POST', `${RT}/${ctx.rt.id}/projects/${p.id}`, { note: '西门子现场表达投资意向' });
    assert.equal(r.status, 201, r.text);
    r = await api(srv, 'POST', `${RT}/${ctx.rt.id}/projects/${p.id}`, { note: '西门子工业软件中心' });
    assert.equal(r.status, 200, 'a second link replaces the note');
    assertError(await api(srv, 'POST', `${RT}/${ctx.rt.id}/projects/999999`, {}), 404);
    const tmp = await createProject(srv);
    assert.equal((await api(srv, 'POST', `${RT}/${ctx.rt.id}/projects/${tmp.id}`)).status, 201);
    assert.equal((await api(srv, 'DELETE', `${RT}/${ctx.rt.id}/projects/${tmp.id}`)).status, 204);
    assertError(await api(srv, 'DELETE', `${RT}/${ctx.rt.id}/projects/${tmp.id}`), 404);

    const s = (await api(srv, 'GET', `${RT}/${ctx.rt.id}?as_of=2023-02-27`)).json;
    assert.equal(s.title, '鹊华观澜会第1期');
    assert.equal(s.enterprises.filter((e) => e.attended).length, 14);
    assert.equal(s.people.length, 3);
    assert.match(s.minutes, /具体安排/);
    assert.deepEqual(s.appeals, []);
    assert.deepEqual(s.arrangements.map((x) => x.id), [ctx.c.id, ctx.b.id, ctx.a.id, ctx.e.id, ctx.d.id]);
    assert.deepEqual(s.projects.map((x) => [x.project_id, x.note]), [[p.id, '西门子工业软件中心']]);
    assert.deepEqual(s.counts, {
      enterprises_invited: 15, enterprises_attended: 14, people: 3, appeals: 0, answered_on_spot: 0,
      arrangements_open: 1, arrangements_done: 3, arrangements_cancelled: 1, arrangements_overdue: 1,
      projects: 1,
    });
    const listed = (await api(srv, 'GET', `${RT}?as_of=2023-02-10`)).json.items.find((x) => x.id === ctx.rt.id);
    assert.equal(listed.counts.arrangements_overdue, 0);
    assert.equal(listed.counts.arrangements_done, 3);
    assert.equal('minutes' in listed, false, 'lists carry no minutes');
  });
});

describe('who sees what', () => {
  before(async () => {
    const h = await createUser(srv, 'handler', { unit_ids: [9] });
    ctx.handler = await login(srv, h.username, h.password);
    const e = await createUser(srv, 'enterprise', { enterprise_id: ctx.ents[2].id });
    ctx.ent = await login(srv, e.username, e.password);
    const o = await createUser(srv, 'enterprise', { enterprise_id: ctx.other.id });
    ctx.outsider = await login(srv, o.username, o.password);
  });

  test('a handler reads sessions and its units\' arrangements, and marks them done', async () => {
    const s = (await ctx.handler.get(`${RT}/${ctx.rt.id}?as_of=2023-02-27`)).json;
    assert.deepEqual(s.arrangements.map((x) => x.id), [ctx.e.id, ctx.d.id], 'unit 9 only');
    assert.equal(s.counts.arrangements_open, 1);
    assert.equal(s.counts.arrangements_done, 0);
    assert.ok(s.minutes, 'handlers read the minutes');
    assertError(await ctx.handler.get(`${AR}/${ctx.a.id}`), 404, 'not_found');
    const list = (await ctx.handler.get(AR)).json;
    assert.deepEqual(list.items.map((x) => x.id), [ctx.e.id, ctx.d.id]);
    assert.equal(list.total, 2);
    assertError(await patchAr(ctx.e.id, { text: '改写' }, ctx.e.version, ctx.handler), 403, 'forbidden');
    assertError(await patchAr(ctx.e.id, { status: 'cancelled', reason: 'x' }, ctx.e.version, ctx.handler), 403, 'forbidden');
    const r = await patchAr(ctx.e.id, { status: 'done', result: '已协调入学', done_on: '2023-02-24' }, ctx.e.version, ctx.handler);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.on_time, true);
    assertError(await ctx.handler.post(RT, { series_id: ctx.series.id, held_on: '2023-05-05' }), 403, 'forbidden');
  });

  test('an enterprise user sees the sessions it was invited to, without the minutes', async () => {
    const list = (await ctx.ent.get(RT)).json;
    assert.deepEqual(list.items.map((x) => x.id), [ctx.rt.id]);
    assert.equal(list.total, 1);
    const s = (await ctx.ent.get(`${RT}/${ctx.rt.id}`)).json;
    assert.equal(s.minutes, null);
    assert.equal(s.enterprises.length, 15);
    assert.deepEqual(s.arrangements, [], 'arrangements on its own appeals only');
    assert.deepEqual(s.projects, [], 'projects naming it only');
    assert.equal(s.counts.arrangements_done, 0);
    const outside = await ctx.ent.get(`${RT}/${ctx.rt2.id}`);
    const missing = await ctx.ent.get(`${RT}/99999`);
    assertError(outside, 404, 'not_found');
    assert.equal(outside.text, missing.text);
    assertError(await ctx.outsider.get(`${RT}/${ctx.rt.id}`), 404, 'not_found');
    assert.deepEqual((await ctx.outsider.get(RT)).json.items, []);
    assert.deepEqual((await ctx.ent.get(AR)).json.items, []);
    assertError(await ctx.ent.get(`${AR}/${ctx.a.id}`), 404, 'not_found');
  });
});
