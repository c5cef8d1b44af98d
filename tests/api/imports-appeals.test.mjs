// Appeals imported from a 12345 ticket ledger (docs/import.md, "Appeals"), and the bulk path
// of a projects import giving the same statistics as projects entered one by one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, api, tempDir } from './lib.mjs';
import { get, createEnterprise, createProject, nextCreditCode } from './helpers.mjs';
import { throwawaySession } from './sessions.mjs';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
let srv;
let dir;

before(async () => {
  dir = tempDir();
  execFileSync('/usr/bin/python3', [new URL('./make_appeal_ledgers.py', import.meta.url).pathname, dir]);
  srv = await startServer();
});
after(() => srv?.stop());

const send = (s, kind, name, query = '') => api(s, 'POST', `/api/v1/imports?kind=${kind}${query}`,
  new Uint8Array(readFileSync(join(dir, name))), { 'Content-Type': name.endsWith('.csv') ? 'text/csv' : XLSX });
const brief = (r) => r.json.problems.items.map(({ row, col, header, code, message }) => [row, col, header, code, message]);
const timeline = (a) => a.events.map((e) => [e.kind, e.at, e.from_state, e.to_state, e.username, e.unit_name, e.note]);
const appealTotal = async () => (await get(srv, '/api/v1/appeals?limit=1')).total;
const auditTotal = async () => (await get(srv, '/api/v1/audit?entity=appeal&limit=1')).total;
const AT = (d) => `${d}T09:00:00+08:00`;

