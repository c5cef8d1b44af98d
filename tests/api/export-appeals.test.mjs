// export-appeals.test.mjs - the appeal ledger (诉求台账) and the arrangement ledger (具体安排台账):
// GET /api/v1/appeals/export and /api/v1/arrangements/export as .csv and .xlsx, read back
// (the .xlsx with python3-openpyxl, tests/api/xlsx_read.py) and compared with values written
// here by hand; the filters and scope of the lists; `guanlan export appeals|arrangements`.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { api, run, startServer } from './lib.mjs';
import { assertError, createEnterprise, get } from './helpers.mjs';
import { createUser, login, sqlOk } from './sessions.mjs';

const AP = '/api/v1/appeals';
const AR = '/api/v1/arrangements';
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const READER = new URL('./xlsx_read.py', import.meta.url).pathname;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const A_HEADERS = ['诉求编号', '企业名称', '诉求类别', '渠道', '12345工单号', '诉求内容', '状态', '主办单位',
  '协办单位', '提交时间', '受理时限', '答复时限', '答复时间', '答复内容', '是否超期', '评价', '重办次数', '督办', '所属观澜会'];
const X_HEADERS = ['安排编号', '安排内容', '责任单位', '来源', '作出日期', '时限（工作日）', '到期日', '到期日为估算',
  '状态', '完成日期', '结果', '是否超期', '取消或重开原因'];
const UNIT = 3;
const CO_UNIT = 5;

let srv, entA, entB, units;
const fx = {};
const as = {};

async function act(a, body) {
  const r = await api(srv, 'POST', `${AP}/${a.id}/actions`, body, { 'If-Match': `"${a.version}"` });
  assert.equal(r.status, 200, `${body.action}: ${r.text}`);
  return r.json;
}

// RFC 4180 records (quoted fields may hold commas, quotes and line breaks).
function parseCsv(text) {
  const rows = [];
  let row = [], field = '', i = 0, quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i += 2; continue; }
      if (c === '"') { quoted = false; i++; continue; }
      field += c; i++; continue;
    }
    if (c === '"') { quoted = true; i++; continue; }
    if (c === ',') { row.push(field); field = ''; i++; continue; }
    if (c === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i += 2; continue; }
    field += c; i++;
  }
  return rows;
}

async function csv(path, who = null) {
  const r = who ? await who.get(path) : await api(srv, 'GET', path);
  assert.equal(r.status, 200, `${path}: ${r.text}`);
  assert.equal(r.headers.get('content-type'), 'text/csv; charset=utf-8');
  assert.deepEqual([...r.bytes.subarray(0, 3)], [0xEF, 0xBB, 0xBF], 'UTF-8 byte-order mark');
  const [header, ...rows] = parseCsv(r.bytes.subarray(3).toString('utf8'));
  return { r, header, rows: rows.map((x) => Object.fromEntries(header.map((h, i) => [h, x[i]]))) };
}

function readXlsx(bytes) {
  const file = join(srv.dir, `read-${Date.now()}-${Math.random()}.xlsx`);
  writeFileSync(file, bytes);
  const p = spawnSync(PYTHON, [READER, file], { encoding: 'utf8' });
  assert.equal(p.status, 0, `xlsx_read.py: ${p.stderr}`);
  return JSON.parse(p.stdout);
}

const sheet = (book, name) => book.sheets.find((s) => s.name === name);
const firstCol = (s) => s.rows.slice(1).map((row) => row[0].v);
const minute = (t) => `${t.slice(0, 10)} ${t.slice(11, 16)}`;

