// search-import.test.mjs - the header's search box and the results page (traditional and
// full-width queries marked in the hits, a handler's scope equal to the API's), and the
// import page: an officer's CSV with one bad credit code (problem at its row and column,
// 导入 disabled), the fixed file checked clean and imported, and imported again unchanged;
// a 12345 ticket ledger (诉求) with one bad unit, fixed and imported, checked in the API.
// Both pages at 1366×768 and 390×844.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { VIEWPORTS, apiAs, assertNoErrors, horizontalOverflow, loginAs, settle, setup, shot } from './lib.mjs';

let t;
let bydId; // an enterprise with BYD in its name (the demo writes 比亚迪 only)
before(async () => {
  t = await setup();
  const officer = await apiAs(t.base, 'officer');
  const r = await officer.call('POST', '/api/v1/enterprises', { name: 'BYD比亚迪（济南）测试有限公司', credit_code: creditCode('31415926') });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  bydId = r.json.id;
});
after(async () => { await t?.teardown(); });

// Type into the header's box (opening it first on a phone) and press Enter.
async function searchFromHeader(page, q) {
  const icon = page.locator('.header-search .search-icon');
  if (await icon.isVisible()) await icon.click();
  const box = page.locator('.header-search input');
  await box.fill(q);
  await box.press('Enter');
  await page.waitForURL((u) => u.pathname === '/search' && u.searchParams.get('q') === q);
  await settle(page);
  await page.locator('.group, .el-empty').first().waitFor();
}

// What the page lists: [type, id] of every hit in order, per group.
async function listed(page) {
  return page.locator('.group').evaluateAll((gs) => gs.map((g) => [g.dataset.group,
    [...g.querySelectorAll('.hit')].map((h) => Number(h.dataset.id))]));
}

test('比亞迪 and ＢＹＤ typed in the header find 比亚迪 with the matched characters marked', async () => {
  const officer = await apiAs(t.base, 'officer');
  const { page, errors } = await t.open();
  await loginAs(page, 'officer', errors);

  await searchFromHeader(page, '比亞迪');
  const api = (await officer.call('GET', `/api/v1/search?q=${encodeURIComponent('比亞迪')}&limit=10`)).json;
  assert.equal(api.normalised, '比亚迪');
  const ent = api.groups.find((g) => g.type === 'enterprise');
  assert.ok(ent && ent.items.length, 'the API finds an enterprise');
  const first = page.locator('.group[data-group="enterprise"] .hit').first();
  assert.equal(Number(await first.getAttribute('data-id')), ent.items[0].id);
  assert.equal(await first.locator('.h-title mark').first().innerText(), '比亚迪');
  assert.match(await first.locator('.h-title').innerText(), /比亚迪/);
  assert.equal(await first.locator('a.h-link').getAttribute('href'), `/enterprises/${ent.items[0].id}`);
  // The counts per type equal the API's; a type with no hit has no group on the page.
  for (const g of api.groups) {
    assert.match(await page.locator(`.type-tag[data-type="${g.type}"]`).innerText(), new RegExp(`${g.count}`));
    if (g.count === 0) {
      assert.equal(await page.locator(`.group[data-group="${g.type}"]`).count(), 0);
      continue;
    }
    assert.match(await page.locator(`.group[data-group="${g.type}"] .g-count`).innerText(), new RegExp(`^${g.count}`));
  }
  assert.ok(await page.locator('.group[data-group="enterprise"] .g-title', { hasText: '企业' }).count());
  assert.ok(await page.locator('.group[data-group="project"] .g-title', { hasText: '项目' }).count());
  await shot(page, 'search-desktop');

  // The type filter: projects only, and the hit opens its record.
  await page.locator('.type-tag[data-type="project"]').click();
  await page.waitForURL((u) => u.searchParams.get('type') === 'project');
  await settle(page);
  assert.equal(await page.locator('.group').count(), 1);
  assert.equal(await page.locator('.group[data-group="project"]').count(), 1);

  await searchFromHeader(page, 'ＢＹＤ');
  const byd = (await officer.call('GET', `/api/v1/search?q=${encodeURIComponent('ＢＹＤ')}&limit=10`)).json;
  assert.equal(byd.normalised, 'byd');
  const hit = byd.groups.find((g) => g.type === 'enterprise').items[0];
  assert.equal(hit.id, bydId);
  const el = page.locator(`.group[data-group="${hit.type}"] .hit`).first();
  assert.equal(Number(await el.getAttribute('data-id')), hit.id);
  const marks = (await el.locator('mark').allInnerTexts()).map((s) => s.toLowerCase());
  assert.ok(marks.includes('byd'), `a mark shows byd: ${marks}`);
  assertNoErrors(errors);
});