test('a ticket ledger: merged title, traditional characters, blank and totals rows; back-dated workflow', async () => {
  let r = await send(srv, 'enterprises', 'ents.csv');
  assert.equal(r.status, 200, r.text);

  r = await send(srv, 'appeals', 'appeals.xlsx', '&dry_run=true');
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.summary, { inserted: 3, updated: 0, unchanged: 0, rejected: 0, records: 3, skipped: 2 });
  assert.equal(await appealTotal(), 0, 'a dry run writes nothing');

  r = await send(srv, 'appeals', 'appeals.xlsx');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.kind, 'appeals');
  assert.equal(r.json.committed, true);
  assert.equal(r.json.header_row, 3);
  assert.deepEqual(r.json.summary, { inserted: 3, updated: 0, unchanged: 0, rejected: 0, records: 3, skipped: 2 });
  assert.deepEqual(brief(r), [
    [7, null, null, 'skipped_blank', '空行，已跳过'],
    [8, null, null, 'skipped_total', '合计行“合计”，已跳过'],
  ]);
  assert.deepEqual(r.json.rows.map((w) => [w.row, w.action, w.key]),
    [[4, 'insert', '12345-2024-0001'], [5, 'insert', '12345-2024-0002'], [6, 'insert', '12345-2024-0003']]);

  // 0001: 已办结, 满意 — submitted 2024-03-01 (a Friday), accepted Monday 03-04, answered 03-20.
  const a1 = await get(srv, `/api/v1/appeals/${r.json.rows[0].id}`);
  assert.equal(a1.code, 'SQ2024-00001');
  assert.equal(a1.external_id, '12345-2024-0001');
  assert.equal(a1.channel, 'hotline');
  assert.equal(a1.state, 'closed');
  assert.equal(a1.category, 'finance');
  assert.equal(a1.enterprise_name, '比亚迪汽车工业有限公司');
  assert.equal(a1.text, '申请濟南新舊動能轉換起步區贷款贴息');
  assert.equal(a1.submitted_at, AT('2024-03-01'));
  assert.equal(a1.accept_due_on, '2024-03-04');
  assert.equal(a1.accepted_at, AT('2024-03-04'));
  assert.equal(a1.answer_due_on, '2024-03-25');
  assert.equal(a1.answered_at, AT('2024-03-20'));
  assert.equal(a1.answer, '贴息已兑现');
  assert.equal(a1.rating, 'satisfied');
  assert.equal(a1.lead_unit_name, '经济发展局');
  assert.deepEqual(timeline(a1), [
    ['submit', AT('2024-03-01'), null, 'submitted', 'admin', null, 'hotline'],
    ['accept', AT('2024-03-04'), 'submitted', 'accepted', 'admin', null, null],
    ['assign', AT('2024-03-04'), 'accepted', 'assigned', 'admin', '经济发展局', 'ordinary'],
    ['answer', AT('2024-03-20'), 'assigned', 'answered', 'admin', '经济发展局', '贴息已兑现'],
    ['rate', AT('2024-03-20'), 'answered', 'rated', 'admin', null, '满意'],
    ['close', AT('2024-03-20'), 'rated', 'closed', 'admin', null, null],
  ]);
  // Back-dated: when each event was written is kept, and it is later than when it happened.
  for (const e of a1.events) assert.ok(e.recorded_at > e.at, `${e.kind}: recorded ${e.recorded_at}`);

  // 0002: by credit code, 審批服務 → 审批服务, 办理中 (accepted the day it came in).
  const a2 = await get(srv, `/api/v1/appeals/${r.json.rows[1].id}`);
  assert.deepEqual([a2.state, a2.category, a2.enterprise_name, a2.lead_unit_name, a2.accepted_at, a2.answer_due_on],
    ['in_progress', 'approval', '国家电力投资集团有限公司', '建设管理局', AT('2024-03-05'), '2024-03-26']);
  assert.deepEqual(timeline(a2).map((e) => e[0]), ['submit', 'accept', 'assign', 'start']);
  // 0003: 待受理, no category: 其他.
  const a3 = await get(srv, `/api/v1/appeals/${r.json.rows[2].id}`);
  assert.deepEqual([a3.state, a3.category, a3.accept_due_on, a3.events.length], ['submitted', 'other', '2024-03-07', 1]);

  // Searchable, in either script.
  const s = await get(srv, '/api/v1/search?q=' + encodeURIComponent('济南新旧动能') + '&type=appeal');
  assert.deepEqual(s.groups.flatMap((g) => g.items.map((h) => h.id)), [a1.id]);

  // The same ledger again (GB18030 CSV a week later): 0002 answered since, the rest unchanged.
  const audits = await auditTotal();
  r = await send(srv, 'appeals', 'appeals-later.csv');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.header_row, 2);
  assert.deepEqual(r.json.summary, { inserted: 0, updated: 1, unchanged: 2, rejected: 0, records: 3, skipped: 0 });
  assert.deepEqual(r.json.rows.map((w) => [w.row, w.action, w.id]),
    [[3, 'unchanged', a1.id], [4, 'update', a2.id], [5, 'unchanged', a3.id]]);
  const b2 = await get(srv, `/api/v1/appeals/${a2.id}`);
  assert.deepEqual([b2.state, b2.answer, b2.answered_at], ['answered', '已开通绿色通道', AT('2024-03-08')]);
  assert.deepEqual(timeline(b2).at(-1), ['answer', AT('2024-03-08'), 'in_progress', 'answered', 'admin', '建设管理局', '已开通绿色通道']);
  assert.equal(await auditTotal(), audits + 1, 'one audit row: the answer');

  r = await send(srv, 'appeals', 'appeals-later.csv');
  assert.deepEqual(r.json.summary, { inserted: 0, updated: 0, unchanged: 3, rejected: 0, records: 3, skipped: 0 });
  assert.equal(await auditTotal(), audits + 1, 'unchanged rows write nothing');

  // A corrected text is an update of its own.
  r = await send(srv, 'appeals', 'appeals-fixed.csv');
  assert.deepEqual(r.json.summary, { inserted: 0, updated: 1, unchanged: 2, rejected: 0, records: 3, skipped: 0 });
  const b3 = await get(srv, `/api/v1/appeals/${a3.id}`);
  assert.deepEqual([b3.text, b3.version, b3.state], ['咨询人才公寓申请条件', a3.version + 1, 'submitted']);
  const au = await get(srv, `/api/v1/audit?entity=appeal&entity_id=${a3.id}&limit=1`);
  assert.deepEqual(au.items[0].changes.map((c) => [c.field, c.before, c.after]),
    [['text', '咨询人才公寓政策', '咨询人才公寓申请条件']]);
});

