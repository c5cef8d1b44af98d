// roundtables.test.mjs - 观澜会 sessions written from the web app: an officer creates the next
// session of 鹊华观澜会 with three invited enterprises and two people at the table, then after
// the meeting ticks attendance and writes the minutes (the page shows them); the same session
// edited meanwhile in a second tab gets the stale-version 409 explained, reloads and saves.  A
// handler marks its own unit's arrangement done (an empty result refused beside the field; the
// result and 已办结 shown) and gets no button on another unit's.  Screenshots at 1366×768 and
// 390×844.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { VIEWPORTS, apiAs, assertNoErrors, horizontalOverflow, loginAs, optionOf, pick, settle, setup, shot } from './lib.mjs';

let t;
let officer;
let handler;
let series;      // 鹊华观澜会 of the demo
let nextNumber;  // the number the new session gets
let invited;     // three enterprises [{ id, name }]
let created;     // the session made through the form
let mine;        // the handler's unit { id, name }
let other;       // another unit
const TODAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

before(async () => {
  t = await setup();
  officer = await apiAs(t.base, 'officer');
  handler = await apiAs(t.base, 'handler');
  series = (await officer.call('GET', '/api/v1/roundtable-series')).json.items.find((s) => s.name === '鹊华观澜会');
  assert.ok(series, 'the demo has 鹊华观澜会');
  const sessions = (await officer.call('GET', `/api/v1/roundtables?series=${series.id}&limit=200`)).json.items;
  nextNumber = Math.max(...sessions.map((s) => s.number)) + 1;
  const ents = (await officer.call('GET', '/api/v1/enterprises?limit=100&sort=name')).json.items;
  // Names whose first four characters pick them out in a search.
  const seen = new Set();
  invited = ents.filter((e) => { const k = e.name.slice(0, 4); if (seen.has(k)) return false; seen.add(k); return true; })
    .slice(0, 3).map((e) => ({ id: e.id, name: e.name }));
  assert.equal(invited.length, 3);
  const units = (await officer.call('GET', '/api/v1/ref/units')).json.items;
  mine = units.find((u) => u.id === handler.user.unit_ids[0]);
  other = units.find((u) => !handler.user.unit_ids.includes(u.id));
  assert.ok(mine && other);
});
after(async () => { await t?.teardown(); });

const fits = async (page, what) => {
  const o = await horizontalOverflow(page);
  assert.ok(o.scrollWidth <= o.innerWidth, `${what}: page scrolls sideways (${o.scrollWidth} > ${o.innerWidth})`);
};
const dialog = (page) => page.locator('.session-dialog');

