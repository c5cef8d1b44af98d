// project-page.test.mjs - the project page: the stage dialog (what a move needs, listed before
// submitting and filled in the dialog; a refusal beside its field), the stage ledger timeline,
// the BYD chain as an ECharts graph with its attribution totals (a click on a node opens that
// project), the milestone colours, the problems tab before the problems API exists, the
// ledger export buttons, and the page at laptop and phone sizes.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { VIEWPORTS, apiAs, assertNoErrors, horizontalOverflow, loginAs, pick, settle, setup, shot } from './lib.mjs';

let t;
let officer;
before(async () => {
  t = await setup();
  officer = await apiAs(t.base, 'officer');
});
after(async () => { await t?.teardown(); });

const find = async (q) => (await officer.call('GET', `/api/v1/projects?q=${encodeURIComponent(q)}`)).json.items[0];
const project = async (id) => (await officer.call('GET', `/api/v1/projects/${id}`)).json;

// Today in Asia/Shanghai, and a day n calendar days away, as YYYY-MM-DD.
const day = (n = 0) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' })
  .format(new Date(Date.now() + n * 86400000));

async function pickTarget(page, label) {
  const dialog = page.locator('.stage-move');
  await pick(page, dialog.locator('.f-to .el-select'), label);
}

test('stage dialog: missing fields listed before submitting, filled in, moved; a backward move without reason refused beside the field', async () => {
  const p = await find('机器人领域高能级重大创新平台');
  assert.equal(p.stage, 'negotiating');
  assert.equal(p.signed_amount, null, 'the demo project lacks a signed amount');
  const before = await project(p.id);
  const toSigned = before.allowed_moves.find((m) => m.to === 'signed');
  assert.deepEqual(toSigned.requires.filter((r) => r !== 'effective_on').sort(), ['signed_amount', 'total_investment']);

  const { page, errors } = await t.open();
  await loginAs(page, 'officer', errors);
  await page.goto(`/projects/${p.id}`);
  await settle(page);
  await page.getByRole('button', { name: '阶段变更' }).click();
  const dialog = page.locator('.stage-move');
  await dialog.waitFor();

  // Pick 签约: before anything is submitted, the dialog lists what is missing.
  await pickTarget(page, '签约（推进）');
  const missing = dialog.locator('.missing');
  await assert.doesNotReject(missing.getByText('提交前还需填写').waitFor());
  const missingText = await missing.innerText();
  assert.ok(missingText.includes('总投资') && missingText.includes('签约金额'), missingText);
  assert.ok(!missingText.includes('生效日期'), 'the effective date defaults to today');
  await shot(page, 'project-stage-dialog-missing');

  // Fill them in the dialog: the list empties, then the move goes through.
  await dialog.locator('.f-total_investment input').fill('120000');
  await dialog.locator('.f-total_investment input').press('Tab');
  await dialog.locator('.f-signed_amount input').fill('100000');
  await dialog.locator('.f-signed_amount input').press('Tab');
  await assert.doesNotReject(missing.getByText('所需内容已填齐').waitFor());
  await dialog.locator('.f-note textarea').fill('签约仪式在管委会举行');
  const answer = page.waitForResponse((r) => r.url().endsWith(`/api/v1/projects/${p.id}/stage`));
  await dialog.getByRole('button', { name: '确认变更' }).click();
  assert.equal((await answer).status(), 200);
  await dialog.waitFor({ state: 'hidden' });
  const moved = await project(p.id);
  assert.equal(moved.stage, 'signed');
  assert.equal(moved.signed_on, day());
  assert.equal(moved.signed_amount, 100000);
  assert.equal(moved.total_investment, 120000);

  // The timeline shows the new event first, with its note; the header shows the new stage.
  const first = page.locator('.stage-timeline .ev').first();
  await assert.doesNotReject(first.getByText('签约仪式在管委会举行').waitFor());
  const firstText = await first.innerText();
  assert.ok(firstText.includes('洽谈') && firstText.includes('签约') && firstText.includes('推进'), firstText);
  assert.ok((await page.locator('.page-title').innerText()).includes('签约'));

  // A backward move without a reason: refused, the problem beside the reason field.
  errors.allowHttp(422, `/api/v1/projects/${p.id}/stage`);
  await page.getByRole('button', { name: '阶段变更' }).click();
  await dialog.waitFor();
  await pickTarget(page, '洽谈（回退）');
  assert.ok((await dialog.locator('.missing').innerText()).includes('原因'), 'the reason is listed as missing');
  const refused = page.waitForResponse((r) => r.url().endsWith(`/api/v1/projects/${p.id}/stage`));
  await dialog.getByRole('button', { name: '确认变更' }).click();
  assert.equal((await refused).status(), 422);
  const reasonError = dialog.locator('.f-reason .el-form-item__error');
  await assert.doesNotReject(reasonError.waitFor());
  assert.match(await reasonError.innerText(), /须说明原因/);
  await shot(page, 'project-stage-dialog-refused');
  assert.equal((await project(p.id)).stage, 'signed', 'nothing moved');

  // With a reason it goes back; the timeline shows the reason.
  await dialog.locator('.f-reason textarea').fill('企业决策层调整，需重新洽谈');
  await dialog.getByRole('button', { name: '确认变更' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await assert.doesNotReject(page.locator('.stage-timeline .ev').first().getByText('原因：企业决策层调整，需重新洽谈').waitFor());
  assert.equal((await project(p.id)).stage, 'negotiating');
  assertNoErrors(errors);
});

test('stage dialog: a stale version is explained, reloading lets the move through', async () => {
  const p = await find('空天信息领域高能级重大创新平台');
  const { page, errors } = await t.open();
  await loginAs(page, 'officer', errors);
  await page.goto(`/projects/${p.id}`);
  await settle(page);
  // Someone else changes the project meanwhile.
  const r = await officer.call('PATCH', `/api/v1/projects/${p.id}`, { leader: '另一位领导', version: p.version });
  assert.equal(r.status, 200);
  errors.allowHttp(409, `/api/v1/projects/${p.id}/stage`);
  await page.getByRole('button', { name: '阶段变更' }).click();
  const dialog = page.locator('.stage-move');
  await pickTarget(page, '搁置');
  await dialog.locator('.f-reason textarea').fill('等待平台建设方案批复');
  await dialog.getByRole('button', { name: '确认变更' }).click();
  await assert.doesNotReject(dialog.getByText('项目已被他人修改').waitFor());
  assert.equal(await dialog.locator('.f-reason textarea').inputValue(), '等待平台建设方案批复', 'input kept');
  await dialog.getByRole('button', { name: '载入最新版本' }).click();
  await assert.doesNotReject(dialog.getByText(`第 ${p.version + 1} 版`).waitFor());
  await dialog.getByRole('button', { name: '确认变更' }).click();
  await dialog.waitFor({ state: 'hidden' });
  assert.equal((await project(p.id)).stage, 'on_hold');
  assertNoErrors(errors);
});

test('chain: BYD phase 1 shows the chain graph and the attribution totals', async () => {
  const byd = await find('比亚迪新能源乘用车项目（一期）');
  const chain = (await officer.call('GET', `/api/v1/chains/${byd.id}`)).json;
  assert.ok(chain.nodes.length >= 7, `${chain.nodes.length} nodes`);
  const totals = chain.totals;
  assert.equal(totals.credited_to_chain_work.yi, '151');
  assert.equal(totals.counted_in_zone.yi, '130');
  const place = (code) => totals.by_location.find((l) => l.location === code).amount.yi;
  assert.equal(place('zone'), '130');
  assert.equal(place('370115'), '10.5');
  assert.equal(place('370126'), '10.5');

  for (const [name, viewport] of Object.entries(VIEWPORTS)) {
    const { page, errors } = await t.open({ viewport });
    await loginAs(page, 'leader', errors);
    await page.goto(`/projects/${byd.id}?tab=chain`);
    await settle(page);
    const graph = page.locator('.chain-graph canvas');
    await assert.doesNotReject(graph.first().waitFor());
    const box = await graph.first().boundingBox();
    assert.ok(box.width > 300 && box.height > 300, `canvas ${box.width}×${box.height}`);
    assert.ok(await page.locator('.chain .nodes .el-table__body tr').count() >= 7, 'every chain project is listed');
    const text = await page.locator('.chain').innerText();
    for (const s of ['计入产业链招商', '151亿元', '计入起步区统计', '130亿元', '济阳区', '商河县', '10.5亿元', '项目在地']) {
      assert.ok(text.includes(s), `the chain tab shows ${s}`);
    }
    await page.waitForTimeout(800); // let the force layout settle for the screenshot
    const o = await horizontalOverflow(page);
    assert.ok(o.scrollWidth <= o.innerWidth, `${name}: ${o.scrollWidth}px in ${o.innerWidth}px`);
    await shot(page, `project-chain-${name}`);
    assertNoErrors(errors);
  }

  // A supporting project in 济阳 reaches the same chain from its own page.
  const supplier = chain.nodes.find((n) => n.location === '370115');
  const { page, errors } = await t.open();
  await loginAs(page, 'officer', errors);
  await page.goto(`/projects/${supplier.id}?tab=chain`);
  await settle(page);
  await assert.doesNotReject(page.locator('.chain-graph canvas').first().waitFor());
  assert.ok((await page.locator('.chain').innerText()).includes('151亿元'));
  assertNoErrors(errors);
});

// Where the chain graph drew a node of colour hex, in page pixels: the centre of the largest
// patch of exactly that colour below the legend, once the force layout has stopped moving it
// (the same centre twice in a row).  The colours are ChainGraph.vue's: 济阳 comes first after
// the zone, so its nodes are the first county colour.
async function nodeAt(page, hex) {
  let last = null;
  for (let i = 0; i < 30; i++) {
    const at = await page.evaluate((want) => {
      const c = document.querySelector('.chain-graph canvas');
      const box = c.getBoundingClientRect();
      const k = c.width / box.width;
      // A copy, read once: reading the chart's own canvas again and again makes Chromium
      // warn on the console.
      const copy = document.createElement('canvas');
      copy.width = c.width;
      copy.height = c.height;
      const cx = copy.getContext('2d', { willReadFrequently: true });
      cx.drawImage(c, 0, 0);
      const { data, width, height } = cx.getImageData(0, 0, c.width, c.height);
      const rgb = [1, 3, 5].map((j) => parseInt(want.slice(j, j + 2), 16));
      const is = (q) => data[4 * q] === rgb[0] && data[4 * q + 1] === rgb[1] && data[4 * q + 2] === rgb[2];
      const top = Math.round(40 * k) * width; // the legend
      const seen = new Uint8Array(width * height);
      let best = null;
      for (let q0 = top; q0 < width * height; q0++) {
        if (seen[q0] || !is(q0)) continue;
        const stack = [q0];
        let n = 0, sx = 0, sy = 0;
        seen[q0] = 1;
        while (stack.length) {
          const q = stack.pop();
          const x = q % width;
          n++; sx += x; sy += (q - x) / width;
          for (const d of [x > 0 ? q - 1 : -1, x < width - 1 ? q + 1 : -1, q - width, q + width]) {
            if (d >= top && d < width * height && !seen[d] && is(d)) { seen[d] = 1; stack.push(d); }
          }
        }
        if (!best || n > best.n) best = { n, x: sx / n, y: sy / n };
      }
      return best && { n: best.n / (k * k), x: box.left + best.x / k, y: box.top + best.y / k };
    }, hex);
    if (at && last && Math.hypot(at.x - last.x, at.y - last.y) < 0.5) return at;
    last = at;
    await page.waitForTimeout(250);
  }
  return last;
}

test('chain: a click on a supporting project\'s node opens its page', async () => {
  const byd = await find('比亚迪新能源乘用车项目（一期）');
  const chain = (await officer.call('GET', `/api/v1/chains/${byd.id}`)).json;
  const jiyang = chain.nodes.filter((n) => n.location === '370115' && n.role === 'supporting');
  assert.ok(jiyang.length >= 1, 'the demo chain has supporting projects in 济阳');
  const { page, errors } = await t.open();
  await loginAs(page, 'officer', errors);
  await page.goto(`/projects/${byd.id}?tab=chain`);
  await settle(page);
  const canvas = page.locator('.chain-graph canvas').first();
  await canvas.waitFor();
  await canvas.scrollIntoViewIfNeeded();
  await page.mouse.move(0, 0); // no hover emphasis fading the other nodes
  const at = await nodeAt(page, '#2e86de');
  assert.ok(at && at.n > 200, `a 济阳 node is drawn: ${JSON.stringify(at)}`);
  await page.mouse.click(at.x, at.y);
  await page.waitForURL((u) => /^\/projects\/\d+$/.test(u.pathname) && u.pathname !== `/projects/${byd.id}`);
  const id = Number(new URL(page.url()).pathname.split('/').pop());
  const hit = jiyang.find((n) => n.id === id);
  assert.ok(hit, `the click opened project ${id}, one of the 济阳 supporters ${jiyang.map((n) => n.id)}`);
  await assert.doesNotReject(page.locator('h1', { hasText: hit.name }).waitFor());
  assert.notEqual(await page.locator('h1').first().innerText(), byd.name);
  assertNoErrors(errors);
});

test('milestones: the colours set through the API are shown, with the overall colour', async () => {
  const byd2 = await find('比亚迪新能源乘用车项目（二期）');
  const ms = (await officer.call('GET', `/api/v1/projects/${byd2.id}/milestones`)).json;
  const items = [
    { kind: 'signing', planned_on: day(-400), actual_on: day(-400) },       // done on time: green
    { kind: 'land', planned_on: day(-300), actual_on: day(-200) },          // done late: yellow
    { kind: 'start', planned_on: day(-30) },                                // past due: red
    { kind: 'production', planned_on: day(200) },                           // far ahead: green
    { kind: 'custom', name: '环评批复' },                                     // no plan: none
  ];
  const put = await officer.call('PUT', `/api/v1/projects/${byd2.id}/milestones`, { items, version: ms.version });
  assert.equal(put.status, 200, JSON.stringify(put.json));
  const colours = put.json.items.map((m) => m.status);
  assert.deepEqual(colours, ['green', 'yellow', 'red', 'green', 'none']);

  const { page, errors } = await t.open();
  await loginAs(page, 'officer', errors);
  await page.goto(`/projects/${byd2.id}?tab=milestones`);
  await settle(page);
  const rows = page.locator('.ms-table .el-table__body tr');
  await rows.first().waitFor();
  assert.equal(await rows.count(), 5);
  for (const [i, c] of colours.entries()) {
    assert.ok((await rows.nth(i).getAttribute('class')).includes(`ms-${c}`), `row ${i} is ${c}`);
  }
  const want = { green: '正常', yellow: '预警', red: '逾期', none: '未设计划' };
  for (const [i, c] of colours.entries()) assert.ok((await rows.nth(i).innerText()).includes(want[c]));
  assert.ok((await rows.nth(2).innerText()).includes('已逾期'), 'working days late are shown');
  assert.ok((await rows.nth(1).innerText()).includes('延迟'), 'done late is said');
  const overall = page.locator('.milestones .overall');
  assert.equal((await overall.innerText()).trim(), '逾期');
  assert.ok((await overall.getAttribute('class')).includes('el-tag--danger'), 'red overall');
  const bg = await page.locator('.ms-table .el-table__body tr').nth(2).locator('.el-tag').evaluate((el) => getComputedStyle(el).backgroundColor);
  assert.equal(bg, 'rgb(245, 108, 108)', 'the red tag is red');
  await shot(page, 'project-milestones');
  assertNoErrors(errors);
});

test('problems tab: quiet 暂无 while the problems API is absent; follow-ups hidden from enterprise users', async () => {
  const byd = await find('比亚迪新能源乘用车项目（一期）');
  const { page, errors } = await t.open();
  errors.allowHttp(404, '/problems');
  errors.allowHttp(404, '/taskforces');
  await loginAs(page, 'officer', errors);
  await page.goto(`/projects/${byd.id}?tab=problems`);
  await settle(page);
  const tab = page.locator('.problems');
  await tab.waitFor();
  assert.ok((await tab.innerText()).includes('暂无'));
  assert.equal(await tab.locator('.el-alert--error').count(), 0, 'no error shown');
  assertNoErrors(errors);

  // Follow-ups: an officer adds one; an enterprise user does not see the tab.
  await page.goto(`/projects/${byd.id}?tab=followups`);
  await settle(page);
  await page.getByRole('button', { name: '添加跟进记录' }).click();
  await page.locator('.followups textarea').first().fill('走访比亚迪，了解二期设备进场安排');
  await page.locator('.followups').getByRole('button', { name: '保存' }).click();
  await assert.doesNotReject(page.locator('.followups .el-timeline').getByText('走访比亚迪，了解二期设备进场安排').waitFor());

  const ent = await t.open();
  await loginAs(ent.page, 'enterprise', ent.errors);
  ent.errors.allowHttp(404, '/problems');
  ent.errors.allowHttp(404, '/taskforces');
  await ent.page.goto(`/projects/${byd.id}`);
  await settle(ent.page);
  await ent.page.locator('.el-tabs__item', { hasText: '阶段台账' }).waitFor();
  assert.equal(await ent.page.locator('.el-tabs__item', { hasText: '跟进记录' }).count(), 0);
  assert.equal(await ent.page.getByRole('button', { name: '阶段变更' }).count(), 0);
  assertNoErrors(ent.errors);
});

test('project list: export buttons download the ledger with the current filters', async () => {
  const { page, errors } = await t.open();
  await loginAs(page, 'officer', errors);
  await page.goto('/projects?stage=signed&chain=nev');
  await settle(page);
  const xlsx = page.locator('a.export-xlsx');
  const csv = page.locator('a.export-csv');
  assert.equal(await xlsx.innerText(), '导出 Excel');
  for (const [a, format] of [[xlsx, 'xlsx'], [csv, 'csv']]) {
    const u = new URL(await a.getAttribute('href'), t.base);
    assert.equal(u.pathname, '/api/v1/projects/export');
    assert.equal(u.searchParams.get('format'), format);
    assert.equal(u.searchParams.get('stage'), 'signed');
    assert.equal(u.searchParams.get('chain'), 'nev');
  }
  const [download] = await Promise.all([page.waitForEvent('download'), csv.click()]);
  assert.match(download.suggestedFilename(), /\.csv$/);
  const body = await (await import('node:fs/promises')).readFile(await download.path(), 'utf8');
  const lines = body.replace(/^\uFEFF/, '').trim().split(/\r\n/);
  const listed = (await officer.call('GET', '/api/v1/projects?stage=signed&chain=nev&limit=200')).json.total;
  assert.equal(lines.length - 1, listed, 'one row per listed project');
  assert.ok(lines[0].startsWith('项目编号'));
  const [xdl] = await Promise.all([page.waitForEvent('download'), xlsx.click()]);
  assert.match(xdl.suggestedFilename(), /\.xlsx$/);
  assertNoErrors(errors);
});

test('the project page fits a laptop and a phone, every tab', async () => {
  const byd2 = await find('比亚迪新能源乘用车项目（二期）');
  for (const [name, viewport] of Object.entries(VIEWPORTS)) {
    const { page, errors } = await t.open({ viewport });
    errors.allowHttp(404, '/problems');
    errors.allowHttp(404, '/taskforces');
    await loginAs(page, 'officer', errors);
    for (const tab of ['ledger', 'milestones', 'funds', 'chain', 'followups', 'problems', 'info']) {
      await page.goto(`/projects/${byd2.id}?tab=${tab}`);
      await settle(page);
      await page.locator('.el-tab-pane:visible').first().waitFor();
      const o = await horizontalOverflow(page);
      assert.ok(o.scrollWidth <= o.innerWidth, `${name} ${tab}: ${o.scrollWidth}px in ${o.innerWidth}px`);
      if (tab === 'ledger') {
        assert.ok((await page.locator('.money-block').innerText()).includes('签约金额'));
        assert.ok((await page.locator('.money-block').innerText()).includes('130亿元'), 'the phases roll up to 130亿元');
      }
      await shot(page, `project-${tab}-${name}`);
    }
    // The stage dialog on this size.
    await page.goto(`/projects/${byd2.id}`);
    await settle(page);
    await page.getByRole('button', { name: '阶段变更' }).click();
    await page.locator('.stage-move').waitFor();
    const o = await horizontalOverflow(page);
    assert.ok(o.scrollWidth <= o.innerWidth, `${name} dialog`);
    await shot(page, `project-stage-dialog-${name}`);
    assertNoErrors(errors);
  }
});