test('a broken ticket ledger: every problem by row and column, nothing written', async () => {
  const appeals = await appealTotal();
  const audits = await auditTotal();
  const r = await send(srv, 'appeals', 'appeals-broken.csv');
  assert.equal(r.status, 422, r.text);
  assert.equal(r.json.committed, false);
  assert.deepEqual(r.json.summary, { inserted: 0, updated: 0, unchanged: 0, rejected: 5, records: 5, skipped: 0 });
  assert.deepEqual(brief(r), [
    [2, 'F', '提交时间', 'impossible_date', '日期“2024年2月30日”不存在'],
    [2, 'B', '企业名称', 'unknown', '企业“不存在的公司”不在企业库中：请先导入企业'],
    [3, 'I', '办理状态', 'unknown', '“搞定了”不是办理状态（待受理、已受理、不予受理、已交办、办理中、已答复、已办结）'],
    [3, 'G', '受理时间', 'invalid', '“2024-02-01”早于“提交时间”'],
    [4, 'A', '工单号', 'duplicate_key', '与第 3 行重复（同一工单号）'],
    [5, 'L', '满意度', 'required', '办结的诉求须填写满意度'],
    [6, 'I', '办理状态', 'stage_change', '导入不回退已有诉求的办理（现为“已办结”，表中为“办理中”）'],
  ]);
  assert.equal(await appealTotal(), appeals, 'nothing half-imported');
  assert.equal(await auditTotal(), audits);
  const dry = await send(srv, 'appeals', 'appeals-broken.csv', '&dry_run=true');
  assert.equal(dry.status, 200);
  assert.deepEqual(brief(dry), brief(r), 'the dry run reports the same');
});

// A ledger names the enterprise as people type it: traditional characters (the seed
// article's 比亞迪, 濟南), full-width letters and brackets.  Without a credit code the name is
// compared in search's normal form; two enterprises of one form are a problem, not a guess.
test('enterprise names in traditional characters or full width find the stored enterprise; two of one form are named', async () => {
  const s = await startServer();
  try {
    const byd = await createEnterprise(s, { name: '比亚迪汽车工业有限公司' });
    const jn = await createEnterprise(s, { name: 'BYD Auto(济南)有限公司' });
    const q1 = await createEnterprise(s, { name: '鹊华科技（济南）有限公司' });
    const q2 = await createEnterprise(s, { name: '鹊华科技(济南)有限公司' });
    const head = '工单号,企业名称,诉求内容,提交时间\r\n';
    const csv = (rows) => head + rows.map((r) => r.join(',')).join('\r\n') + '\r\n';
    const rows = [
      ['12345-2024-0201', '比亞迪汽車工業有限公司', '申请濟南基地用电扩容', '2024-03-01'],
      ['12345-2024-0202', 'ｂｙｄ ＡＵＴＯ（濟南）有限公司', '咨询整車下線手续', '2024-03-02'],
      ['12345-2024-0203', '鵲華科技（濟南）有限公司', '咨询厂房租赁', '2024-03-03'],
    ];
    let r = await api(s, 'POST', '/api/v1/imports?kind=appeals&dry_run=true', csv(rows), { 'Content-Type': 'text/csv' });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(brief(r), [[4, 'B', '企业名称', 'unknown',
      '企业名称“鵲華科技（濟南）有限公司”可指多家企业（鹊华科技（济南）有限公司、鹊华科技(济南)有限公司），请填写统一社会信用代码']]);
    assert.deepEqual(r.json.summary, { inserted: 2, updated: 0, unchanged: 0, rejected: 1, records: 3, skipped: 0 });
    r = await api(s, 'POST', '/api/v1/imports?kind=appeals', csv(rows), { 'Content-Type': 'text/csv' });
    assert.equal(r.status, 422, 'all or nothing');
    assert.equal((await get(s, '/api/v1/appeals?limit=1')).total, 0);

    // Written exactly as one of them is stored: that one.
    rows[2][1] = '鹊华科技(济南)有限公司';
    r = await api(s, 'POST', '/api/v1/imports?kind=appeals', csv(rows), { 'Content-Type': 'text/csv' });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.summary, { inserted: 3, updated: 0, unchanged: 0, rejected: 0, records: 3, skipped: 0 });
    const owners = [];
    for (const w of r.json.rows) owners.push((await get(s, `/api/v1/appeals/${w.id}`)).enterprise_id);
    assert.deepEqual(owners, [byd.id, jn.id, q2.id]);
    assert.notEqual(q1.id, q2.id);

    // A projects ledger alike.
    const p = await api(s, 'POST', '/api/v1/imports?kind=projects',
      '项目编号,项目名称,企业名称\r\nQH-2024-0901,比亞迪整車項目,比亞迪汽車工業有限公司\r\n', { 'Content-Type': 'text/csv' });
    assert.equal(p.status, 200, p.text);
    assert.deepEqual((await get(s, `/api/v1/projects/${p.json.rows[0].id}`)).enterprise_ids, [byd.id]);
  } finally {
    s.stop();
  }
});