test('a handler sees only its scope, exactly what the API gives it', async () => {
  const officer = await apiAs(t.base, 'officer');
  const handler = await apiAs(t.base, 'handler');
  const q = async (who, s) => (await who.call('GET', `/api/v1/search?q=${encodeURIComponent(s)}&limit=10`)).json;
  let word;
  let mine;
  for (const s of ['济南', '项目', '有限公司', '比亚迪', '新能源', '产业园']) {
    const [a, b] = [await q(officer, s), await q(handler, s)];
    if (b.total > 0 && b.total < a.total) { word = s; mine = b; break; }
  }
  assert.ok(word, 'some word the handler finds less of than the officer');
  const { page, errors } = await t.open();
  await loginAs(page, 'handler', errors);
  await searchFromHeader(page, word);
  const want = mine.groups.filter((g) => g.items.length).map((g) => [g.type, g.items.map((i) => i.id)]);
  assert.deepEqual(await listed(page), want);
  assert.match(await page.locator('.page-title .sub').innerText(), new RegExp(`共 ${mine.total} 条`));
  assertNoErrors(errors);
});

test('a viewer has no search box and is sent away from /search', async () => {
  const { page, errors } = await t.open();
  await loginAs(page, 'viewer', errors);
  assert.equal(await page.locator('.header-search').count(), 0);
  await page.goto('/search?q=比亚迪');
  await page.waitForURL((u) => u.pathname === '/dashboard');
  assertNoErrors(errors);
});

// ---- import --------------------------------------------------------------------------

// A valid 统一社会信用代码 (GB 32100-2015) from 91370100 and an eight-digit body.
const ALPHA = '0123456789ABCDEFGHJKLMNPQRTUWXY';
function creditCode(body8) {
  const org = [3, 7, 9, 10, 5, 8, 4, 2].reduce((s, w, i) => s + w * Number(body8[i]), 0);
  const c = 11 - (org % 11);
  const head = `91370100${body8}${c === 10 ? 'X' : c === 11 ? '0' : String(c)}`;
  const W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const sum = W.reduce((s, w, i) => s + w * ALPHA.indexOf(head[i]), 0);
  return head + ALPHA[(31 - (sum % 31)) % 31];
}
function wrongCheck(code) {
  const i = ALPHA.indexOf(code[17]);
  return code.slice(0, 17) + ALPHA[(i + 1) % 31];
}

