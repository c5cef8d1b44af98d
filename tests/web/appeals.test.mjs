// appeals.test.mjs - the appeal story of issue 5 in the browser: an enterprise user submits on
// a 390×844 phone; the officer accepts and assigns it to unit 3; its handler answers; the
// enterprise rates 不满意 and it reopens; the handler answers again (after a stale-version 409
// explained on the page); the enterprise rates 满意 and it closes; the timeline shows every
// step; the dashboard's three rates move when the server offers them.  Also: three appeals
// recorded at a 观澜会 session with the keyboard only, an arrangement on the answered one; the
// inbox tabs of each role; the session page and the portal at 1366×768 and 390×844.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { VIEWPORTS, apiAs, assertNoErrors, horizontalOverflow, loginAs, pick, settle, setup, shot } from './lib.mjs';

let t;
let officer;
let leader;
let unit3;       // { id, name } of the handler's unit
let session;     // a 观澜会 session made in before()
let invited;     // its enterprises [{ id, name }]
let ratesOffered = false;
const TODAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

before(async () => {
  t = await setup();
  officer = await apiAs(t.base, 'officer');
  leader = await apiAs(t.base, 'leader');
  const handler = await apiAs(t.base, 'handler');
  const units = (await officer.call('GET', '/api/v1/ref/units')).json.items;
  unit3 = units.find((u) => u.id === handler.user.unit_ids[0]);
  assert.ok(unit3, 'the demo handler has a unit');
  const ents = (await officer.call('GET', '/api/v1/enterprises?limit=100')).json.items;
  const byd = ents.find((e) => e.name.includes('比亚迪'));
  invited = [byd, ...ents.filter((e) => e.id !== byd.id).slice(0, 2)].map((e) => ({ id: e.id, name: e.name }));
  const series = await officer.call('POST', '/api/v1/roundtable-series', { name: '鹊华观澜会（测试）' });
  assert.equal(series.status, 201, JSON.stringify(series.json));
  const rt = await officer.call('POST', '/api/v1/roundtables', {
    series_id: series.json.id, held_on: TODAY, venue: '管委会15楼圆桌会议室', format: 'roundtable', theme: '政策配套与园区建设',
    minutes: '与会企业逐一发言，相关部门现场答复。',
    enterprises: invited.map((e, i) => ({ enterprise_id: e.id, attended: i < 2 })),
    people: [{ kind: 'leader', name: '王主任（示例）', title: '主任' }, { kind: 'unit', name: '赵经办', unit_id: unit3.id },
      { kind: 'entrepreneur', name: '张总', title: '总经理', enterprise_id: invited[0].id }],
  });
  assert.equal(rt.status, 201, JSON.stringify(rt.json));
  session = rt.json;
  ratesOffered = !!(await officer.call('GET', '/api/v1/openapi.json')).json.paths['/api/v1/appeal-rates'];
});
after(async () => { await t?.teardown(); });

const fits = async (page, what) => {
  const o = await horizontalOverflow(page);
  assert.ok(o.scrollWidth <= o.innerWidth, `${what}: page scrolls sideways (${o.scrollWidth} > ${o.innerWidth})`);
};
// The action buttons the appeal page shows, by action code.
const buttons = async (page) => (await page.locator('.page-title .actions .el-button, .phone-actions .el-button')
  .evaluateAll((els) => els.map((e) => [...e.classList].find((c) => c.startsWith('act-')).slice(4)))).sort();
const stateOf = (page) => page.locator('.page-title .state-tag').getAttribute('data-state');
async function waitState(page, s) {
  await page.locator(`.page-title .state-tag[data-state="${s}"]`).waitFor();
}
// The three rates as the dashboard card shows them, and as the API gives them.
async function dashboardRates(page) {
  await page.goto('/dashboard');
  await settle(page);
  const card = page.locator('.rates-card');
  await card.locator('.rate-satisfaction .r-value').waitFor();
  const read = async (k) => (await card.locator(`.rate-${k} .r-value`).innerText()).trim();
  return { response: await read('response'), resolution: await read('resolution'), satisfaction: await read('satisfaction') };
}
async function apiRates() {
  const r = await leader.call('GET', '/api/v1/appeal-rates?group=unit');
  assert.equal(r.status, 200, JSON.stringify(r.json));
  return r.json.total;
}