test('an officer creates session N, ticks attendance and writes minutes; a stale second tab gets the 409 explained', async () => {
  const { page, errors, context } = await t.open();
  errors.allowHttp(409, '/api/v1/roundtables/');
  await loginAs(page, 'officer', errors);
  await page.goto('/roundtables');
  await settle(page);
  await page.locator('.new-session').click();
  const d = dialog(page);
  await d.waitFor();
  await pick(page, d.locator('.series-pick'), '鹊华观澜会');
  await d.locator('.f-venue input').fill('管委会15楼圆桌会议室');
  await d.locator('.f-theme input').fill('要素保障与人才引进');
  // Three enterprises, each found by typing part of its name.
  for (const e of invited) {
    const select = d.locator('.f-enterprises .el-select');
    await select.locator('input').fill(e.name.slice(0, 4));
    await (await optionOf(page, select, e.name)).click();
    await d.locator('.f-enterprises .tick', { hasText: e.name }).waitFor();
  }
  await d.locator('.el-dialog__title').click(); // closes the list
  assert.equal(await d.locator('.f-enterprises .tick').count(), 3);
  // Two people: the first enterprise's chairman and a leader.
  await d.locator('.add-person').click();
  await d.locator('.add-person').click();
  const p0 = d.locator('.person').nth(0);
  const p1 = d.locator('.person').nth(1);
  await p0.locator('.p-name input').fill('张总');
  await p0.locator('.p-title input').fill('董事长');
  await pick(page, p0.locator('.p-of'), invited[0].name);
  await pick(page, p1.locator('.p-kind'), '领导');
  await p1.locator('.p-name input').fill('王主任');
  await p1.locator('.p-title input').fill('管委会主任');
  await shot(page, 'roundtable-new-1366x768');
  await d.locator('.save-session').click();
  await page.waitForURL(/\/roundtables\/\d+$/);
  await settle(page);
  const id = Number(page.url().match(/(\d+)$/)[1]);
  created = (await officer.call('GET', `/api/v1/roundtables/${id}`)).json;
  assert.equal(created.number, nextNumber);
  assert.equal(created.series_id, series.id);
  assert.equal(created.held_on, TODAY);
  assert.equal(created.format, 'roundtable');
  assert.equal(created.venue, '管委会15楼圆桌会议室');
  assert.deepEqual(created.enterprises.map((e) => [e.enterprise_id, e.attended]).sort((a, b) => a[0] - b[0]),
    invited.map((e) => [e.id, false]).sort((a, b) => a[0] - b[0]));
  assert.deepEqual(created.people.map((p) => [p.kind, p.name, p.title, p.enterprise_id]).sort(),
    [['entrepreneur', '张总', '董事长', invited[0].id], ['leader', '王主任', '管委会主任', null]]);
  assert.match(await page.locator('.page-title').innerText(), new RegExp(`第${nextNumber}期`));
  assert.equal(await page.locator('.enterprises-card .line', { hasText: '未到会' }).count(), 3);
  assert.equal(await page.locator('.people-card .line').count(), 2);

  // A second tab opens the session now, and edits it later.
  const tab2 = await context.newPage();
  await tab2.goto(`/roundtables/${id}`);
  await settle(tab2);

  // After the meeting: two of the three came; the minutes.
  await page.locator('.edit-session').click();
  await d.waitFor();
  await d.locator('.f-enterprises .tick', { hasText: invited[0].name }).click();
  await d.locator('.f-enterprises .tick', { hasText: invited[2].name }).click();
  const MINUTES = '张总介绍了扩产计划，提出用工和用电需求；王主任要求经发局一周内对接。';
  await d.locator('.f-minutes textarea').fill(MINUTES);
  await d.locator('.save-session').click();
  await d.waitFor({ state: 'hidden' });
  await page.locator('.minutes-card', { hasText: MINUTES }).waitFor();
  assert.equal(await page.locator('.enterprises-card .line', { hasText: '未到会' }).count(), 1);
  assert.equal(await page.locator('.enterprises-card .line', { hasText: '到会' }).count(), 3);
  assert.match(await page.locator('.enterprises-card .line', { hasText: '未到会' }).innerText(), new RegExp(invited[1].name));
  const after1 = (await officer.call('GET', `/api/v1/roundtables/${id}`)).json;
  assert.equal(after1.minutes, MINUTES);
  assert.deepEqual(after1.enterprises.filter((e) => e.attended).map((e) => e.enterprise_id).sort(), [invited[0].id, invited[2].id].sort());
  assert.equal(after1.version, created.version + 1);
  await shot(page, 'roundtable-filled-1366x768');

  // The second tab still holds the first version: its save is refused and explained.
  const d2 = dialog(tab2);
  await tab2.locator('.edit-session').click();
  await d2.waitFor();
  await d2.locator('.f-theme input').fill('要素保障、人才引进与融资');
  await d2.locator('.save-session').click();
  await d2.locator('.conflict', { hasText: '此记录已被他人修改' }).waitFor();
  assert.equal(await d2.locator('.f-theme input').inputValue(), '要素保障、人才引进与融资', 'the input is kept');
  assert.equal((await officer.call('GET', `/api/v1/roundtables/${id}`)).json.theme, '要素保障与人才引进', 'nothing saved');
  await shot(tab2, 'roundtable-conflict-1366x768');
  // Load the latest: the minutes and attendance the other tab saved come in, the theme stays ours.
  await d2.locator('.conflict .el-button', { hasText: '载入最新版本' }).click();
  await d2.locator('.conflict', { hasText: '已载入第' }).waitFor();
  assert.equal(await d2.locator('.f-minutes textarea').inputValue(), MINUTES);
  await d2.locator('.save-session').click();
  await d2.waitFor({ state: 'hidden' });
  await tab2.locator('.theme', { hasText: '要素保障、人才引进与融资' }).waitFor();
  const after2 = (await officer.call('GET', `/api/v1/roundtables/${id}`)).json;
  assert.equal(after2.theme, '要素保障、人才引进与融资');
  assert.equal(after2.minutes, MINUTES, 'the other tab\'s minutes survive');
  assert.equal(after2.enterprises.filter((e) => e.attended).length, 2);
  assertNoErrors(errors);
  await context.close();
});

