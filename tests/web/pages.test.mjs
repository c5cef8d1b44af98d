// pages.test.mjs - a walk through every page of the app, on a laptop and on a phone: each
// renders its content, fits the screen, and leaves nothing in the console.  A screenshot of
// each lands in tests/web/screenshots/ for people to look at.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { VIEWPORTS, apiAs, assertNoErrors, horizontalOverflow, loginAs, pick, settle, setup, shot } from './lib.mjs';

let t;
let byd;      // 比亚迪's enterprise id
let project;  // 比亚迪新能源乘用车项目（二期）
before(async () => {
  t = await setup();
  const officer = await apiAs(t.base, 'officer');
  byd = (await officer.call('GET', `/api/v1/enterprises?q=${encodeURIComponent('比亚迪')}`)).json.items[0];
  project = (await officer.call('GET', `/api/v1/projects?q=${encodeURIComponent('二期')}&enterprise=${byd.id}`)).json.items[0];
});
after(async () => { await t?.teardown(); });

// [screenshot name, path, text the page must show]
const OFFICER_PAGES = () => [
  ['enterprises', '/enterprises', '比亚迪股份有限公司'],
  ['enterprise', `/enterprises/${byd.id}`, '统一社会信用代码'],
  ['enterprise-edit', `/enterprises/${byd.id}/edit`, '编辑企业'],
  ['enterprise-new', '/enterprises/new', '新建企业'],
  ['project', `/projects/${project.id}`, project.code],
  ['project-edit', `/projects/${project.id}/edit`, '编辑项目'],
  ['project-new', '/projects/new', '新建项目'],
  ['account', '/account', '我的账号'],
  ['not-found', '/no/such/page', '页面不存在'],
];

for (const [name, viewport] of Object.entries(VIEWPORTS)) {
  test(`${viewport.width}×${viewport.height}: every officer page renders and fits`, async () => {
    const { page, errors } = await t.open({ viewport });
    await loginAs(page, 'officer', errors);
    for (const [shotName, path, text] of OFFICER_PAGES()) {
      await page.goto(path);
      await settle(page);
      await assert.doesNotReject(page.getByText(text).first().waitFor(), `${path} shows "${text}"`);
      const o = await horizontalOverflow(page);
      assert.ok(o.scrollWidth <= o.innerWidth, `${path}: page is ${o.scrollWidth}px wide in a ${o.innerWidth}px window`);
      await shot(page, `page-${shotName}-${name}`);
    }
    assertNoErrors(errors);
  });
}

test('admin: the user list pages through more users than fit on a page', async () => {
  const admin = await apiAs(t.base, 'admin');
  for (let i = 1; i <= 15; i++) {
    const r = await admin.call('POST', '/api/v1/users', { username: `viewer${i}`, display_name: `只读${i}`, role: 'viewer',
      password: 'viewer-password-1' });
    assert.equal(r.status, 201, JSON.stringify(r.json));
  }
  const { page, errors } = await t.open();
  await loginAs(page, 'admin', errors);
  await page.goto('/users?size=10');
  await settle(page);
  const rows = page.locator('main .el-table__body tr');
  const total = page.locator('.el-pagination__total');
  await assert.doesNotReject(total.filter({ hasText: '共 21 条' }).waitFor());
  assert.equal(await rows.count(), 10);
  await page.locator('.el-pager li', { hasText: /^3$/ }).click();
  await page.waitForURL((u) => u.searchParams.get('page') === '3');
  await settle(page);
  assert.equal(await rows.count(), 1, 'the third page holds the 21st user');
  await shot(page, 'page-users-paged');
  assertNoErrors(errors);
});

test('admin: a new user needs a name; a handler made an officer leaves their unit', async () => {
  const { page, errors } = await t.open();
  await loginAs(page, 'admin', errors);
  errors.allowHttp(422, '/api/v1/users');
  const dialog = page.getByRole('dialog');
  const item = (label) => dialog.locator('.el-form-item', { has: page.locator('label', { hasText: label }) });

  // New user without a display name: refused, the reason beside the field.
  await page.getByRole('button', { name: '新建用户' }).click();
  await item('用户名').locator('input').fill('newofficer');
  await item('密码').locator('input').fill('officer-password-1');
  await dialog.getByRole('button', { name: '保存' }).click();
  await assert.doesNotReject(item('姓名').locator('.el-form-item__error', { hasText: '必填' }).waitFor());
  await item('姓名').locator('input').fill('新专员');
  await dialog.getByRole('button', { name: '保存' }).click();
  await dialog.waitFor({ state: 'hidden' });
  const admin = await apiAs(t.base, 'admin');
  const users = async () => (await admin.call('GET', '/api/v1/users?limit=200')).json.items;
  const created = (await users()).find((u) => u.username === 'newofficer');
  assert.equal(created?.display_name, '新专员');
  assert.equal(created?.role, 'officer');

  // The demo handler becomes an officer: the unit goes with the old role.
  await page.locator('main .el-table__body tr', { hasText: '赵经办' }).getByRole('button', { name: '编辑' }).click();
  await pick(page, item('角色').locator('.el-select'), '招商专员');
  await dialog.getByRole('button', { name: '保存' }).click();
  await dialog.waitFor({ state: 'hidden' });
  const handler = (await users()).find((u) => u.username === 'handler');
  assert.equal(handler.role, 'officer');
  assert.deepEqual(handler.unit_ids, []);
  assertNoErrors(errors);
});