test('the whole story: submitted on a phone, accepted, assigned, answered, rated 不满意, reopened, answered again, rated 满意 and closed', async () => {
  let before;
  const lead = await t.open();
  if (ratesOffered) {
    await loginAs(lead.page, 'leader', lead.errors);
    before = { shown: await dashboardRates(lead.page), api: await apiRates() };
    const pct = (r) => r.percent || '—';
    assert.deepEqual(before.shown, { response: pct(before.api.response), resolution: pct(before.api.resolution), satisfaction: pct(before.api.satisfaction) });
  }

  // The enterprise submits on a phone, with a text attachment.
  const ent = await t.open({ viewport: VIEWPORTS.phone });
  await loginAs(ent.page, 'enterprise', ent.errors);
  await ent.page.locator('.menu-btn').click();
  await ent.page.locator('.drawer-menu .el-menu-item', { hasText: '我的诉求' }).click();
  await ent.page.waitForURL('**/my-appeals');
  await settle(ent.page);
  await ent.page.locator('.new-appeal').click();
  await ent.page.waitForURL('**/my-appeals/new');
  await settle(ent.page);
  await ent.page.locator('.f-category .el-radio-button', { hasText: '要素保障' }).click();
  await ent.page.locator('.f-text textarea').fill('二期厂房用电负荷不足，申请增容一台变压器（浏览器测试）。');
  await ent.page.locator('.f-contact input').fill('张经理 13800000000');
  const file = join(t.server.dir, '用电负荷说明.txt');
  writeFileSync(file, '二期新增负荷 8000 千伏安。\n');
  await ent.page.locator('input[type=file]').setInputFiles(file);
  await fits(ent.page, 'the submit form on a phone');
  await shot(ent.page, 'appeal-submit-phone');
  await ent.page.locator('.submit').click();
  await ent.page.waitForURL(/\/appeals\/\d+$/);
  await settle(ent.page);
  const id = Number(new URL(ent.page.url()).pathname.split('/').pop());
  await waitState(ent.page, 'submitted');
  await ent.page.locator('.file', { hasText: '用电负荷说明.txt' }).waitFor();
  assert.deepEqual(await buttons(ent.page), [], 'nothing for the enterprise to do while it waits');
  await fits(ent.page, 'the appeal page on a phone');
  const code = (await officer.call('GET', `/api/v1/appeals/${id}`)).json.code;

  // The officer finds it under 待受理, accepts it and assigns it to unit 3 (simple).
  const off = await t.open();
  await loginAs(off.page, 'officer', off.errors);
  await off.page.goto('/appeals');
  await settle(off.page);
  assert.equal(await off.page.locator('.inbox-tabs .el-tabs__item.is-active .tab-name').innerText(), '待受理');
  await off.page.locator('.appeal-row', { hasText: code }).click();
  await off.page.waitForURL(`**/appeals/${id}`);
  await settle(off.page);
  assert.deepEqual(await buttons(off.page), ['accept', 'decline']);
  await off.page.locator('.act-accept').click();
  await off.page.locator('.action-dialog .submit').click();
  await waitState(off.page, 'accepted');
  assert.deepEqual(await buttons(off.page), ['assign'], 'an officer assigns an accepted appeal');
  await off.page.locator('.act-assign').click();
  await pick(off.page, off.page.locator('.action-dialog .f-lead .el-select'), unit3.name);
  await off.page.locator('.action-dialog .f-complexity .el-radio', { hasText: '简单' }).click();
  await off.page.locator('.action-dialog .submit').click();
  await waitState(off.page, 'assigned');
  assert.match(await off.page.locator('.el-descriptions__cell', { hasText: unit3.name }).first().innerText(), new RegExp(unit3.name));

  // The handler of unit 3 answers from its 待办理 tab.
  const han = await t.open();
  await loginAs(han.page, 'handler', han.errors);
  await han.page.goto('/appeals');
  await settle(han.page);
  assert.equal(await han.page.locator('.inbox-tabs .el-tabs__item.is-active .tab-name').innerText(), '待办理');
  await han.page.locator('.appeal-row', { hasText: code }).click();
  await settle(han.page);
  assert.deepEqual(await buttons(han.page), ['answer', 'request_extension', 'start', 'transfer']);
  await han.page.locator('.act-answer').click();
  await han.page.locator('.action-dialog .f-answer textarea').fill('已协调供电公司，下周现场勘查增容方案。');
  await han.page.locator('.action-dialog .submit').click();
  await waitState(han.page, 'answered');
  assert.deepEqual(await buttons(han.page), []);

  // The enterprise sees it to rate on its phone, and rates 不满意: it goes back to the unit.
  await ent.page.goto('/my-appeals');
  await settle(ent.page);
  const card = ent.page.locator(`.my-appeal[data-id="${id}"]`);
  assert.match(await card.innerText(), /待评价/);
  assert.match(await card.innerText(), /已协调供电公司/);
  await card.click();
  await ent.page.waitForURL(`**/appeals/${id}`);
  await settle(ent.page);
  await ent.page.locator('.rate-card .rate-unsatisfied').click();
  await ent.page.locator('.rate-card .f-comment textarea').fill('勘查太慢，请给出增容时间。');
  await shot(ent.page, 'appeal-rate-phone');
  await ent.page.locator('.rate-card .submit').click();
  await waitState(ent.page, 'in_progress');
  await ent.page.getByText('重新办理 1 次').first().waitFor();

  // The handler answers again; meanwhile the leader supervised it, so the first try is stale.
  await han.page.reload();
  await settle(han.page);
  await waitState(han.page, 'in_progress');
  const sup = await leader.call('POST', `/api/v1/appeals/${id}/actions`, { action: 'supervise', note: '请加快办理' },
    { 'If-Match': `"${(await leader.call('GET', `/api/v1/appeals/${id}`)).json.version}"` });
  assert.equal(sup.status, 200, JSON.stringify(sup.json));
  han.errors.allowHttp(409, `/api/v1/appeals/${id}/actions`);
  await han.page.locator('.act-answer').click();
  await han.page.locator('.action-dialog .f-answer textarea').fill('供电公司已确认：3月底前完成增容。');
  await han.page.locator('.action-dialog .submit').click();
  await han.page.locator('.action-dialog .conflict', { hasText: '此诉求已被他人处理' }).waitFor();
  await shot(han.page, 'appeal-stale');
  await han.page.locator('.action-dialog .reload').click();
  await han.page.locator('.action-dialog .conflict').waitFor({ state: 'detached' });
  assert.equal(await han.page.locator('.action-dialog .f-answer textarea').inputValue(), '供电公司已确认：3月底前完成增容。', 'the input is kept');
  await han.page.locator('.action-dialog .submit').click();
  await waitState(han.page, 'answered');

  // The enterprise rates 满意: closed.
  await ent.page.reload();
  await settle(ent.page);
  await ent.page.locator('.rate-card .rate-satisfied').click();
  await ent.page.locator('.rate-card .submit').click();
  await waitState(ent.page, 'closed');
  assert.equal(await ent.page.locator('.rating-tag').innerText(), '满意');
  assert.match(await ent.page.locator('.answer-text').innerText(), /3月底前完成增容/);
  const kinds = await ent.page.locator('.timeline .event').evaluateAll((els) => els.map((e) => e.dataset.kind));
  assert.deepEqual(kinds, ['submit', 'accept', 'assign', 'answer', 'rate', 'reopen', 'supervise', 'answer', 'rate', 'close']);
  const tl = await ent.page.locator('.timeline').innerText();
  assert.match(tl, /勘查太慢/);
  assert.match(tl, /重新办理/);
  await fits(ent.page, 'the closed appeal on a phone');
  await shot(ent.page, 'appeal-closed-phone');
  const server = (await officer.call('GET', `/api/v1/appeals/${id}`)).json;
  assert.equal(server.state, 'closed');
  assert.equal(server.rating, 'satisfied');
  assert.equal(server.reopen_count, 1);

  if (ratesOffered) {
    const after = { shown: await dashboardRates(lead.page), api: await apiRates() };
    const pct = (r) => r.percent || '—';
    assert.deepEqual(after.shown, { response: pct(after.api.response), resolution: pct(after.api.resolution), satisfaction: pct(after.api.satisfaction) });
    assert.equal(after.api.items, before.api.items + 1, 'one appeal more');
    assert.equal(after.api.satisfaction.num, before.api.satisfaction.num + 1, 'one 满意 more');
    assert.equal(after.api.satisfaction.den, before.api.satisfaction.den + 1, 'one rated appeal more');
    await shot(lead.page, 'dashboard-rates');
    assertNoErrors(lead.errors, 'the leader\'s console');
  }
  for (const s of [ent, off, han]) assertNoErrors(s.errors);
  for (const s of [ent, off, han, lead]) await s.context.close();
});

