// enterprise-form.test.mjs - registering an enterprise with a bad unified social credit code
// (GB 32100-2015).  A wrong check character is saved with a warning shown at the code; a
// malformed code (wrong length, letter I) is refused (422) with the reason beside the field.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { creditCode, withWrongCheck } from '../api/helpers.mjs';
import { apiAs, assertNoErrors, loginAs, settle, setup, shot } from './lib.mjs';

let t;
before(async () => { t = await setup(); });
after(async () => { await t?.teardown(); });

const field = (page, label) => page.locator('main .el-form-item', { has: page.locator('label', { hasText: label }) });

// Open the new-enterprise form as an officer and fill in a name and a credit code.
async function newEnterprise(page, name, code) {
  await page.goto('/enterprises/new');
  await settle(page);
  await field(page, '企业名称').locator('input').fill(name);
  await field(page, '统一社会信用代码').locator('input').fill(code);
}

test('a wrong check character is saved, with the warning at the credit code', async () => {
  const { page, errors } = await t.open();
  await loginAs(page, 'officer', errors);
  const good = creditCode('91370100MA3C0000');
  const code = withWrongCheck(good);
  await newEnterprise(page, '校验位测试企业', code);
  await page.getByRole('button', { name: '保存' }).click();
  await page.waitForURL(/\/enterprises\/\d+$/);
  await settle(page);
  // The record page: the saved code, and the warning beside it and at the top.
  const cell = page.locator('.el-descriptions__cell.is-bordered-content', { hasText: code });
  await assert.doesNotReject(cell.getByText('校验位（第18位）不正确').waitFor(), 'the warning is at the code');
  await assert.doesNotReject(page.locator('.el-alert--warning', { hasText: '已保存，但统一社会信用代码校验位不符' }).waitFor());
  await shot(page, 'enterprise-check-warning');
  // It really was saved, with that code.
  const id = new URL(page.url()).pathname.split('/').pop();
  const saved = await (await apiAs(t.base, 'officer')).call('GET', `/api/v1/enterprises/${id}`);
  assert.equal(saved.json.credit_code, code);
  assertNoErrors(errors);
});

const MALFORMED = [
  { what: 'wrong length (17 characters)', code: creditCode('91370100MA3C0001').slice(0, 17), says: '应为 18 位' },
  { what: 'the letter I', code: 'I' + creditCode('91370100MA3C0002').slice(1), says: '只能包含数字和大写字母（不含 I、O、S、V、Z）' },
];

for (const m of MALFORMED) {
  test(`a malformed credit code (${m.what}) is refused beside the field`, async () => {
    const { page, errors } = await t.open();
    await loginAs(page, 'officer', errors);
    errors.allowHttp(422, '/api/v1/enterprises');
    const officer = await apiAs(t.base, 'officer');
    const before = (await officer.call('GET', '/api/v1/enterprises?limit=1')).json.total;
    await newEnterprise(page, `格式错误测试企业${m.code.length}`, m.code);
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/enterprises') && r.request().method() === 'POST');
    await page.getByRole('button', { name: '保存' }).click();
    assert.equal((await answer).status(), 422);
    const error = field(page, '统一社会信用代码').locator('.el-form-item__error');
    await assert.doesNotReject(error.filter({ hasText: m.says }).waitFor(), `the field says "${m.says}"`);
    // Still on the form, with what was typed; nothing was created.
    assert.equal(new URL(page.url()).pathname, '/enterprises/new');
    assert.equal(await field(page, '统一社会信用代码').locator('input').inputValue(), m.code);
    assert.equal((await officer.call('GET', '/api/v1/enterprises?limit=1')).json.total, before);
    await shot(page, `enterprise-malformed-${m.code.length === 17 ? 'length' : 'letter-i'}`);
    assertNoErrors(errors);
  });
}