// A full 12345 export: co-units, a transfer with its reason, an extension (延期至 or 延期天数)
// and supervision, each taken along the workflow back-dated; every bad value at its cell;
// the same ledger again changes nothing.
test('co-units, transfers, extensions and supervision from a full ticket export', async () => {
  const s = await startServer();
  try {
    const byd = await createEnterprise(s, { name: '比亚迪汽车工业有限公司' });
    const head = '工单号,企业名称,诉求内容,提交时间,受理时间,承办单位,協辦單位,转派单位,转办原因,是否延期,延期至,' +
      '延期天数（工作日）,延期原因,是否督办,办理状态,答复内容,答复时间,满意度\r\n';
    const csv = (rows) => head + rows.map((r) => r.join(',')).join('\r\n') + '\r\n';
    const good = [
      ['12345-2024-0301', '比亚迪汽车工业有限公司', '申请研发费用加计扣除辅导', '2024-03-01', '2024-03-04', '经济发展局',
        '"财政金融局、科技创新局"', '投资促进局', '涉及招商政策兑现', '是', '2024年4月1日', '', '需现场核查', '是',
        '已办结', '已兑现', '2024-04-10', '满意'],
      ['12345-2024-0302', '比亚迪汽车工业有限公司', '施工许可办理', '2024-03-05', '2024-03-05', '建设管理局',
        '', '', '', '', '', '3', '', '', '办理中', '', '', ''],
      ['12345-2024-0303', '比亚迪汽车工业有限公司', '咨询人才公寓', '2024-03-06', '', '', '', '', '', '', '', '', '', '否',
        '待受理', '', '', ''],
    ];
    const bad = good.map((r) => [...r]);
    bad[0][6] = '"财政金融局，不存在局"';
    bad[1][9] = '否';
    bad[2][7] = '投资促进局';
    bad.push(['12345-2024-0304', '比亚迪汽车工业有限公司', '甲', '2024-03-06', '', '', '', '', '', '', '', '', '', '也许',
      '', '', '', '']);
    bad.push(['12345-2024-0305', '比亚迪汽车工业有限公司', '乙', '2024-03-06', '2024-03-06', '经济发展局', '', '', '', '是',
      '2024-03-20', '', '', '', '办理中', '', '', '']);
    const post = (body, q = '') => api(s, 'POST', `/api/v1/imports?kind=appeals${q}`, body, { 'Content-Type': 'text/csv' });

    let r = await post(csv(bad), '&dry_run=true');
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(brief(r), [
      [2, 'G', '協辦單位', 'unknown', '“不存在局”不是已知的协办单位'],
      [3, 'J', '是否延期', 'invalid', '“延期”为否，却填写了延期天数'],
      [4, 'H', '转派单位', 'invalid', '转办须在交办之后、答复之前：本行诉求答复前为“已提交”'],
      [5, 'N', '是否督办', 'bad_bool', r.json.problems.items[3].message],
      [6, 'K', '延期至', 'invalid', '延期至“2024-03-20”不晚于原办理时限“2024-03-27”'],
    ]);
    assert.match(r.json.problems.items[3].message, /也许/);
    assert.deepEqual(r.json.summary, { inserted: 0, updated: 0, unchanged: 0, rejected: 5, records: 5, skipped: 0 });
    r = await post(csv(bad));
    assert.equal(r.status, 422);
    assert.equal((await get(s, '/api/v1/appeals?limit=1')).total, 0, 'nothing half-imported');

    r = await post(csv(good));
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.summary, { inserted: 3, updated: 0, unchanged: 0, rejected: 0, records: 3, skipped: 0 });
    const [id1, id2, id3] = r.json.rows.map((w) => w.id);

    const a1 = await get(s, `/api/v1/appeals/${id1}`);
    assert.equal(a1.enterprise_id, byd.id);
    assert.deepEqual([a1.state, a1.lead_unit_name, a1.answer_due_on, a1.supervised], ['closed', '投资促进局', '2024-04-01', false]);
    assert.deepEqual(a1.units.map((u) => [u.name, u.role]).sort(),
      [['投资促进局', 'lead'], ['科技创新局', 'co'], ['财政金融局', 'co']]);
    assert.deepEqual(timeline(a1), [
      ['submit', AT('2024-03-01'), null, 'submitted', 'admin', null, 'hotline'],
      ['accept', AT('2024-03-04'), 'submitted', 'accepted', 'admin', null, null],
      ['assign', AT('2024-03-04'), 'accepted', 'assigned', 'admin', '经济发展局', 'ordinary'],
      ['transfer', AT('2024-03-04'), 'assigned', 'assigned', 'admin', '投资促进局', '涉及招商政策兑现'],
      ['extension_request', AT('2024-03-04'), 'assigned', 'assigned', 'admin', '投资促进局', '+5: 需现场核查'],
      ['extension_decision', AT('2024-03-04'), 'assigned', 'assigned', 'admin', null, 'approved +5'],
      ['supervise', AT('2024-03-04'), 'assigned', 'assigned', 'admin', '投资促进局', '导入：督办'],
      ['answer', AT('2024-04-10'), 'assigned', 'answered', 'admin', '投资促进局', '已兑现'],
      ['rate', AT('2024-04-10'), 'answered', 'rated', 'admin', null, '满意'],
      ['close', AT('2024-04-10'), 'rated', 'closed', 'admin', null, null],
    ]);
    for (const e of a1.events) assert.ok(e.recorded_at > e.at, `${e.kind}: recorded ${e.recorded_at}`);
    assert.deepEqual(a1.extensions.map((e) => [e.days, e.reason, e.status, e.requested_at]),
      [[5, '需现场核查', 'approved', AT('2024-03-04')]]);
    assert.deepEqual(a1.supervisions.map((v) => [v.kind, v.opened_at, v.closed_at]),
      [['manual', AT('2024-03-04'), AT('2024-04-10')]]);

    // 延期天数 alone (延期 left empty means yes): the ordinary limit 03-26 + 3 working days.
    const a2 = await get(s, `/api/v1/appeals/${id2}`);
    assert.deepEqual([a2.state, a2.answer_due_on, a2.extensions.map((e) => [e.days, e.status])],
      ['in_progress', '2024-03-29', [[3, 'approved']]]);
    assert.deepEqual(timeline(a2).map((e) => e[0]),
      ['submit', 'accept', 'assign', 'start', 'extension_request', 'extension_decision']);
    const a3 = await get(s, `/api/v1/appeals/${id3}`);
    assert.deepEqual([a3.state, a3.supervisions.length, a3.events.length], ['submitted', 0, 1]);

    // Idempotent: nothing is transferred, extended or supervised twice.
    r = await post(csv(good));
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.summary, { inserted: 0, updated: 0, unchanged: 3, rejected: 0, records: 3, skipped: 0 });
    assert.equal((await get(s, `/api/v1/appeals/${id1}`)).events.length, 10);

    // A week later 0302 was transferred and is supervised: those two steps only, after the
    // events it has.
    const later = good.map((r) => [...r]);
    later[1][7] = '投资促进局';
    later[1][13] = '是';
    r = await post(csv(later));
    assert.deepEqual(r.json.summary, { inserted: 0, updated: 1, unchanged: 2, rejected: 0, records: 3, skipped: 0 });
    const b2 = await get(s, `/api/v1/appeals/${id2}`);
    assert.deepEqual(timeline(b2).slice(-3).map((e) => [e[0], e[1], e[5], e[6]]), [
      ['extension_decision', AT('2024-03-05'), null, 'approved +3'],
      ['transfer', AT('2024-03-05'), '投资促进局', '导入：转办'],
      ['supervise', AT('2024-03-05'), '投资促进局', '导入：督办'],
    ]);
    assert.deepEqual([b2.lead_unit_name, b2.supervised, b2.answer_due_on], ['投资促进局', true, '2024-03-29']);
    // Going back on a closed ticket's transfer is refused.
    later[0][7] = '建设管理局';
    r = await post(csv(later), '&dry_run=true');
    assert.deepEqual(brief(r), [[2, 'H', '转派单位', 'stage_change', '转办须在交办之后、答复之前：已有诉求答复前为“已办结”']]);
  } finally {
    s.stop();
  }
});