test('three appeals recorded at a session with the keyboard only; an arrangement on the answered one', async () => {
  const { page, errors, context } = await t.open();
  await loginAs(page, 'officer', errors);
  await page.goto(`/roundtables/${session.id}`);
  await settle(page);
  await page.locator('.record').click();
  // The cursor waits in the first line's enterprise.
  await page.locator('[data-line="0"] .q-ent input').and(page.locator(':focus')).waitFor();
  const kb = page.keyboard;
  const choose = async (text) => { await kb.type(text); await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().waitFor(); await kb.press('Enter'); };
  // Line 1: answered on the spot, unit 3 leads.
  await choose(invited[0].name.slice(0, 3));
  await kb.press('Tab'); await choose('政策配套');
  await kb.press('Tab'); await kb.type('希望明确新能源汽车零部件配套奖补政策');
  await kb.press('Tab'); await choose(unit3.name);
  await kb.press('Tab'); await kb.type('经发局一周内出台配套奖补细则');
  await kb.press('Enter');
  // Line 2.
  await page.locator('[data-line="1"] .q-ent input').and(page.locator(':focus')).waitFor();
  await choose(invited[1].name.slice(0, 3));
  await kb.press('Tab'); await choose('园区建设');
  await kb.press('Tab'); await kb.type('园区道路照明不足');
  await kb.press('Enter');
  // Line 3, then Ctrl+Enter saves all.
  await page.locator('[data-line="2"] .q-ent input').and(page.locator(':focus')).waitFor();
  await choose(invited[2].name.slice(0, 3));
  await kb.press('Tab'); await choose('人才引进');
  await kb.press('Tab'); await kb.type('高端人才子女入学');
  await kb.press('Control+Enter');
  await page.locator('.q-line.saved').nth(2).waitFor();
  assert.equal(await page.locator('.q-line.saved').count(), 3);
  await settle(page);
  const cards = page.locator('.appeals-card .rt-appeal');
  assert.equal(await cards.count(), 3);
  assert.equal(await page.locator('.appeals-card .rt-appeal', { hasText: '现场答复' }).count(), 1);
  const listed = (await officer.call('GET', `/api/v1/appeals?roundtable=${session.id}`)).json.items;
  assert.deepEqual(listed.map((a) => [a.channel, a.state, a.category]).sort(),
    [['onsite', 'answered', 'policy'], ['onsite', 'submitted', 'park'], ['onsite', 'submitted', 'talent']]);
  assert.equal(listed.find((a) => a.state === 'answered').lead_unit_id, unit3.id);
  await shot(page, 'roundtable-recorded');

  // An arrangement on the answered line: its unit comes from the answer's lead unit.
  await page.locator('.q-line.saved .q-arrange').click();
  await page.locator('.arrangement-dialog .f-arr-text textarea').fill('经发局起草奖补细则并报管委会审定');
  assert.match(await page.locator('.arrangement-dialog .f-arr-unit').innerText(), new RegExp(unit3.name));
  await page.locator('.arrangement-dialog .save-arrangement').click();
  await page.locator('.arrangements-card', { hasText: '经发局起草奖补细则' }).waitFor();
  await page.locator('.appeals-card .a-arr', { hasText: '经发局起草奖补细则' }).waitFor();
  const arr = (await officer.call('GET', `/api/v1/arrangements?roundtable=${session.id}`)).json.items;
  assert.equal(arr.length, 1);
  assert.equal(arr[0].unit_id, unit3.id);
  assert.equal(arr[0].appeal_id, listed.find((a) => a.state === 'answered').id);
  assertNoErrors(errors);
  await context.close();
});

