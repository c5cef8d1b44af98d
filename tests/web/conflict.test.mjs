// conflict.test.mjs - one officer edits the same project in two tabs.  The second save meets
// 409 version_conflict: the app says what happened, keeps the user's edit, offers to load
// the latest version and compare, and saving again keeps both people's work.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { apiAs, assertNoErrors, loginAs, settle, setup, shot } from './lib.mjs';

let t;
before(async () => { t = await setup(); });
after(async () => { await t?.teardown(); });

const field = (page, label) => page.locator('main .el-form-item', { has: page.locator('label', { hasText: label }) });

test('editing a project in two tabs: the conflict is explained, the edit is not lost', async () => {
  const officer = await apiAs(t.base, 'officer');
  const project = (await officer.call('GET', `/api/v1/projects?q=${encodeURIComponent('黄河卫星')}`)).json.items[0];
  assert.ok(project, 'the demo has 黄河卫星项目');
  const edit = `/projects/${project.id}/edit`;

  // Two tabs of one browser: the same session.
  const { context, page: first, errors } = await t.open();
  await loginAs(first, 'officer', errors);
  const second = await context.newPage();
  for (const page of [first, second]) {
    await page.goto(edit);
    await settle(page);
    assert.equal(await field(page, '项目名称').locator('input').inputValue(), project.name);
  }

  // Tab 1 renames the project and saves.
  const theirName = `${project.name}（第一个标签页）`;
  await field(first, '项目名称').locator('input').fill(theirName);
  await first.getByRole('button', { name: '保存' }).click();
  await first.waitForURL(new RegExp(`/projects/${project.id}$`));

  // Tab 2, still showing the old version, renames it too and sets the leader in charge.
  errors.allowHttp(409, `/api/v1/projects/${project.id}`);
  const myName = `${project.name}（第二个标签页）`;
  await field(second, '项目名称').locator('input').fill(myName);
  await field(second, '包挂领导').locator('input').fill('第二个标签页的领导');
  const answer = second.waitForResponse((r) => r.url().endsWith(`/api/v1/projects/${project.id}`) && r.request().method() === 'PATCH');
  await second.getByRole('button', { name: '保存' }).click();
  const conflict = await answer;
  assert.equal(conflict.status(), 409);
  assert.equal((await conflict.json()).error.code, 'version_conflict');

  // Explained, and nothing typed is lost.
  const alert = second.locator('.el-alert--warning', { hasText: '此记录已被他人修改' });
  await assert.doesNotReject(alert.waitFor());
  await assert.doesNotReject(alert.getByText('您填写的内容仍保留在下方表单中').waitFor());
  assert.equal(new URL(second.url()).pathname, edit, 'still on the form');
  assert.equal(await field(second, '项目名称').locator('input').inputValue(), myName);
  assert.equal(await field(second, '包挂领导').locator('input').inputValue(), '第二个标签页的领导');
  await shot(second, 'conflict-409');

  // Reload and compare: their name beside mine; my input still in the form.
  await alert.getByRole('button', { name: '载入最新版本并对照' }).click();
  const diffs = second.locator('.conflict .el-table');
  const nameRow = diffs.locator('tr', { hasText: '项目名称' });
  await assert.doesNotReject(nameRow.waitFor());
  assert.ok((await nameRow.innerText()).includes(theirName), 'their value is shown');
  assert.ok((await nameRow.innerText()).includes(myName), 'my value is shown');
  assert.equal(await field(second, '项目名称').locator('input').inputValue(), myName);
  await shot(second, 'conflict-compare');

  // Take their name, keep my leader, save: both edits survive.
  await nameRow.getByRole('button', { name: '采用他人的值' }).click();
  assert.equal(await field(second, '项目名称').locator('input').inputValue(), theirName);
  await second.getByRole('button', { name: '保存' }).click();
  await second.waitForURL(new RegExp(`/projects/${project.id}$`));
  const now = (await officer.call('GET', `/api/v1/projects/${project.id}`)).json;
  assert.equal(now.name, theirName);
  assert.equal(now.leader, '第二个标签页的领导');
  assert.equal(now.version, project.version + 2);
  assertNoErrors(errors);
});