before(async () => {
  srv = await startServer();
  units = Object.fromEntries((await get(srv, '/api/v1/ref/units')).items.map((u) => [u.id, u.name]));
  entA = await createEnterprise(srv, { name: '导出诉求企业甲' });
  entB = await createEnterprise(srv, { name: '导出诉求企业乙' });
  // 1: assigned with a co-unit, answered, rated 不满意 (reopened once), supervised by hand.
  let a = (await api(srv, 'POST', AP, { enterprise_id: entA.id, category: 'policy', text: '技改补贴，"尽快"兑现' })).json;
  a = await act(a, { action: 'accept' });
  a = await act(a, { action: 'assign', lead_unit_id: UNIT, co_unit_ids: [CO_UNIT], complexity: 'simple' });
  a = await act(a, { action: 'answer', answer: '已核定' });
  a = await act(a, { action: 'rate', rating: 'unsatisfied', comment: '不够' });
  fx.reopened = a;
  // 2: 12345, still submitted, its acceptance deadline long past (set by hand).
  const b = (await api(srv, 'POST', AP, { enterprise_id: entB.id, category: 'park', channel: 'hotline', external_id: '12345-0001', text: '道路积水' })).json;
  sqlOk(srv, `UPDATE appeal SET accept_due_on = '2020-01-02' WHERE id = ${b.id}`);
  fx.late = await get(srv, `${AP}/${b.id}`);
  // 3: declined.
  let c = (await api(srv, 'POST', AP, { enterprise_id: entA.id, category: 'other', text: '非本区事项' })).json;
  c = await act(c, { action: 'decline', reason: '属市级事项' });
  fx.declined = c;
  // 4: raised at a session, answered on the spot, rated 满意: closed.
  const series = (await api(srv, 'POST', '/api/v1/roundtable-series', { name: '导出测试观澜会' })).json;
  const rt = await api(srv, 'POST', '/api/v1/roundtables', { series_id: series.id, held_on: '2023-02-03', theme: '导出测试' });
  assert.equal(rt.status, 201, rt.text);
  fx.rt = rt.json;
  let d = await api(srv, 'POST', AP, { enterprise_id: entA.id, category: 'talent', channel: 'onsite', roundtable_id: rt.json.id, lead_unit_id: UNIT, text: '人才公寓', answer: '现场答复：安排入住' });
  assert.equal(d.status, 201, d.text);
  d = await act(d.json, { action: 'rate', rating: 'satisfied' });
  fx.onsite = d;
  // Arrangements: one on appeal 4 (so made at the session too), one overdue by a given due day, one done.
  const x1 = await api(srv, 'POST', AR, { appeal_id: d.id, text: '协调人才公寓房源', unit_id: UNIT, made_on: '2023-02-03', deadline_days: 3 });
  assert.equal(x1.status, 201, x1.text);
  fx.x1 = x1.json;
  const x2 = await api(srv, 'POST', AR, { appeal_id: fx.reopened.id, text: '复核补贴金额', unit_id: CO_UNIT, made_on: '2023-03-01', due_on: '2023-03-10' });
  assert.equal(x2.status, 201, x2.text);
  fx.x2 = x2.json;
  as.entA = await login(srv, ...(await (async () => { const u = await createUser(srv, 'enterprise', { enterprise_id: entA.id }); return [u.username, u.password]; })()));
  as.handler5 = await login(srv, ...(await (async () => { const u = await createUser(srv, 'handler', { unit_ids: [CO_UNIT] }); return [u.username, u.password]; })()));
});
after(async () => { await srv.stop(); });

