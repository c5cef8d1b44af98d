// dashboard.test.mjs - the 驾驶舱 figures from the report, the demo's 2023 targets, and the
// dashboard and project list on a laptop (1366×768) and a phone (390×844): nothing wider than
// the screen, no errors.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { VIEWPORTS, assertNoErrors, horizontalOverflow, loginAs, pick, settle, setup, shot } from './lib.mjs';

let t;
before(async () => { t = await setup(); });
after(async () => { await t?.teardown(); });

// The stat card titled `title`: its amount and its count, as shown.
async function card(page, title) {
  const c = page.locator('.stat', { hasText: title });
  await c.waitFor();
  return { amount: (await c.locator('.amount').innerText()).trim(), count: (await c.locator('.count').innerText()).trim() };
}

test('the dashboard shows 36 signed industrial projects, 400亿元, and 3,128.5亿元 signed in all', async () => {
  const { page, errors } = await t.open();
  await loginAs(page, 'leader', errors);
  // The page is served under a strict CSP, so "no violations" below means something.
  const doc = await page.goto('/dashboard');
  assert.match(doc.headers()['content-security-policy'] || '', /script-src 'self'(;|$)/);
  assert.deepEqual(await card(page, '签约产业类项目'), { amount: '400亿元', count: '36个项目' });
  assert.deepEqual(await card(page, '累计签约项目'), { amount: '3,128.5亿元', count: '49个项目' });
  // The three charts of the figures, and the statistics chart below them, drew something.
  await page.locator('.stats canvas').waitFor();
  assert.equal(await page.locator('main canvas').count(), 4, 'four charts');
  // How a figure is counted is on its card.
  await page.locator('.stat', { hasText: '签约产业类项目' }).hover();
  await assert.doesNotReject(page.locator('.definition-tip').filter({ hasText: /产业/ }).waitFor());
  assertNoErrors(errors);
});

// Choose the option `text` of an Element Plus select, and wait until its list has closed.

test('the demo\'s 2023 targets show their progress (docs/demo.md)', async () => {
  const { page, errors } = await t.open();
  await loginAs(page, 'leader', errors);
  const card = page.locator('.targets');
  await card.waitFor();
  await pick(page, card.locator('.el-select'), /^2023年$/);
  const target = (m) => card.locator(`.target[data-measure="${m}"]`);
  await target('signed_projects').waitFor();
  const signed = await target('signed_projects').innerText();
  assert.match(signed, /10个项目 \/ 12个项目/);
  assert.match(signed, /83\.3%/);
  assert.match(await target('started').innerText(), /7个项目 \/ 8个项目[\s\S]*87\.5%/);
  // Over 100%: the bar is full and shows a tick instead of the figure.
  assert.match(await target('signed_amount').innerText(), /167亿元 \/ 150亿元/);
  assert.match(await target('funds').innerText(), /97\.0%/);
  assert.match(await card.locator('.units summary').innerText(), /各单位目标（8项）/);
  assertNoErrors(errors);
});

for (const [name, viewport] of Object.entries(VIEWPORTS)) {
  test(`${viewport.width}×${viewport.height}: dashboard and project list fit the screen`, async () => {
    const { page, errors } = await t.open({ viewport });
    await loginAs(page, 'leader', errors);
    await page.locator('main canvas').first().waitFor();
    await settle(page);
    let o = await horizontalOverflow(page);
    assert.ok(o.scrollWidth <= o.innerWidth, `dashboard: page is ${o.scrollWidth}px wide in a ${o.innerWidth}px window`);
    await shot(page, `dashboard-${name}`);

    await page.goto('/projects');
    await settle(page);
    await page.getByText('比亚迪新能源乘用车项目（二期）').first().waitFor();
    o = await horizontalOverflow(page);
    assert.ok(o.scrollWidth <= o.innerWidth, `project list: page is ${o.scrollWidth}px wide in a ${o.innerWidth}px window`);
    await shot(page, `projects-${name}`);

    if (name === 'phone') {
      // The side menu becomes a drawer behind the menu button.
      assert.equal(await page.locator('aside').count(), 0, 'no side menu on a phone');
      await page.getByRole('button', { name: '菜单' }).click();
      const drawer = page.locator('.el-drawer');
      await drawer.getByText('驾驶舱').waitFor();
      assert.deepEqual((await drawer.locator('.el-menu-item').allInnerTexts()).map((s) => s.trim()),
        ['驾驶舱', '项目库', '红黄预警', '制约问题', '专班', '诉求办理', '观澜会', '企业库']);
      await shot(page, 'menu-phone');
    }
    assertNoErrors(errors);
  });
}