test('a handler marks its unit\'s arrangement done and gets no button on another unit\'s', async () => {
  assert.ok(created, 'the session of the first test');
  const make = async (text, unit) => {
    const r = await officer.call('POST', '/api/v1/arrangements', { roundtable_id: created.id, text, unit_id: unit.id, deadline_days: 5 });
    assert.equal(r.status, 201, JSON.stringify(r.json));
    return r.json;
  };
  const ours = await make('对接扩产用工需求，组织专场招聘', mine);
  const theirs = await make('协调供电公司增容', other);

  const { page, errors, context } = await t.open();
  errors.allowHttp(422, '/api/v1/arrangements/');
  await loginAs(page, 'handler', errors);
  // The server shows a handler only its units' arrangements; to see that the page itself
  // offers no button on another unit's, the other one is added to the session as it arrives.
  await page.route(`**/api/v1/roundtables/${created.id}`, async (route) => {
    const res = await route.fetch();
    const body = await res.json();
    if (!body.arrangements.some((x) => x.id === theirs.id)) {
      body.arrangements.push((await officer.call('GET', `/api/v1/arrangements/${theirs.id}`)).json);
    }
    await route.fulfill({ response: res, json: body });
  });
  await page.goto(`/roundtables/${created.id}`);
  await settle(page);
  const card = page.locator('.arrangements-card');
  const row = (x) => card.locator('.arr-row', { has: page.locator(`[data-id="${x.id}"]`) });
  await row(ours).waitFor();
  await row(theirs).waitFor();
  assert.equal(await row(ours).locator('.arr-done').count(), 1);
  assert.equal(await row(theirs).locator('.arr-done, .arr-cancel').count(), 0, 'no button on another unit\'s arrangement');
  assert.equal(await page.locator('.arr-cancel').count(), 0, 'a handler does not cancel');
  assert.equal(await page.locator('.edit-session').count(), 0);

  await row(ours).locator('.arr-done').click();
  const dlg = page.locator('.arrangement-status-dialog');
  await dlg.waitFor();
  // No result: refused beside the field.
  await dlg.locator('.save-arr-status').click();
  await dlg.locator('.f-result .el-form-item__error').waitFor();
  assert.equal((await handler.call('GET', `/api/v1/arrangements/${ours.id}`)).json.status, 'open');
  await dlg.locator('.f-result textarea').fill('已组织专场招聘会，到场求职者 120 人，达成意向 35 人');
  await dlg.locator('.save-arr-status').click();
  await dlg.waitFor({ state: 'hidden' });
  await row(ours).locator('.arr-status', { hasText: '已办结' }).waitFor();
  await row(ours).locator('.arr-result', { hasText: '达成意向 35 人' }).waitFor();
  assert.equal(await row(ours).locator('.arr-done').count(), 0);
  const done = (await handler.call('GET', `/api/v1/arrangements/${ours.id}`)).json;
  assert.equal(done.status, 'done');
  assert.equal(done.result, '已组织专场招聘会，到场求职者 120 人，达成意向 35 人');
  assert.equal(done.done_on, TODAY);
  assert.equal((await officer.call('GET', `/api/v1/arrangements/${theirs.id}`)).json.status, 'open');
  await shot(page, 'roundtable-handler-1366x768');
  assertNoErrors(errors);
  await context.close();
});

test('the session page, the new-session form and the done dialog at 1366×768 and 390×844', async () => {
  for (const [size, viewport] of Object.entries(VIEWPORTS)) {
    const { page, errors, context } = await t.open({ viewport });
    await loginAs(page, 'officer', errors);
    await page.goto(`/roundtables/${created.id}`);
    await settle(page);
    await page.locator('.minutes-card').waitFor();
    await fits(page, `the session page at ${size}`);
    await shot(page, `roundtable-session-${size}`);
    // The officer may cancel the open one (the other unit's) and mark it done.
    const open = page.locator('.arrangements-card .arr-row', { hasText: '协调供电公司增容' });
    assert.equal(await open.locator('.arr-cancel').count(), 1);
    await open.locator('.arr-done').click();
    await page.locator('.arrangement-status-dialog').waitFor();
    await fits(page, `the done dialog at ${size}`);
    await shot(page, `roundtable-done-dialog-${size}`);
    await page.keyboard.press('Escape');
    await page.locator('.arrangement-status-dialog').waitFor({ state: 'hidden' });
    await page.goto('/roundtables');
    await settle(page);
    await page.locator('.new-session').click();
    await dialog(page).waitFor();
    await fits(page, `the new-session form at ${size}`);
    await shot(page, `roundtable-new-${size}`);
    assertNoErrors(errors);
    await context.close();
  }
});