describe('GET /api/v1/appeals/export', () => {
  test('CSV: BOM, Chinese header, every column of each appeal as computed by hand', async () => {
    const { r, header, rows } = await csv(`${AP}/export?format=csv`);
    assert.deepEqual(header, A_HEADERS);
    assert.match(r.headers.get('content-disposition'),
      /^attachment; filename="appeal-ledger-\d{8}\.csv"; filename\*=UTF-8''%E8%AF%89%E6%B1%82%E5%8F%B0%E8%B4%A6-\d{8}\.csv$/);
    assert.deepEqual(rows.map((x) => x['诉求编号']), [fx.onsite.code, fx.declined.code, fx.late.code, fx.reopened.code], 'newest first');
    const by = Object.fromEntries(rows.map((x) => [x['诉求编号'], x]));
    const a = fx.reopened;
    assert.deepEqual(by[a.code], {
      诉求编号: a.code, 企业名称: '导出诉求企业甲', 诉求类别: '政策配套', 渠道: '代办', '12345工单号': '',
      诉求内容: '技改补贴，"尽快"兑现', 状态: '办理中', 主办单位: units[UNIT], 协办单位: units[CO_UNIT],
      提交时间: minute(a.submitted_at), 受理时限: a.accept_due_on, 答复时限: a.answer_due_on,
      答复时间: minute(a.answered_at), 答复内容: '已核定', 是否超期: a.overdue ? '是' : '否', 评价: '不满意',
      重办次数: '1', 督办: '否', 所属观澜会: '',
    });
    const b = fx.late;
    assert.deepEqual(by[b.code], {
      诉求编号: b.code, 企业名称: '导出诉求企业乙', 诉求类别: '园区建设', 渠道: '12345', '12345工单号': '12345-0001',
      诉求内容: '道路积水', 状态: '已提交', 主办单位: '', 协办单位: '', 提交时间: minute(b.submitted_at),
      受理时限: '2020-01-02', 答复时限: '', 答复时间: '', 答复内容: '', 是否超期: '是', 评价: '', 重办次数: '0',
      督办: '否', 所属观澜会: '',
    });
    assert.equal(by[fx.declined.code]['状态'], '不予受理');
    assert.equal(by[fx.declined.code]['是否超期'], '否');
    const d = by[fx.onsite.code];
    assert.deepEqual([d['渠道'], d['状态'], d['评价'], d['答复内容'], d['所属观澜会']],
      ['现场', '已办结', '满意', '现场答复：安排入住', `导出测试观澜会第${fx.rt.number}期`]);
  });

  test('xlsx: one sheet per view, the rows of each, and the 说明 sheet', async () => {
    const r = await api(srv, 'GET', `${AP}/export`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.headers.get('content-type'), XLSX_TYPE);
    const book = readXlsx(r.bytes);
    assert.deepEqual(book.sheets.map((s) => s.name), ['诉求台账', '办理中', '已超期', '已答复', '已办结', '不予受理', '说明']);
    const all = sheet(book, '诉求台账');
    assert.deepEqual(all.rows[0].map((c) => c.v), A_HEADERS);
    assert.deepEqual(firstCol(all), [fx.onsite.code, fx.declined.code, fx.late.code, fx.reopened.code]);
    assert.deepEqual(firstCol(sheet(book, '办理中')), [fx.late.code, fx.reopened.code]);
    assert.deepEqual(firstCol(sheet(book, '已超期')), [fx.late.code]);
    assert.deepEqual(firstCol(sheet(book, '已答复')), []);
    assert.deepEqual(firstCol(sheet(book, '已办结')), [fx.onsite.code]);
    assert.deepEqual(firstCol(sheet(book, '不予受理')), [fx.declined.code]);
    const late = all.rows.find((row) => row[0].v === fx.late.code);
    assert.deepEqual(late[10], { ...late[10], v: '2020-01-02', t: 'd' }, '受理时限 is a date cell');
    assert.deepEqual(late[16], { ...late[16], v: 0, t: 'n' }, '重办次数 is a number');
    const notes = Object.fromEntries(sheet(book, '说明').rows.map((row) => [row[0].v, row[1].v]));
    assert.equal(notes['诉求数'], '4');
    assert.equal(notes['筛选条件'], '无（全部诉求）');
    assert.equal(notes['数据范围'], '全部诉求');
  });

  test('the list filters apply (state, category, channel, view); a bad filter or format is 400', async () => {
    assert.deepEqual((await csv(`${AP}/export?format=csv&category=policy`)).rows.map((x) => x['诉求编号']), [fx.reopened.code]);
    assert.deepEqual((await csv(`${AP}/export?format=csv&channel=hotline`)).rows.map((x) => x['诉求编号']), [fx.late.code]);
    assert.deepEqual((await csv(`${AP}/export?format=csv&state=declined,closed`)).rows.map((x) => x['诉求编号']), [fx.onsite.code, fx.declined.code]);
    assert.deepEqual((await csv(`${AP}/export?format=csv&view=overdue`)).rows.map((x) => x['诉求编号']), [fx.late.code]);
    assertError(await api(srv, 'GET', `${AP}/export?format=pdf`), 400, 'bad_parameter', 'format');
    assertError(await api(srv, 'GET', `${AP}/export?state=nope`), 400, 'bad_parameter', 'state');
    assertError(await api(srv, 'GET', `${AP}/export?colour=red`), 400);
  });

  test('scope: an enterprise user exports its own appeals, a handler its units\'', async () => {
    const own = (await csv(`${AP}/export?format=csv`, as.entA)).rows.map((x) => x['诉求编号']);
    assert.deepEqual(own, [fx.onsite.code, fx.declined.code, fx.reopened.code]);
    const co = (await csv(`${AP}/export?format=csv`, as.handler5)).rows.map((x) => x['诉求编号']);
    assert.deepEqual(co, [fx.reopened.code], 'a co-unit sees the appeal it helps with');
  });

  test('/appeals/export is the export, not the appeal called "export"', async () => {
    const r = await api(srv, 'GET', `${AP}/export?format=csv`);
    assert.equal(r.status, 200);
    assertError(await api(srv, 'GET', `${AP}/0`), 404);
  });
});

