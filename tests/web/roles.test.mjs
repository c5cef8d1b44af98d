// roles.test.mjs - each demo user logs in and sees what their role allows: the side menu,
// the page they start on, and nothing they may not see when they type a URL.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { apiAs, assertNoErrors, loginAs, menuEntries, settle, setup, shot } from './lib.mjs';

let t;
before(async () => { t = await setup(); });
after(async () => { await t?.teardown(); });

// One logged-in browser context per role, made on first use and shared by the tests below
// (each test goes back to the role's home page first).
const sessions = {};
async function as(role) {
  if (!sessions[role]) {
    const s = await t.open();
    await loginAs(s.page, role, s.errors);
    sessions[role] = s;
  } else {
    await sessions[role].page.goto('/');
    await settle(sessions[role].page);
  }
  return sessions[role];
}

const heading = (page) => page.locator('main h1');
const pagerTotal = async (page) => Number((await page.locator('.el-pagination__total').innerText()).replace(/\D/g, ''));

// role -> side menu (in order) and the heading of its home page.
const ROLE_VIEW = {
  leader: { menu: ['驾驶舱', '项目库', '红黄预警', '制约问题', '专班', '诉求办理', '观澜会', '企业库'], title: '驾驶舱' },
  viewer: { menu: ['驾驶舱'], title: '驾驶舱' },
  officer: { menu: ['驾驶舱', '项目库', '红黄预警', '制约问题', '专班', '诉求办理', '观澜会', '企业库', '数据导入'], title: '项目库' },
  handler: { menu: ['驾驶舱', '本单位项目', '红黄预警', '制约问题', '专班', '诉求办理', '观澜会'], title: '本单位项目' },
  enterprise: { menu: ['本企业', '我的诉求', '观澜会'], title: '比亚迪股份有限公司' },
  admin: { menu: ['驾驶舱', '项目库', '红黄预警', '制约问题', '专班', '诉求办理', '观澜会', '企业库', '用户管理', '工作日历', '预警设置', '数据导入'], title: '用户管理' },
};

for (const [role, want] of Object.entries(ROLE_VIEW)) {
  test(`${role}: menu and home page`, async () => {
    const { page, errors } = await as(role);
    assert.deepEqual(await menuEntries(page), want.menu, `${role}'s menu`);
    await assert.doesNotReject(heading(page).filter({ hasText: want.title }).waitFor(), `${role}'s home page`);
    if (want.title === '驾驶舱') await assert.doesNotReject(page.locator('.stat', { hasText: '400亿元' }).waitFor());
    await shot(page, `home-${role}`);
    assertNoErrors(errors);
  });
}

test('officer: the project library lists every project', async () => {
  const { page, errors } = await as('officer');
  const all = (await apiAs(t.base, 'officer')).call('GET', '/api/v1/projects?limit=1');
  assert.equal(await pagerTotal(page), (await all).json.total);
  await assert.doesNotReject(page.getByRole('button', { name: '新建项目' }).waitFor());
  assertNoErrors(errors);
});

test('handler: only the projects of their unit (经济发展局)', async () => {
  const { page, errors } = await as('handler');
  await assert.doesNotReject(page.locator('main .sub').filter({ hasText: '本单位：经济发展局' }).waitFor());
  // What the handler's own session may list, and what an officer sees.
  const mine = await page.evaluate(async () => (await fetch('/api/v1/projects?limit=200')).json());
  const officer = await apiAs(t.base, 'officer');
  const everything = (await officer.call('GET', '/api/v1/projects?limit=200')).json;
  assert.ok(mine.total > 0 && mine.total < everything.total, `handler sees ${mine.total} of ${everything.total}`);
  assert.ok(mine.items.every((p) => p.unit_id === 3), 'every project the handler sees is unit 3\'s');
  assert.equal(await pagerTotal(page), mine.total, 'the list shows the unit\'s projects');
  const shown = await page.locator('main .el-table__body tr td:first-child').allInnerTexts();
  const codes = new Set(mine.items.map((p) => p.code));
  assert.ok(shown.length > 0 && shown.every((c) => codes.has(c.trim())), `rows: ${shown.join(', ')}`);
  // Another unit's project is not there.
  const foreign = everything.items.find((p) => p.unit_id !== 3);
  assert.ok(!shown.includes(foreign.code));
  // Handlers do not edit projects.
  assert.equal(await page.getByRole('button', { name: '新建项目' }).count(), 0);
  assertNoErrors(errors);
});

