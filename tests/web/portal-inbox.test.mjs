// portal-inbox.test.mjs - the enterprise portal's 观澜会 pages on a 390×844 phone (only the
// sessions its enterprise was invited to; on a session only its own appeals, their answers
// and arrangements; no minutes; a staff link to a session lands in the portal), and the
// inbox tabs' count badges, equal to the API's list totals for each role, following a new
// appeal and the category filter.  Every wait is on a condition, never on a fixed time.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { VIEWPORTS, apiAs, assertNoErrors, horizontalOverflow, loginAs, settle, setup, shot } from './lib.mjs';

let t;
let officer;
let enterprise;

before(async () => {
  t = await setup();
  officer = await apiAs(t.base, 'officer');
  enterprise = await apiAs(t.base, 'enterprise');
});
after(async () => { await t?.teardown(); });

// Element Plus tags zoom in when they appear: a screenshot waits until no transition runs.
const still = (page) => page.waitForFunction(() => !document.querySelector('[class*="-enter-active"], [class*="-leave-active"]'));

const fits = async (page, what) => {
  const o = await horizontalOverflow(page);
  assert.ok(o.scrollWidth <= o.innerWidth, `${what}: page scrolls sideways (${o.scrollWidth} > ${o.innerWidth})`);
};

test('the enterprise sees its own sessions on a 390×844 phone, and only what it may', async () => {
  const mine = (await enterprise.call('GET', '/api/v1/roundtables?limit=200')).json;
  const all = (await officer.call('GET', '/api/v1/roundtables?limit=200')).json;
  assert.ok(mine.total >= 1, 'the demo enterprise was invited to a session');
  assert.ok(mine.total < all.total, 'and not to every session (else this test proves little)');

  const { page, errors, context } = await t.open({ viewport: VIEWPORTS.phone });
  await loginAs(page, 'enterprise', errors);
  // Through the phone menu, as a person would.
  await page.locator('.menu-btn').click();
  await page.locator('.drawer-menu .el-menu-item', { hasText: '观澜会' }).click();
  await page.waitForURL('**/my-sessions');
  await settle(page);
  await page.locator('.my-session').first().waitFor();
  const titles = (await page.locator('.my-session .m-title').allInnerTexts()).map((s) => s.trim());
  assert.deepEqual(titles, mine.items.map((r) => r.title), 'the sessions the API gives the enterprise, newest first');
  for (const r of all.items.filter((x) => !mine.items.some((m) => m.id === x.id))) {
    assert.equal(await page.locator(`.my-session[data-id="${r.id}"]`).count(), 0, `${r.title} is not its session`);
  }
  await fits(page, 'the session list on a phone');
  await still(page);
  await shot(page, 'my-sessions-phone');

  // The session of 2023-02-03 (第1期): its own appeals with answers and arrangements.
  const first = mine.items.find((r) => r.held_on === '2023-02-03') || mine.items[mine.items.length - 1];
  await page.locator(`.my-session[data-id="${first.id}"]`).click();
  await page.waitForURL(`**/my-sessions/${first.id}`);
  await settle(page);
  const seen = (await enterprise.call('GET', `/api/v1/roundtables/${first.id}`)).json;
  const full = (await officer.call('GET', `/api/v1/roundtables/${first.id}`)).json;
  await page.locator('.my-appeals-card').waitFor();
  assert.match(await page.locator('main h1').innerText(), new RegExp(first.title));
  const codes = await page.locator('.ms-appeal .code').allInnerTexts();
  assert.deepEqual(codes, seen.appeals.map((a) => a.code), 'every appeal of its own, in the API\'s order');
  assert.ok(seen.appeals.every((a) => a.enterprise_id === enterprise.user.enterprise_id));
  const text = await page.locator('main').innerText();
  for (const a of seen.appeals.filter((x) => x.answer)) assert.ok(text.includes(a.answer), `the answer of ${a.code}`);
  for (const x of seen.arrangements) assert.ok(text.includes(x.text), `the arrangement ${x.text}`);
  for (const a of full.appeals.filter((x) => x.enterprise_id !== enterprise.user.enterprise_id)) {
    assert.ok(!text.includes(a.code), `another enterprise's appeal ${a.code} is not shown`);
  }
  assert.equal(seen.minutes, null, 'the server withholds the minutes');
  if (full.minutes) assert.ok(!text.includes(full.minutes.slice(0, 12)), 'no minutes on the page');
  assert.equal(await page.locator('.minutes-card, .record, .edit-session, .add-arr').count(), 0, 'nothing to edit');
  assert.match(await page.locator('.my-attendance').innerText(), /本企业(已|未)到会/);
  await fits(page, 'the session page on a phone');
  await still(page);
  await shot(page, 'my-session-phone');

  // An appeal code opens the appeal page, within the portal's rights.
  if (seen.appeals.length) {
    await page.locator('.ms-appeal .code').first().click();
    await page.waitForURL(`**/appeals/${seen.appeals[0].id}`);
    await settle(page);
    await page.locator('.page-title .state-tag').waitFor();
  }

  // A staff link to a session (a search hit) lands in the portal; another's session is 404.
  await page.goto(`/roundtables/${first.id}`);
  await page.waitForURL(`**/my-sessions/${first.id}`);
  await settle(page);
  await page.locator('.my-appeals-card').waitFor();
  const other = all.items.find((x) => !mine.items.some((m) => m.id === x.id));
  if (other) {
    errors.allowHttp(404, `/api/v1/roundtables/${other.id}`);
    await page.goto(`/my-sessions/${other.id}`);
    await page.locator('.el-alert').waitFor();
    assert.equal(await page.locator('.my-appeals-card').count(), 0);
  }
  assertNoErrors(errors);
  await context.close();
});