test('the inbox shows each role the tabs that make sense for it; the enterprise has its portal', async () => {
  const WANT = {
    admin: ['待受理', '待办理', '即将到期', '已逾期', '督办', '全部'],
    officer: ['待受理', '待交办', '即将到期', '已逾期', '督办', '全部'],
    handler: ['待办理', '待受理', '即将到期', '已逾期', '督办', '全部'],
    leader: ['已逾期', '即将到期', '督办', '全部'],
  };
  for (const [role, tabs] of Object.entries(WANT)) {
    const { page, errors, context } = await t.open();
    await loginAs(page, role, errors);
    await page.goto('/appeals');
    await settle(page);
    assert.deepEqual((await page.locator('.inbox-tabs .el-tabs__item .tab-name').allInnerTexts()).map((s) => s.trim()), tabs, `${role}'s tabs`);
    // 全部 as a handler holds only appeals its unit leads or helps with.
    await page.locator('.inbox-tabs .el-tabs__item', { hasText: '全部' }).click();
    await settle(page);
    assert.match(page.url(), /tab=all/);
    if (role === 'handler') {
      const mine = (await (await apiAs(t.base, 'handler')).call('GET', '/api/v1/appeals?limit=100')).json;
      assert.equal(await page.locator('.appeal-row').count(), Math.min(mine.total, 20));
    }
    await shot(page, `appeals-inbox-${role}`);
    assertNoErrors(errors, `${role}'s console`);
    await context.close();
  }
  // The enterprise user is sent home from the inbox; 我的诉求 is its list.
  const { page, errors, context } = await t.open({ viewport: VIEWPORTS.phone });
  await loginAs(page, 'enterprise', errors);
  await page.goto('/appeals');
  await page.waitForURL(/\/enterprises\/\d+$/);
  await page.goto('/my-appeals');
  await settle(page);
  await page.locator('.my-appeal').first().waitFor();
  await fits(page, 'my appeals on a phone');
  await shot(page, 'my-appeals-phone');
  assertNoErrors(errors);
  await context.close();
});

test('the session list and page at 1366×768 and 390×844', async () => {
  for (const [size, viewport] of Object.entries(VIEWPORTS)) {
    const { page, errors, context } = await t.open({ viewport });
    await loginAs(page, 'leader', errors);
    await page.goto('/roundtables');
    await settle(page);
    await page.locator('.session-row', { hasText: session.title }).first().click();
    await page.waitForURL(`**/roundtables/${session.id}`);
    await settle(page);
    assert.match(await page.locator('main h1').innerText(), /鹊华观澜会（测试）第1期/);
    assert.match(await page.locator('.enterprises-card').innerText(), new RegExp(invited[2].name));
    assert.match(await page.locator('.people-card').innerText(), /王主任（示例）/);
    assert.match(await page.locator('.minutes-card').innerText(), /相关部门现场答复/);
    assert.equal(await page.locator('.record').count(), 0, 'a leader reads the session, does not record');
    await fits(page, `the session page at ${size}`);
    await shot(page, `roundtable-${size}`);
    assertNoErrors(errors);
    await context.close();
  }
});