test('kind=appeals through the API only: a bad kind is still 400', async () => {
  const r = await api(srv, 'POST', '/api/v1/imports?kind=tickets', 'a,b\r\n', { 'Content-Type': 'text/csv' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.message, 'kind must be enterprises, projects or appeals');
});

// The bulk path (statistics and search triggers suspended, their work done once at the end)
// must leave the figures exactly as projects entered one at a time through the API do.
test('projects imported in bulk give the statistics of the same projects entered one by one', async () => {
  const a = await startServer();
  const b = await startServer();
  try {
    const rows = [
      ['QH-2023-7001', '甲项目', '30000', '2023-02-03', '', '新能源汽车', '产业链招商', '起步区', '投资促进局', '签约'],
      ['QH-2023-7002', '乙项目', '1.5亿', '2023-02-10', '2023-05-06', '新能源汽车', '以商招商', '天桥区', '经济发展局', ''],
      ['QH-2024-7003', '丙项目', '800', '', '', '数字经济', '', '起步区', '', '洽谈'],
      ['QH-2024-7004', '丁项目', '2000', '2024-01-15', '', '数字经济', '产业链招商', '起步区', '投资促进局', ''],
    ];
    const csv = '项目编号,项目名称,总投资（万元）,签约时间,开工时间,所属产业链,招商方式,项目地点,责任单位,项目阶段\r\n' +
      rows.map((r) => r.join(',')).join('\r\n') + '\r\n';
    const r = await api(a, 'POST', '/api/v1/imports?kind=projects', csv, { 'Content-Type': 'text/csv' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.summary.inserted, 4);
    const units = (await get(b, '/api/v1/ref/units')).items;
    const unit = (n) => units.find((u) => u.name === n)?.id;
    const chain = { 新能源汽车: 'nev', 数字经济: 'digital' };
    const channel = { 产业链招商: 'chain', 以商招商: 'business' };
    for (const [, name, amount, signed, started, ch, chan, loc, u, st] of rows) {
      const body = {
        name, total_investment: amount === '1.5亿' ? 15000 : Number(amount), chain: chain[ch],
        location: loc === '天桥区' ? '370105' : 'zone',
        stage: st === '洽谈' ? 'negotiating' : started ? 'started' : 'signed',
      };
      if (chan) body.channel = channel[chan];
      if (u) body.unit_id = unit(u);
      if (signed) { body.signed_on = signed; body.signed_amount = body.total_investment; }
      if (started) body.started_on = started;
      const c = await api(b, 'POST', '/api/v1/projects', body);
      assert.equal(c.status, 201, c.text);
    }
    for (const q of ['measure=signed,started&group=period:year,chain,stage',
      'measure=signed&group=chain,channel', 'measure=signed&group=period:month,location&unit=' + unit('投资促进局'),
      'measure=signed,started&group=stage,chain,channel,location']) {
      const x = await get(a, `/api/v1/stats?${q}`);
      const y = await get(b, `/api/v1/stats?${q}`);
      delete x.as_of; delete y.as_of;
      assert.deepEqual(x, y, q);
    }
    const sa = await get(a, '/api/v1/stats/summary');
    const sb = await get(b, '/api/v1/stats/summary');
    delete sa.as_of; delete sb.as_of;
    assert.deepEqual(sa, sb);
    // And every project is searchable.
    const s = await get(a, '/api/v1/search?q=' + encodeURIComponent('丁项目'));
    assert.deepEqual(s.groups.flatMap((g) => g.items.map((h) => h.name)), ['丁项目']);
  } finally {
    a.stop();
    b.stop();
  }
});

// A new project with a code goes through the bulk writer (store_import_project_insert: audit
// changes queued and written many rows per statement, the audit indexes rebuilt at the end);
// one without a code through store_project_create, the per-row path.  The same ledger both
// ways must leave the same audit trail.
test('projects imported in bulk leave the audit rows of the per-row path', async () => {
  const a = await startServer();
  const b = await startServer();
  try {
    const header = '项目名称,总投资（万元）,签约时间,开工时间,所属产业链,招商方式,项目地点,责任单位,项目阶段,用地面积（亩）,就业人数';
    const rows = [
      '戊项目,30000,2023-02-03,,新能源汽车,产业链招商,起步区,投资促进局,签约,12.5,300',
      '己项目,1.5亿,2023-02-10,2023-05-06,新能源汽车,以商招商,天桥区,经济发展局,,,',
      '庚项目,800,,,数字经济,,起步区,,洽谈,,',
    ];
    // b: no 项目编号 column, so each project is created one by one with the next code.
    const rb = await api(b, 'POST', '/api/v1/imports?kind=projects', [header, ...rows].join('\r\n') + '\r\n',
      { 'Content-Type': 'text/csv' });
    assert.equal(rb.status, 200, rb.text);
    assert.equal(rb.json.summary.inserted, 3);
    const stored = (await get(b, '/api/v1/projects?limit=200')).items;
    const codes = rows.map((r) => stored.find((p) => p.name === r.split(',')[0]).code);
    assert.deepEqual(codes, ['QH-2023-0001', 'QH-2023-0002', codes[2]]);
    // a: the same rows with the codes b was given, so they go through the bulk writer.
    const csv = ['项目编号,' + header, ...rows.map((r, i) => `${codes[i]},${r}`)].join('\r\n') + '\r\n';
    const ra = await api(a, 'POST', '/api/v1/imports?kind=projects', csv, { 'Content-Type': 'text/csv' });
    assert.equal(ra.status, 200, ra.text);
    assert.equal(ra.json.summary.inserted, 3);
    const trail = async (s) => (await get(s, '/api/v1/audit?entity=project&limit=200')).items
      .map((e) => [e.action, e.entity, e.entity_id, e.username, e.changes]).reverse();
    const ta = await trail(a);
    const tb = await trail(b);
    assert.equal(ta.length, 3);
    assert.deepEqual(ta, tb);
    // Hand-checked: the first project's changes, in the order the per-row path records them.
    assert.deepEqual(ta[0][4].map((c) => c.field), ['code', 'name', 'chain', 'channel', 'stage',
      'total_investment', 'location', 'signed_on', 'unit_id', 'land_mu', 'jobs']);
    assert.deepEqual(ta[0][4].find((c) => c.field === 'land_mu'), { field: 'land_mu', before: null, after: '12.50' });
  } finally {
    a.stop();
    b.stop();
  }
});

// The bulk path suspends search_eu_link (sql/019: which units handle a project of each
// enterprise, a handler's search scope) and adds the pairs once at the end: those of the new
// projects and of the stored projects the import linked to an enterprise.
test('after a bulk projects import a handler finds the enterprises its units now handle', async () => {
  const s = await startServer();
  try {
    const e1 = await createEnterprise(s, { name: '澜湾精密测试甲有限公司', credit_code: nextCreditCode() });
    const e2 = await createEnterprise(s, { name: '澜湾精密测试乙有限公司', credit_code: nextCreditCode() });
    const p0 = await createProject(s, { unit_id: 5 });
    const csv = '项目编号,项目名称,统一社会信用代码,责任单位\r\n' +
      `QH-2024-8801,澜湾新项目,${e1.credit_code},经济发展局\r\n${p0.code},${p0.name},${e2.credit_code},\r\n`;
    const r = await api(s, 'POST', '/api/v1/imports?kind=projects', csv, { 'Content-Type': 'text/csv' });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.rows.map((w) => w.action), ['insert', 'update']);
    const found = async (units) => {
      const h = await throwawaySession(s, 'handler', { unitIds: units });
      const q = await h.request('GET', `/api/v1/search?q=${encodeURIComponent('澜湾精密测试')}&type=enterprise`);
      assert.equal(q.status, 200);
      return q.json.groups.flatMap((g) => g.items.map((i) => i.id)).sort((a, b) => a - b);
    };
    assert.deepEqual(await found([3]), [e1.id], 'unit 3 handles the new project of e1');
    assert.deepEqual(await found([5]), [e2.id], 'unit 5 handles the stored project now naming e2');
    assert.deepEqual(await found([4]), []);
  } finally {
    s.stop();
  }
});