test('an officer checks a CSV, sees the bad credit code at its row and column, fixes it, imports, imports again', async () => {
  const codes = ['58203716', '60417235', '73920451'].map(creditCode);
  const header = '企业名称,统一社会信用代码,注册地址';
  const lines = [['测试导入企业甲', codes[0]], ['测试导入企业乙', codes[1]], ['测试导入企业丙', codes[2]]];
  const bad = [header, ...lines.map(([n, c], i) => `${n},${i === 1 ? wrongCheck(c) : c},济南市起步区`)].join('\r\n') + '\r\n';
  const good = [header, ...lines.map(([n, c]) => `${n},${c},济南市起步区`)].join('\r\n') + '\r\n';
  const badPath = join(t.server.dir, 'bad.csv');
  const goodPath = join(t.server.dir, 'good.csv');
  writeFileSync(badPath, bad);
  writeFileSync(goodPath, '\uFEFF' + good);

  const { page, errors } = await t.open();
  await loginAs(page, 'officer', errors);
  await page.locator('aside .el-menu-item', { hasText: '数据导入' }).click();
  await page.waitForURL('**/import');
  const dry = page.locator('.dry-btn');
  const run = page.locator('.run-btn');
  assert.ok(await dry.isDisabled(), 'no file, no check');
  await page.locator('input[type=file]').setInputFiles(badPath);
  assert.ok(await run.isDisabled(), '导入 waits for a clean check');
  await dry.click();
  await page.locator('.report').waitFor();
  const problem = page.locator('.problem-table .problem-row', { hasText: '错误' });
  assert.equal(await problem.count(), 1, 'one error');
  assert.equal(await problem.locator('.p-row').innerText(), '3');
  assert.equal(await problem.locator('.p-col').innerText(), 'B');
  assert.equal(await problem.locator('.p-header').innerText(), '统一社会信用代码');
  assert.equal(await page.locator('.stat[data-key="rejected"] .v').innerText(), '1');
  assert.equal(await page.locator('.stat[data-key="inserted"] .v').innerText(), '2');
  assert.ok(await run.isDisabled(), '导入 stays disabled after a dry run with an error');
  assert.equal(await page.locator('.row-table .r-act[data-action="rejected"]').count(), 1);
  await shot(page, 'import-problems-desktop');

  // The fixed file (with a BOM, as Excel writes it).
  await page.locator('input[type=file]').setInputFiles(goodPath);
  assert.equal(await page.locator('.report').count(), 0, 'a new file clears the old report');
  await dry.click();
  await page.locator('.report[data-dry="true"]').waitFor();
  await page.locator('.el-alert__title', { hasText: '预检通过：' }).waitFor(); // not the button's hint 预检通过后才能导入
  assert.equal(await page.locator('.stat[data-key="inserted"] .v').innerText(), '3');
  assert.equal(await page.locator('.problem-table .problem-row', { hasText: '错误' }).count(), 0);
  assert.ok(await run.isEnabled(), '导入 after a clean check');
  await run.click();
  await page.locator('.el-message-box').getByRole('button', { name: '导入' }).click();
  await page.locator('.report[data-committed="true"]').waitFor();
  assert.equal(await page.locator('.stat[data-key="inserted"] .v').innerText(), '3');
  assert.equal(await page.locator('.row-table a').count(), 3, 'each inserted row links to its record');
  assert.ok(await run.isDisabled(), 'a second real run needs another check');

  // They are in the database: the API finds them by credit code.
  const officer = await apiAs(t.base, 'officer');
  const s = (await officer.call('GET', `/api/v1/search?q=${codes[2]}&type=enterprise`)).json;
  assert.equal(s.groups[0].items[0].name, '测试导入企业丙');
  assert.equal(s.groups[0].items[0].exact, true);

  // Again: checked, then imported, and nothing changes.
  await dry.click();
  await page.locator('.report[data-dry="true"]').waitFor();
  assert.equal(await page.locator('.stat[data-key="unchanged"] .v').innerText(), '3');
  await run.click();
  await page.locator('.el-message-box').getByRole('button', { name: '导入' }).click();
  await page.locator('.report[data-committed="true"]').waitFor();
  assert.equal(await page.locator('.stat[data-key="unchanged"] .v').innerText(), '3');
  assert.equal(await page.locator('.stat[data-key="inserted"] .v').innerText(), '0');
  await shot(page, 'import-done-desktop');
  assertNoErrors(errors);
});