describe('GET /api/v1/arrangements/export', () => {
  test('CSV: every column, the source named, overdue judged on as_of', async () => {
    const { header, rows } = await csv(`${AR}/export?format=csv&as_of=2023-03-13`);
    assert.deepEqual(header, X_HEADERS);
    const by = Object.fromEntries(rows.map((x) => [x['安排编号'], x]));
    assert.deepEqual(by[String(fx.x1.id)], {
      安排编号: String(fx.x1.id), 安排内容: '协调人才公寓房源', 责任单位: units[UNIT],
      来源: `导出测试观澜会第${fx.rt.number}期；诉求 ${fx.onsite.code}`, 作出日期: '2023-02-03',
      '时限（工作日）': '3', 到期日: '2023-02-08', 到期日为估算: '否', 状态: '进行中', 完成日期: '', 结果: '',
      是否超期: '是', 取消或重开原因: '',
    });
    assert.deepEqual(by[String(fx.x2.id)], {
      安排编号: String(fx.x2.id), 安排内容: '复核补贴金额', 责任单位: units[CO_UNIT], 来源: `诉求 ${fx.reopened.code}`,
      作出日期: '2023-03-01', '时限（工作日）': '', 到期日: '2023-03-10', 到期日为估算: '否', 状态: '进行中',
      完成日期: '', 结果: '', 是否超期: '是', 取消或重开原因: '',
    });
    const early = (await csv(`${AR}/export?format=csv&as_of=2023-02-08`)).rows;
    assert.equal(early.find((x) => x['安排编号'] === String(fx.x1.id))['是否超期'], '否', 'due on 2023-02-08: not yet overdue that day');
  });

  test('xlsx sheets and views; done arrangements leave 进行中', async () => {
    const done = await api(srv, 'PATCH', `${AR}/${fx.x2.id}`, { status: 'done', result: '已复核', done_on: '2023-03-09' }, { 'If-Match': `"${fx.x2.version}"` });
    assert.equal(done.status, 200, done.text);
    const r = await api(srv, 'GET', `${AR}/export?as_of=2023-03-13`);
    assert.equal(r.status, 200, r.text);
    const book = readXlsx(r.bytes);
    assert.deepEqual(book.sheets.map((s) => s.name), ['具体安排台账', '进行中', '已超期', '已完成', '已取消', '说明']);
    assert.deepEqual(firstCol(sheet(book, '具体安排台账')), [fx.x1.id, fx.x2.id], 'by due day');
    assert.deepEqual(firstCol(sheet(book, '进行中')), [fx.x1.id]);
    assert.deepEqual(firstCol(sheet(book, '已超期')), [fx.x1.id]);
    assert.deepEqual(firstCol(sheet(book, '已完成')), [fx.x2.id]);
    const row = sheet(book, '已完成').rows[1];
    assert.deepEqual([row[9].v, row[9].t, row[10].v, row[11].v], ['2023-03-09', 'd', '已复核', '否']);
    assertError(await api(srv, 'GET', `${AR}/export?format=docx`), 400, 'bad_parameter', 'format');
  });

  test('scope: a handler exports its units\' arrangements', async () => {
    const ids = (await csv(`${AR}/export?format=csv`, as.handler5)).rows.map((x) => x['安排编号']);
    assert.deepEqual(ids, [String(fx.x2.id)]);
  });
});

describe('guanlan export appeals|arrangements', () => {
  test('the same ledgers from the command line, every row', () => {
    const out = join(srv.dir, 'appeals.csv');
    let r = run(['export', 'appeals', '--db', srv.db, '--out', out, '--category', 'park']);
    assert.equal(r.status, 0, r.stderr);
    const text = readFileSync(out, 'utf8');
    assert.ok(text.startsWith('\uFEFF诉求编号,'));
    assert.deepEqual(parseCsv(text.slice(1)).slice(1).map((x) => x[0]), [fx.late.code]);
    const xo = join(srv.dir, 'arr.xlsx');
    r = run(['export', 'arrangements', '--db', srv.db, '--out', xo, '--status', 'open']);
    assert.equal(r.status, 0, r.stderr);
    const book = readXlsx(readFileSync(xo));
    assert.deepEqual(firstCol(sheet(book, '具体安排台账')), [fx.x1.id]);
    r = run(['export', 'appeals', '--db', srv.db, '--out', out, '--state', 'nope']);
    assert.equal(r.status, 2);
  });
});