test('enterprise: their own enterprise (比亚迪) and its projects', async () => {
  const { page, errors } = await as('enterprise');
  const byd = (await page.evaluate(async () => (await fetch('/api/v1/auth/me')).json())).user.enterprise_id;
  assert.equal(new URL(page.url()).pathname, `/enterprises/${byd}`);
  await assert.doesNotReject(page.locator('main .el-table').filter({ hasText: '比亚迪新能源乘用车项目（二期）' }).waitFor());
  // No edit or delete buttons for an enterprise user.
  assert.equal(await page.getByRole('button', { name: '编辑' }).count(), 0);
  assert.equal(await page.getByRole('button', { name: '删除' }).count(), 0);
  assertNoErrors(errors);
});

test('admin: user administration lists the six demo users', async () => {
  const { page, errors } = await as('admin');
  assert.equal(await pagerTotal(page), 6);
  const names = (await page.locator('main .el-table__body tr td:first-child').allInnerTexts()).map((s) => s.trim());
  assert.deepEqual(names.sort(), ['admin', 'enterprise', 'handler', 'leader', 'officer', 'viewer']);
  // The enterprise user's scope is shown by name.
  await assert.doesNotReject(page.locator('main .el-table__body tr', { hasText: 'enterprise' })
    .filter({ hasText: '比亚迪股份有限公司' }).waitFor());
  // The edit dialog holds the user's role and unit.
  await page.locator('main .el-table__body tr', { hasText: 'handler' }).getByRole('button', { name: '编辑' }).click();
  const dialog = page.getByRole('dialog', { name: '编辑用户 handler' });
  await assert.doesNotReject(dialog.waitFor());
  await assert.doesNotReject(dialog.locator('.el-select__tags-text, .el-tag', { hasText: '经济发展局' }).first().waitFor());
  await shot(page, 'users-edit-dialog');
  await dialog.getByRole('button', { name: '取消' }).click();
  assertNoErrors(errors);
});

test('viewer: typing /enterprises shows no enterprise data', async () => {
  const { page, errors } = await as('viewer');
  const enterpriseCalls = [];
  const record = (r) => { if (r.url().includes('/api/v1/enterprises')) enterpriseCalls.push(r.url()); };
  page.on('request', record);
  await page.goto('/enterprises');
  await settle(page);
  assert.notEqual(new URL(page.url()).pathname, '/enterprises', 'the viewer is not left on the enterprise list');
  assert.equal(await page.getByText('比亚迪').count(), 0, 'no enterprise name on the page');
  assert.deepEqual(enterpriseCalls, [], 'the app asked nothing about enterprises');
  page.off('request', record);
  // And the server refuses anyway.
  errors.allowHttp(403, '/api/v1/enterprises');
  const status = await page.evaluate(async () => (await fetch('/api/v1/enterprises')).status);
  assert.equal(status, 403);
  await shot(page, 'viewer-enterprises');
  assertNoErrors(errors);
});

test('enterprise: another enterprise\'s page is not found', async () => {
  const officer = await apiAs(t.base, 'officer');
  const other = (await officer.call('GET', '/api/v1/enterprises?q=京东')).json.items[0];
  assert.ok(other, 'the demo has 京东');
  const { page, errors } = await as('enterprise');
  errors.allowHttp(404, `/api/v1/enterprises/${other.id}`);
  await page.goto(`/enterprises/${other.id}`);
  await settle(page);
  await assert.doesNotReject(page.getByText('记录不存在或已被删除').waitFor());
  assert.equal(await page.getByText(other.name).count(), 0, 'nothing of the other enterprise is shown');
  assert.equal(await page.locator('main .el-descriptions').count(), 0);
  assert.equal(await page.getByText('企业项目').count(), 0, 'no project list for it either');
  assert.equal(await page.getByRole('button', { name: '重试' }).count(), 0, 'retrying would not help');
  await shot(page, 'enterprise-other-not-found');
  assertNoErrors(errors);
});