test('the staff session pages are not the enterprise\'s: no menu entry, /roundtables leads to the portal', async () => {
  const { page, errors, context } = await t.open();
  await loginAs(page, 'enterprise', errors);
  const entries = (await page.locator('aside .el-menu-item').allInnerTexts()).map((s) => s.trim());
  assert.equal(entries.filter((e) => e === '观澜会').length, 1, 'one 观澜会 entry: the portal\'s');
  await page.goto('/roundtables');
  await page.waitForURL('**/my-sessions');
  await settle(page);
  await page.locator('.my-session').first().waitFor();
  assertNoErrors(errors);
  await context.close();
});

// The badges as the page shows them: view -> number.
async function badges(page) {
  const els = page.locator('.inbox-tabs .tab-count');
  await els.first().waitFor();
  const pairs = await els.evaluateAll((xs) => xs.map((x) => [x.dataset.view, Number(x.textContent.trim())]));
  return Object.fromEntries(pairs);
}

test('the inbox tabs carry counts equal to the lists, for each role, and follow changes and filters', async () => {
  const VIEWS = {
    admin: ['to_accept', 'to_handle', 'due_soon', 'overdue', 'supervised', 'all'],
    officer: ['to_accept', 'to_handle', 'due_soon', 'overdue', 'supervised', 'all'],
    handler: ['to_handle', 'to_accept', 'due_soon', 'overdue', 'supervised', 'all'],
    leader: ['overdue', 'due_soon', 'supervised', 'all'],
  };
  for (const [role, views] of Object.entries(VIEWS)) {
    const who = await apiAs(t.base, role);
    const { page, errors, context } = await t.open();
    await loginAs(page, role, errors);
    await page.goto('/appeals');
    await settle(page);
    const shown = await badges(page);
    assert.deepEqual(Object.keys(shown), views, `${role}: one badge per tab`);
    for (const v of views) {
      const list = (await who.call('GET', `/api/v1/appeals?limit=1${v === 'all' ? '' : `&view=${v}`}`)).json;
      assert.equal(shown[v], list.total, `${role}: the ${v} badge`);
    }
    // The open tab's badge is the total its pager shows.
    const active = await page.locator('.inbox-tabs .el-tabs__item.is-active .tab-count').getAttribute('data-view');
    if (shown[active] > 0) {
      assert.match(await page.locator('.pager .el-pagination__total').innerText(), new RegExp(`${shown[active]}`));
    }
    await shot(page, `inbox-badges-${role}`);
    assertNoErrors(errors, `${role}'s console`);
    await context.close();
  }

  // The officer's 待受理 grows by one when an enterprise submits, and shrinks with the
  // category filter exactly as the list does.
  const { page, errors, context } = await t.open({ viewport: VIEWPORTS.phone });
  await loginAs(page, 'officer', errors);
  await page.goto('/appeals');
  await settle(page);
  const before = await badges(page);
  const r = await enterprise.call('POST', '/api/v1/appeals', { category: 'talent', text: '人才公寓配套（浏览器测试）' });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  await page.reload();
  await page.locator(`.tab-count[data-view="to_accept"][data-count="${before.to_accept + 1}"]`).waitFor();
  await page.locator(`.tab-count[data-view="all"][data-count="${before.all + 1}"]`).waitFor();
  await fits(page, 'the inbox with badges on a phone');

  await page.goto('/appeals?category=talent');
  const talent = (await officer.call('GET', '/api/v1/appeals/inbox-counts?category=talent')).json.counts;
  await page.locator(`.tab-count[data-view="all"][data-count="${talent.all}"]`).waitFor();
  const filtered = await badges(page);
  for (const v of Object.keys(filtered)) {
    const list = (await officer.call('GET', `/api/v1/appeals?limit=1&category=talent${v === 'all' ? '' : `&view=${v}`}`)).json;
    assert.equal(filtered[v], list.total, `the ${v} badge under 人才引进`);
  }
  await shot(page, 'inbox-badges-phone');
  assertNoErrors(errors);
  await context.close();
});