// Appeals (诉求): the third choice.  A 12345 ledger whose enterprise is written in traditional
// characters, with one unknown 承办单位 (shown at its row and column); fixed, imported, and the
// appeals are in the API with the states the ledger gives them.
test('an officer imports a 12345 ticket ledger: chooses 诉求, sees the bad unit at its cell, fixes it, imports', async () => {
  const officer = await apiAs(t.base, 'officer');
  const ent = await officer.call('POST', '/api/v1/enterprises', { name: '观澜导入诉求测试汽车有限公司' });
  assert.equal(ent.status, 201, JSON.stringify(ent.json));
  const header = '工单号,企业名称,诉求内容,提交时间,受理时间,承办单位,协办单位,办理状态,答复内容,答复时间,满意度';
  const rows = [
    ['12345-2024-9901', '觀瀾導入訴求測試汽車有限公司', '申请贷款贴息', '2024-03-01', '2024-03-04', '经济发展局', '财政金融局', '已办结', '贴息已兑现', '2024-03-20', '满意'],
    ['12345-2024-9902', '观澜导入诉求测试汽车有限公司', '施工许可办理', '2024-03-05', '2024-03-05', '不存在的局', '', '办理中', '', '', ''],
    ['12345-2024-9903', '观澜导入诉求测试汽车有限公司', '咨询人才公寓', '2024-03-06', '', '', '', '待受理', '', '', ''],
  ];
  const csv = (rs) => [header, ...rs.map((r) => r.join(','))].join('\r\n') + '\r\n';
  const badPath = join(t.server.dir, 'appeals-bad.csv');
  const goodPath = join(t.server.dir, 'appeals-good.csv');
  writeFileSync(badPath, csv(rows));
  rows[1][5] = '建设管理局';
  writeFileSync(goodPath, csv(rows));

  const { page, errors } = await t.open();
  await loginAs(page, 'officer', errors);
  await page.goto('/import');
  await settle(page);
  await page.locator('.kind .el-radio-button', { hasText: '诉求' }).click();
  await page.locator('.appeals-hint').waitFor();
  await page.locator('input[type=file]').setInputFiles(badPath);
  const run = page.locator('.run-btn');
  await page.locator('.dry-btn').click();
  await page.locator('.report').waitFor();
  const problem = page.locator('.problem-table .problem-row', { hasText: '错误' });
  assert.equal(await problem.count(), 1, 'one error');
  assert.equal(await problem.locator('.p-row').innerText(), '3');
  assert.equal(await problem.locator('.p-col').innerText(), 'F');
  assert.equal(await problem.locator('.p-header').innerText(), '承办单位');
  assert.equal(await problem.locator('.p-msg').innerText(), '“不存在的局”不是已知的承办单位');
  assert.equal(await page.locator('.stat[data-key="rejected"] .v').innerText(), '1');
  assert.equal(await page.locator('.stat[data-key="inserted"] .v').innerText(), '2');
  assert.ok(await run.isDisabled(), '导入 waits for a clean check');

  await page.locator('input[type=file]').setInputFiles(goodPath);
  await page.locator('.dry-btn').click();
  await page.locator('.report[data-dry="true"]').waitFor();
  await page.locator('.el-alert__title', { hasText: '预检通过：' }).waitFor(); // not the button's hint 预检通过后才能导入
  assert.ok(await run.isEnabled());
  await run.click();
  await page.locator('.el-message-box').getByRole('button', { name: '导入' }).click();
  await page.locator('.report[data-committed="true"]').waitFor();
  for (const [k, v] of [['inserted', '3'], ['updated', '0'], ['unchanged', '0'], ['rejected', '0']])
    assert.equal(await page.locator(`.stat[data-key="${k}"] .v`).innerText(), v, k);
  const links = await page.locator('.row-table a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.equal(links.length, 3, 'each new appeal links to its page');
  await page.locator('.el-message-box').waitFor({ state: 'hidden' });
  await shot(page, 'import-appeals-desktop');

  // In the API: the right enterprise (the traditional name found it), states and units.
  const got = [];
  for (const href of links) {
    assert.match(href, /^\/appeals\/\d+$/);
    const a = (await officer.call('GET', `/api/v1${href}`)).json;
    got.push([a.external_id, a.enterprise_id, a.state, a.lead_unit_name, a.units.filter((u) => u.role === 'co').map((u) => u.name)]);
  }
  assert.deepEqual(got, [
    ['12345-2024-9901', ent.json.id, 'closed', '经济发展局', ['财政金融局']],
    ['12345-2024-9902', ent.json.id, 'in_progress', '建设管理局', []],
    ['12345-2024-9903', ent.json.id, 'submitted', null, []],
  ]);
  assertNoErrors(errors);
});

test('handlers and viewers get no import page', async () => {
  const { page, errors } = await t.open();
  await loginAs(page, 'handler', errors);
  assert.equal(await page.locator('aside .el-menu-item', { hasText: '数据导入' }).count(), 0);
  await page.goto('/import');
  await page.waitForURL((u) => u.pathname === '/projects');
  assertNoErrors(errors);
});

for (const [size, viewport] of Object.entries(VIEWPORTS)) {
  test(`search and import pages fit at ${viewport.width}×${viewport.height}`, async () => {
    const { page, errors } = await t.open({ viewport });
    await loginAs(page, 'officer', errors);
    await searchFromHeader(page, '比亞迪');
    assert.ok(await page.locator('.hit mark').count() > 0);
    let o = await horizontalOverflow(page);
    assert.ok(o.scrollWidth <= o.innerWidth, `search page overflows at ${size}: ${JSON.stringify(o)}`);
    await shot(page, `search-${size}`);

    await page.goto('/import');
    await settle(page);
    const csv = join(t.server.dir, `fit-${size}.csv`);
    writeFileSync(csv, `企业名称,统一社会信用代码,电话\n测试导入企业丁,${wrongCheck(creditCode('11223344'))},123\n`);
    await page.locator('input[type=file]').setInputFiles(csv);
    await page.locator('.dry-btn').click();
    await page.locator('.report').waitFor();
    await settle(page);
    o = await horizontalOverflow(page);
    assert.ok(o.scrollWidth <= o.innerWidth, `import page overflows at ${size}: ${JSON.stringify(o)}`);
    await shot(page, `import-${size}`);
    assertNoErrors(errors);
  });
}
