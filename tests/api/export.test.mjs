// export.test.mjs - the project ledger (项目台账) and the problem ledger (制约问题台账) as .csv
// and .xlsx: GET /api/v1/projects/export, GET /api/v1/problems/export, `guanlan export`.  The .xlsx is read back by an independent reader, Debian's
// python3-openpyxl (tests/api/xlsx_read.py), and its cells compared with values written here by
// hand; the CSV is parsed by the RFC 4180 parser below.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { api, run, startServer } from './lib.mjs';
import { PRJ, assertError, createEnterprise, createProject, get } from './helpers.mjs';
import { login } from './sessions.mjs';

const EXPORT = `${PRJ}/export`;
const HEADERS = ['项目编号', '项目名称', '企业', '产业链', '招商方式', '阶段', '所在地', '总投资（万元）',
  '总投资（亿元）', '签约金额（万元）', '固定资产投资（万元）', '外资（万美元）', '累计到位资金（万元）', '用地（亩）',
  '预计年产值（万元）', '预计年税收（万元）', '就业人数', '签约日期', '开工日期', '投产日期', '达产日期', '包挂领导',
  '责任单位', '重点项目', '产业类', '计入固投统计（≥500万元）', '5000万元以上'];
// The money, ledger and flag columns, empty (or 否) for a project that has none of them.
const NO_MONEY = {
  '签约金额（万元）': '', '固定资产投资（万元）': '', '外资（万美元）': '', '累计到位资金（万元）': '', '用地（亩）': '',
  '预计年产值（万元）': '', '预计年税收（万元）': '', 就业人数: '', 达产日期: '',
};
const SHEETS = ['项目台账', '在谈', '签约未开工', '在建', '已投产', '搁置终止', '说明'];
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const READER = new URL('./xlsx_read.py', import.meta.url).pathname;

let srv;
const fx = {};   // the fixture projects, by key

before(async () => {
  srv = await startServer({ demo: true });
  const e1 = await createEnterprise(srv, { name: '导出测试企业甲' });
  const e2 = await createEnterprise(srv, { name: '导出测试企业乙' });
  // Every column filled, with values whose cells are known by hand.
  fx.full = await createProject(srv, {
    name: '导出测试，"整车"项目\n二期',
    enterprise_ids: [e2.id, e1.id],
    chain: 'nev',
    channel: 'chain',
    stage: 'started',
    total_investment: 123456,
    location: '370115',
    signed_on: '2023-06-18',
    started_on: '2023-09-01',
    leader: '王副主任',
    unit_id: 11,
    key_project: true,
    industrial: true,
  });
  // Names a spreadsheet would take for formulas.
  fx.formula = await createProject(srv, { name: '=HYPERLINK("http://x","y")' });
  fx.plus = await createProject(srv, { name: '+86 项目' });
  fx.at = await createProject(srv, { name: '@SUM(1)' });
  fx.minus = await createProject(srv, { name: '-1+2', stage: 'on_hold' });
  // Every money, ledger and outcome column; 4999万元 is countable (>= 500) but not large.
  fx.money = await createProject(srv, {
    name: '导出测试达产项目', stage: 'capacity', total_investment: 4999, signed_amount: 4800,
    signed_on: '2022-03-01', started_on: '2022-06-01', production_on: '2023-01-10', capacity_on: '2023-08-08',
    fixed_asset_investment: 4000, foreign_investment: 1200, land_mu: '350.5', annual_output: 20000,
    annual_tax: 1500, jobs: 320, location: 'zone', unit_id: 3,
  });
  const funds = await api(srv, 'PUT', `${PRJ}/${fx.money.id}/funds`,
    { items: [{ month: '2022-03', amount: 1000 }, { month: '2022-05', amount: 2345 }] },
    { 'If-Match': `"${fx.money.version}"` });
  assert.equal(funds.status, 200, funds.text);
  await problemFixtures();
});
after(async () => { await srv.stop(); });

// ---- reading what came back ------------------------------------------------------------

// RFC 4180: records end with CRLF, fields quoted when needed with "" for a quote.
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i += 2; continue; }
      if (c === '"') { quoted = false; i++; continue; }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') { quoted = true; i++; continue; }
    if (c === ',') { row.push(field); field = ''; i++; continue; }
    if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
      continue;
    }
    assert.ok(c !== '\n' && c !== '\r', `a bare line break outside quotes at ${i}`);
    field += c;
    i++;
  }
  assert.equal(field, '', 'the last record ends with CRLF');
  assert.equal(row.length, 0, 'the last record ends with CRLF');
  return rows;
}

// The CSV of a query, checked for BOM and type; returns {header, rows (objects by header)}.
async function csv(query = '', who = null) {
  const path = `${EXPORT}?format=csv${query ? `&${query}` : ''}`;
  const r = who ? await who.get(path) : await api(srv, 'GET', path);
  assert.equal(r.status, 200, `${path}: ${r.text}`);
  assert.equal(r.headers.get('content-type'), 'text/csv; charset=utf-8');
  assert.deepEqual([...r.bytes.subarray(0, 3)], [0xEF, 0xBB, 0xBF], 'UTF-8 byte-order mark');
  const [header, ...rows] = parseCsv(r.bytes.subarray(3).toString('utf8'));
  return { r, header, rows: rows.map((x) => Object.fromEntries(header.map((h, i) => [h, x[i]]))) };
}

function readXlsx(file) {
  const p = spawnSync(PYTHON, [READER, file], { encoding: 'utf8' });
  assert.equal(p.status, 0, `xlsx_read.py: ${p.stderr}`);
  return JSON.parse(p.stdout);
}

async function xlsx(query = '') {
  const r = await api(srv, 'GET', `${EXPORT}${query ? `?${query}` : ''}`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.headers.get('content-type'), XLSX_TYPE);
  const file = join(srv.dir, `read-${Date.now()}-${Math.random()}.xlsx`);
  writeFileSync(file, r.bytes);
  return { r, book: readXlsx(file) };
}

// Every project of the JSON list for a query, as seen by who (admin token by default).
async function listed(query = '', who = null) {
  const items = [];
  for (let offset = 0; ; offset += 200) {
    const path = `${PRJ}?limit=200&offset=${offset}${query ? `&${query}` : ''}`;
    const r = who ? await who.get(path) : await api(srv, 'GET', path);
    assert.equal(r.status, 200, r.text);
    items.push(...r.json.items);
    if (items.length >= r.json.total) return items;
  }
}

const sheet = (book, name) => book.sheets.find((s) => s.name === name);
const codesOf = (sheetRows) => sheetRows.slice(1).map((row) => row[0].v);

// ---- CSV ---------------------------------------------------------------------------------

describe('GET /api/v1/projects/export?format=csv', () => {
  test('BOM, Chinese header, CRLF, a Chinese file name with an ASCII fallback', async () => {
    const { r, header } = await csv();
    assert.deepEqual(header, HEADERS);
    assert.ok(r.text.startsWith('\uFEFF项目编号,项目名称,企业,'), r.text.slice(0, 40));
    assert.ok(r.text.includes('\r\n'));
    assert.match(r.headers.get('content-disposition'),
      /^attachment; filename="project-ledger-\d{8}\.csv"; filename\*=UTF-8''%E9%A1%B9%E7%9B%AE%E5%8F%B0%E8%B4%A6-\d{8}\.csv$/);
    assert.equal(r.headers.get('cache-control'), 'no-store');
  });

  test('every column of a project, codes as names, quoting as RFC 4180', async () => {
    const { rows } = await csv();
    const row = rows.find((x) => x['项目编号'] === fx.full.code);
    assert.deepEqual(row, {
      项目编号: fx.full.code,
      项目名称: '导出测试，"整车"项目\n二期',
      企业: '导出测试企业乙、导出测试企业甲',
      产业链: '新能源汽车',
      招商方式: '产业链招商',
      阶段: '开工',
      所在地: '济阳区',
      '总投资（万元）': '123456',
      '总投资（亿元）': '12.3456',
      ...NO_MONEY,
      签约日期: '2023-06-18',
      开工日期: '2023-09-01',
      投产日期: '',
      包挂领导: '王副主任',
      责任单位: '比亚迪项目建设服务专班',
      重点项目: '是',
      产业类: '是',
      '计入固投统计（≥500万元）': '是',
      '5000万元以上': '是',
    });
    // The raw text: the name is quoted, its quotes doubled, its line break kept.
    const { r } = await csv();
    assert.ok(r.text.includes(`${fx.full.code},"导出测试，""整车""项目\n二期",`), 'quoted name');
  });

  test('a project with nothing but a name: empty cells, 否, the zone by its name', async () => {
    const { rows } = await csv();
    const row = rows.find((x) => x['项目编号'] === fx.plus.code);
    assert.equal(row['企业'], '');
    assert.equal(row['产业链'], '');
    assert.equal(row['阶段'], '线索');
    assert.equal(row['所在地'], '济南新旧动能转换起步区');
    assert.equal(row['总投资（万元）'], '');
    assert.equal(row['总投资（亿元）'], '');
    assert.equal(row['责任单位'], '');
    assert.equal(row['重点项目'], '否');
    assert.equal(row['产业类'], '否');
    assert.equal(row['计入固投统计（≥500万元）'], '否', 'no total investment: not countable');
    assert.equal(row['5000万元以上'], '否');
  });

  test('the money, ledger and outcome columns: exact figures, land with two decimals', async () => {
    const { rows } = await csv();
    const row = rows.find((x) => x['项目编号'] === fx.money.code);
    const money = Object.fromEntries(HEADERS.slice(7, 21).concat(HEADERS.slice(25)).map((h) => [h, row[h]]));
    assert.deepEqual(money, {
      '总投资（万元）': '4999', '总投资（亿元）': '0.4999', '签约金额（万元）': '4800',
      '固定资产投资（万元）': '4000', '外资（万美元）': '1200', '累计到位资金（万元）': '3345',
      '用地（亩）': '350.50', '预计年产值（万元）': '20000', '预计年税收（万元）': '1500', 就业人数: '320',
      签约日期: '2022-03-01', 开工日期: '2022-06-01', 投产日期: '2023-01-10', 达产日期: '2023-08-08',
      '计入固投统计（≥500万元）': '是', '5000万元以上': '否',
    });
  });

  test('formula injection: text starting with = + - @ gets an apostrophe', async () => {
    const { rows } = await csv();
    const name = (p) => rows.find((x) => x['项目编号'] === p.code)['项目名称'];
    assert.equal(name(fx.formula), `'=HYPERLINK("http://x","y")`);
    assert.equal(name(fx.plus), "'+86 项目");
    assert.equal(name(fx.at), "'@SUM(1)");
    assert.equal(name(fx.minus), "'-1+2");
    assert.equal(name(fx.full), '导出测试，"整车"项目\n二期', 'other text is left alone');
  });

  for (const query of ['', 'stage=signed', 'chain=nev', 'location=zone&signed_year=2023',
    'industrial=true&sort=-total_investment', 'q=比亚迪', 'stage=dropped&chain=nev']) {
    test(`the same rows as the list, in its order: ${query || 'no filter'}`, async () => {
      const list = await listed(query);
      const { rows } = await csv(query);
      assert.equal(rows.length, list.length);
      assert.deepEqual(rows.map((x) => x['项目编号']), list.map((p) => p.code));
      if (query === '') assert.ok(rows.length >= 70, `the demo has 65 projects and the fixture 5, got ${rows.length}`);
    });
  }

  test('scoped as the list: a handler and an enterprise user get only their rows', async () => {
    const all = (await csv()).rows.map((x) => x['项目编号']);
    for (const role of ['handler', 'enterprise']) {
      const who = await login(srv, role);
      const mine = (await listed('', who)).map((p) => p.code);
      const got = (await csv('', who)).rows.map((x) => x['项目编号']);
      assert.deepEqual(got, mine, `${role}: the export has exactly the list's rows`);
      assert.ok(got.length > 0 && got.length < all.length, `${role}: ${got.length} of ${all.length}`);
    }
    const handler = await login(srv, 'handler');
    const units = new Set((await csv('', handler)).rows.map((x) => x['责任单位']));
    assert.deepEqual([...units], ['经济发展局'], 'the demo handler works for unit 3 (经济发展局)');
  });
});

// ---- refused -----------------------------------------------------------------------------

describe('GET /api/v1/projects/export: bad requests', () => {
  test('400 for a bad format, a bad filter, or a parameter the export does not take', async () => {
    const cases = [
      ['format=pdf', 'format'],
      ['format=', null],
      ['stage=bogus', 'stage'],
      ['signed_year=twenty', 'signed_year'],
      ['industrial=maybe', 'industrial'],
      ['sort=bogus', 'sort'],
      ['limit=10', 'limit'],
      ['offset=10', 'offset'],
      ['colour=red', 'colour'],
    ];
    for (const [query, field] of cases) {
      const r = await api(srv, 'GET', `${EXPORT}?${query}`);
      if (field === null) {
        // An empty parameter is an absent one: the default format.
        assert.equal(r.status, 200, `${query}: ${r.text}`);
        assert.equal(r.headers.get('content-type'), XLSX_TYPE);
        continue;
      }
      assertError(r, 400, 'bad_parameter', field);
    }
  });

  test('403 for the viewer, 401 without credentials', async () => {
    const viewer = await login(srv, 'viewer');
    assertError(await viewer.get(`${EXPORT}?format=csv`), 403, 'forbidden');
    assertError(await api(srv, 'GET', EXPORT, undefined, { Authorization: null }), 401, 'unauthenticated');
  });

  test('/projects/export is not project "export"; /projects/{id} still works', async () => {
    assertError(await api(srv, 'POST', EXPORT, {}), 405, 'method_not_allowed');
    assert.equal((await get(srv, `${PRJ}/${fx.full.id}`)).code, fx.full.code);
  });
});

// ---- XLSX --------------------------------------------------------------------------------

describe('GET /api/v1/projects/export?format=xlsx, read back by openpyxl', () => {
  let book;
  let resp;
  before(async () => { ({ r: resp, book } = await xlsx('format=xlsx')); });

  test('the sheets, and a Chinese file name', () => {
    assert.deepEqual(book.sheets.map((s) => s.name), SHEETS);
    assert.match(resp.headers.get('content-disposition'),
      /^attachment; filename="project-ledger-\d{8}\.xlsx"; filename\*=UTF-8''%E9%A1%B9%E7%9B%AE%E5%8F%B0%E8%B4%A6-\d{8}\.xlsx$/);
  });

  test('each view: bold frozen header row, autofilter over every row, column widths', () => {
    for (const name of SHEETS.slice(0, -1)) {
      const s = sheet(book, name);
      assert.deepEqual(s.rows[0].map((c) => c.v), HEADERS, name);
      assert.ok(s.rows[0].every((c) => c.bold && c.t === 's'), `${name}: bold text header`);
      assert.equal(s.freeze, 'A2', `${name}: the header row is frozen`);
      assert.equal(s.autofilter, `A1:AA${s.rows.length}`, name);
      assert.ok(s.widths.B > 30 && s.widths.F < 10, `${name}: widths ${JSON.stringify(s.widths)}`);
    }
  });

  test('cell values, types and number formats of a project', () => {
    const row = sheet(book, '项目台账').rows.find((x) => x[0].v === fx.full.code);
    const got = Object.fromEntries(HEADERS.map((h, i) => [h, [row[i].v, row[i].t, row[i].fmt]]));
    assert.deepEqual(got, {
      项目编号: [fx.full.code, 's', 'General'],
      项目名称: ['导出测试，"整车"项目\n二期', 's', 'General'],
      企业: ['导出测试企业乙、导出测试企业甲', 's', 'General'],
      产业链: ['新能源汽车', 's', 'General'],
      招商方式: ['产业链招商', 's', 'General'],
      阶段: ['开工', 's', 'General'],
      所在地: ['济阳区', 's', 'General'],
      '总投资（万元）': [123456, 'n', '#,##0'],
      '总投资（亿元）': [12.3456, 'n', '0.00'],
      '签约金额（万元）': [null, 'null', '#,##0'],
      '固定资产投资（万元）': [null, 'null', '#,##0'],
      '外资（万美元）': [null, 'null', '#,##0'],
      '累计到位资金（万元）': [null, 'null', '#,##0'],
      '用地（亩）': [null, 'null', '#,##0.00'],
      '预计年产值（万元）': [null, 'null', '#,##0'],
      '预计年税收（万元）': [null, 'null', '#,##0'],
      就业人数: [null, 'null', '0'],
      签约日期: ['2023-06-18', 'd', 'yyyy-mm-dd'],
      开工日期: ['2023-09-01', 'd', 'yyyy-mm-dd'],
      投产日期: [null, 'null', 'yyyy-mm-dd'],
      达产日期: [null, 'null', 'yyyy-mm-dd'],
      包挂领导: ['王副主任', 's', 'General'],
      责任单位: ['比亚迪项目建设服务专班', 's', 'General'],
      重点项目: ['是', 's', 'General'],
      产业类: ['是', 's', 'General'],
      '计入固投统计（≥500万元）': ['是', 's', 'General'],
      '5000万元以上': ['是', 's', 'General'],
    });
  });

  test('the money columns as numbers with their formats', () => {
    const row = sheet(book, '项目台账').rows.find((x) => x[0].v === fx.money.code);
    const got = Object.fromEntries(HEADERS.map((h, i) => [h, [row[i].v, row[i].t, row[i].fmt]]).slice(7, 21));
    assert.deepEqual(got, {
      '总投资（万元）': [4999, 'n', '#,##0'],
      '总投资（亿元）': [0.4999, 'n', '0.00'],
      '签约金额（万元）': [4800, 'n', '#,##0'],
      '固定资产投资（万元）': [4000, 'n', '#,##0'],
      '外资（万美元）': [1200, 'n', '#,##0'],
      '累计到位资金（万元）': [3345, 'n', '#,##0'],
      '用地（亩）': [350.5, 'n', '#,##0.00'],
      '预计年产值（万元）': [20000, 'n', '#,##0'],
      '预计年税收（万元）': [1500, 'n', '#,##0'],
      就业人数: [320, 'n', '0'],
      签约日期: ['2022-03-01', 'd', 'yyyy-mm-dd'],
      开工日期: ['2022-06-01', 'd', 'yyyy-mm-dd'],
      投产日期: ['2023-01-10', 'd', 'yyyy-mm-dd'],
      达产日期: ['2023-08-08', 'd', 'yyyy-mm-dd'],
    });
    assert.deepEqual(row.slice(25).map((c) => c.v), ['是', '否']);
    assert.ok(codesOf(sheet(book, '已投产').rows).includes(fx.money.code), 'capacity is in 已投产');
  });

  test('text is text: no apostrophe, and no formula, in the workbook', () => {
    const rows = sheet(book, '项目台账').rows;
    const cellOf = (p) => rows.find((x) => x[0].v === p.code)[1];
    assert.deepEqual(cellOf(fx.formula), { v: '=HYPERLINK("http://x","y")', t: 's', fmt: 'General', bold: false });
    assert.equal(cellOf(fx.minus).v, '-1+2');
  });

  test('the same rows as the CSV; each stage sheet has exactly its stages', async () => {
    const all = codesOf(sheet(book, '项目台账').rows);
    assert.deepEqual(all, (await csv()).rows.map((x) => x['项目编号']));
    const list = await listed();
    const groups = {
      在谈: ['lead', 'negotiating'], 签约未开工: ['signed'], 在建: ['started'],
      已投产: ['production', 'capacity'], 搁置终止: ['on_hold', 'dropped'],
    };
    let total = 0;
    for (const [name, stages] of Object.entries(groups)) {
      const want = list.filter((p) => stages.includes(p.stage)).map((p) => p.code);
      assert.deepEqual(codesOf(sheet(book, name).rows), want, name);
      total += want.length;
    }
    assert.equal(total, all.length, 'every row is in one stage sheet');
    assert.ok(codesOf(sheet(book, '在建').rows).includes(fx.full.code));
    assert.ok(codesOf(sheet(book, '搁置终止').rows).includes(fx.minus.code));
  });

  test('说明 names the filters, the scope, the row count and who exported', async () => {
    const { book: b } = await xlsx('stage=signed&chain=nev&location=zone&signed_year=2023&industrial=true');
    const notes = Object.fromEntries(sheet(b, '说明').rows.slice(1).map((x) => [x[0].v, x[1].v]));
    assert.equal(notes['筛选条件'],
      '阶段：签约；产业链：新能源汽车；所在地：济南新旧动能转换起步区；签约年份：2023；产业类：是；排序：按编号');
    assert.equal(notes['数据范围'], '全部项目');
    const n = (await listed('stage=signed&chain=nev&location=zone&signed_year=2023&industrial=true')).length;
    assert.equal(notes['项目数'], String(n));
    assert.equal(codesOf(sheet(b, '项目台账').rows).length, n);
    assert.equal(notes['导出人'], '系统管理员（admin）');
    assert.match(notes['导出时间'], /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
    assert.deepEqual(sheet(b, '说明').rows[0].map((c) => [c.v, c.bold]), [['项目', true], ['内容', true]]);
  });
});

// ---- the command line --------------------------------------------------------------------

describe('guanlan export projects', () => {
  const out = (name) => join(srv.dir, name);

  test('writes the same CSV as the API for the same filters', async () => {
    const file = out('cli.csv');
    const r = run(['export', 'projects', '--db', srv.db, '--format', 'csv', '--out', file,
      '--stage', 'signed', '--chain', 'nev', '--location', 'zone', '--year', '2023']);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(!existsSync(`${file}.tmp`), 'no temporary file left');
    const api = (await csv('stage=signed&chain=nev&location=zone&signed_year=2023')).r.bytes;
    assert.ok(readFileSync(file).equals(api), 'byte for byte the API export');
    assert.match(r.stderr, new RegExp(`${parseCsv(api.subarray(3).toString('utf8')).length - 1} projects written`));
  });

  test('writes an .xlsx (format from the extension) with every project', async () => {
    const file = out('cli.xlsx');
    const r = run(['export', 'projects', '--db', srv.db, '--out', file]);
    assert.equal(r.status, 0, r.stderr);
    const b = readXlsx(file);
    assert.deepEqual(b.sheets.map((s) => s.name), SHEETS);
    assert.deepEqual(codesOf(sheet(b, '项目台账').rows), (await listed()).map((p) => p.code));
    const notes = Object.fromEntries(sheet(b, '说明').rows.slice(1).map((x) => [x[0].v, x[1].v]));
    assert.equal(notes['导出人'], '命令行（全部数据）');
  });

  test('bad options: exit status 2, a message, and no file', () => {
    const cases = [
      [['--format', 'pdf'], /--format pdf/],
      [['--stage', 'bogus'], /--stage bogus/],
      [['--chain', 'nope'], /--chain nope/],
      [['--location', '999999'], /--location 999999/],
      [['--year', '20x3'], /--year 20x3/],
      [['--industrial', 'maybe'], /--industrial maybe/],
      [['--sort', 'size'], /--sort size/],
      [['--colour', 'red'], /unknown option --colour/],
      [['--stage'], /--stage needs a value/],
    ];
    for (const [args, message] of cases) {
      const file = out('bad.xlsx');
      const r = run(['export', 'projects', '--db', srv.db, '--out', file, ...args]);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.ok(!existsSync(file) && !existsSync(`${file}.tmp`), `${args.join(' ')}: no file`);
    }
    const noOut = run(['export', 'projects', '--db', srv.db]);
    assert.equal(noOut.status, 2);
    assert.match(noOut.stderr, /--out FILE is required/);
    const what = run(['export', 'enterprises', '--db', srv.db, '--out', out('e.csv')]);
    assert.equal(what.status, 2);
    assert.ok(!existsSync(out('e.csv')));
  });

  test('a file that cannot be written: exit status 1, nothing left behind', () => {
    const file = join(srv.dir, 'no-such-dir', 'x.csv');
    const r = run(['export', 'projects', '--db', srv.db, '--out', file]);
    assert.equal(r.status, 1, r.stderr);
    assert.ok(!existsSync(file) && !existsSync(`${file}.tmp`));
  });

  test('an existing FILE is replaced only by a complete export', () => {
    const file = out('keep.csv');
    writeFileSync(file, 'old');
    const bad = run(['export', 'projects', '--db', srv.db, '--out', file, '--stage', 'bogus']);
    assert.equal(bad.status, 2);
    assert.equal(readFileSync(file, 'utf8'), 'old', 'a refused export leaves FILE as it was');
    const good = run(['export', 'projects', '--db', srv.db, '--out', file]);
    assert.equal(good.status, 0, good.stderr);
    assert.ok(readFileSync(file).subarray(0, 3).equals(Buffer.from([0xEF, 0xBB, 0xBF])));
    rmSync(file);
  });
});

// ---- the problem ledger (制约问题台账) -----------------------------------------------------

const PB = '/api/v1/problems';
const PB_EXPORT = `${PB}/export`;
const PB_HEADERS = ['问题编号', '项目编号', '项目名称', '问题类型', '问题描述', '责任单位', '提出日期',
  '办理时限（工作日）', '到期日', '到期日为估算', '状态', '解决情况', '解决日期', '所属专班', '是否超期'];
const PB_SHEETS = ['问题台账', '未解决', '已超期', '已解决', '未解决关闭', '说明'];
const pb = {};   // the fixture problems

async function createProblem(pid, fields) {
  const r = await api(srv, 'POST', `${PRJ}/${pid}/problems`, fields);
  assert.equal(r.status, 201, `creating a problem: ${r.text}`);
  return r.json;
}

async function moveProblem(p, body) {
  const r = await api(srv, 'POST', `${PB}/${p.id}/status`, body, { 'If-Match': `"${p.version}"` });
  assert.equal(r.status, 200, `moving a problem: ${r.text}`);
  return r.json;
}

// Four problems, one per way a problem ends up; fx.full is unit 11's, fx.unit3 the demo
// handler's unit 3 (经济发展局).
async function problemFixtures() {
  fx.unit3 = await createProject(srv, { name: '问题导出测试乙项目', unit_id: 3 });
  const tf = await api(srv, 'POST', '/api/v1/taskforces', { name: '问题导出测试专班', project_ids: [fx.full.id] });
  assert.equal(tf.status, 201, tf.text);
  // Thu 2024-02-08 + 2 working days: Fri 02-09, then 春节 02-10..17 off, Sun 02-18 调休.
  pb.overdue = await createProblem(fx.full.id, {
    type: 'approval', description: '环评审批滞后，"急"', unit_id: 6, opened_on: '2024-02-08',
    deadline_days: 2, taskforce_id: tf.json.id,
  });
  // Mon 2024-05-06 + 5: 05-07..10, then Sat 05-11 (劳动节调休).
  pb.resolved = await moveProblem(await createProblem(fx.full.id, {
    type: 'land', description: '用地指标未落实', unit_id: 3, opened_on: '2024-05-06', deadline_days: 5,
  }), { status: 'resolved', resolution: '已协调供地', resolved_on: '2024-05-10' });
  // Fri 2024-09-27 + 1: Sat 09-28 is a rest day, Sun 09-29 (国庆调休) a working day.
  pb.closed = await moveProblem(await createProblem(fx.unit3.id, {
    type: 'other', description: '=1+1 不是公式', unit_id: 4, opened_on: '2024-09-27', deadline_days: 1,
  }), { status: 'closed_unresolved', resolution: '方案调整，不再需要', resolved_on: '2024-10-08' });
  // Opened today with a year to go: in progress, not overdue.
  pb.going = await moveProblem(await createProblem(fx.unit3.id, {
    type: 'funding', description: '配套资金未到位', unit_id: 9, deadline_days: 250,
  }), { status: 'in_progress' });
}

async function pbCsv(query = '', who = null) {
  const path = `${PB_EXPORT}?format=csv${query ? `&${query}` : ''}`;
  const r = who ? await who.get(path) : await api(srv, 'GET', path);
  assert.equal(r.status, 200, `${path}: ${r.text}`);
  assert.equal(r.headers.get('content-type'), 'text/csv; charset=utf-8');
  assert.deepEqual([...r.bytes.subarray(0, 3)], [0xEF, 0xBB, 0xBF], 'UTF-8 byte-order mark');
  const [header, ...rows] = parseCsv(r.bytes.subarray(3).toString('utf8'));
  return { r, header, rows: rows.map((x) => Object.fromEntries(header.map((h, i) => [h, x[i]]))) };
}

// Every problem of the JSON ledger for a query, as seen by who.
async function pbListed(query = '', who = null) {
  const items = [];
  for (let offset = 0; ; offset += 200) {
    const path = `${PB}?limit=200&offset=${offset}${query ? `&${query}` : ''}`;
    const r = who ? await who.get(path) : await api(srv, 'GET', path);
    assert.equal(r.status, 200, r.text);
    items.push(...r.json.items);
    if (items.length >= r.json.total) return items;
  }
}

const pbIds = (rows) => rows.map((x) => Number(x['问题编号']));

describe('GET /api/v1/problems/export?format=csv', () => {
  test('BOM, Chinese header, a Chinese file name with an ASCII fallback', async () => {
    const { r, header } = await pbCsv();
    assert.deepEqual(header, PB_HEADERS);
    assert.ok(r.text.startsWith('\uFEFF问题编号,项目编号,项目名称,问题类型,'), r.text.slice(0, 40));
    assert.match(r.headers.get('content-disposition'),
      /^attachment; filename="problem-ledger-\d{8}\.csv"; filename\*=UTF-8''%E5%88%B6%E7%BA%A6%E9%97%AE%E9%A2%98%E5%8F%B0%E8%B4%A6-\d{8}\.csv$/);
  });

  test('every column of each fixture problem, by hand', async () => {
    const { rows, r } = await pbCsv();
    const row = (p) => rows.find((x) => x['问题编号'] === String(p.id));
    assert.deepEqual(row(pb.overdue), {
      问题编号: String(pb.overdue.id), 项目编号: fx.full.code, 项目名称: '导出测试，"整车"项目\n二期',
      问题类型: '审批', 问题描述: '环评审批滞后，"急"', 责任单位: '行政审批服务局', 提出日期: '2024-02-08',
      '办理时限（工作日）': '2', 到期日: '2024-02-18', 到期日为估算: '否', 状态: '待解决', 解决情况: '',
      解决日期: '', 所属专班: '问题导出测试专班', 是否超期: '是',
    });
    assert.deepEqual(row(pb.resolved), {
      问题编号: String(pb.resolved.id), 项目编号: fx.full.code, 项目名称: '导出测试，"整车"项目\n二期',
      问题类型: '用地', 问题描述: '用地指标未落实', 责任单位: '经济发展局', 提出日期: '2024-05-06',
      '办理时限（工作日）': '5', 到期日: '2024-05-11', 到期日为估算: '否', 状态: '已解决',
      解决情况: '已协调供地', 解决日期: '2024-05-10', 所属专班: '', 是否超期: '否',
    });
    assert.deepEqual(row(pb.closed), {
      问题编号: String(pb.closed.id), 项目编号: fx.unit3.code, 项目名称: '问题导出测试乙项目',
      问题类型: '其他', 问题描述: "'=1+1 不是公式", 责任单位: '自然资源和规划局', 提出日期: '2024-09-27',
      '办理时限（工作日）': '1', 到期日: '2024-09-29', 到期日为估算: '否', 状态: '未解决关闭',
      解决情况: '方案调整，不再需要', 解决日期: '2024-10-08', 所属专班: '', 是否超期: '否',
    });
    const going = row(pb.going);
    assert.deepEqual([going['问题类型'], going['责任单位'], going['状态'], going['是否超期'], going['提出日期'], going['到期日']],
      ['资金', '人才工作办公室', '推进中', '否', pb.going.opened_on, pb.going.due_on]);
    assert.ok(r.text.includes(`,"环评审批滞后，""急""",行政审批服务局,2024-02-08,2,2024-02-18,否,待解决,,,问题导出测试专班,是\r\n`),
      'the description quoted, its quotes doubled');
  });

  for (const query of ['', 'status=open', 'type=funding', 'overdue=true', 'overdue=false', 'unit=3',
    'taskforce=', 'status=resolved&type=land']) {
    test(`the same rows as the ledger, by id: ${query || 'no filter'}`, async () => {
      const list = await pbListed(query);
      const { rows } = await pbCsv(query);
      assert.deepEqual(pbIds(rows), list.map((p) => p.id));
    });
  }

  test('a filter narrows the rows: type=funding&status=in_progress is the one fixture', async () => {
    const { rows } = await pbCsv(`type=funding&status=in_progress&project=${fx.unit3.id}`);
    assert.deepEqual(pbIds(rows), [pb.going.id]);
    const all = pbIds((await pbCsv()).rows);
    assert.ok(all.length >= 4 && [pb.overdue, pb.resolved, pb.closed, pb.going].every((p) => all.includes(p.id)));
  });

  test('scoped as the ledger: the handler gets the problems of unit 3 only', async () => {
    const handler = await login(srv, 'handler');
    const mine = (await pbListed('', handler)).map((p) => p.id);
    const got = pbIds((await pbCsv('', handler)).rows);
    assert.deepEqual(got, mine, 'exactly the ledger\'s rows');
    // resolved is owned by unit 3; closed and going belong to unit 3's project; overdue neither.
    for (const p of [pb.resolved, pb.closed, pb.going]) assert.ok(got.includes(p.id), `handler sees ${p.id}`);
    assert.ok(!got.includes(pb.overdue.id), 'not a problem of unit 6 on unit 11\'s project');
    const enterprise = await login(srv, 'enterprise');
    const theirs = pbIds((await pbCsv('', enterprise)).rows);
    assert.deepEqual(theirs, (await pbListed('', enterprise)).map((p) => p.id));
    assert.ok([pb.overdue, pb.resolved, pb.closed, pb.going].every((p) => !theirs.includes(p.id)));
  });

  test('400 naming the bad parameter; 403 for the viewer; /problems/export is no problem id', async () => {
    for (const [query, field] of [['format=pdf', 'format'], ['status=bogus', 'status'], ['type=weather', 'type'],
      ['overdue=maybe', 'overdue'], ['unit=x', 'unit'], ['limit=10', 'limit'], ['offset=1', 'offset'], ['q=x', 'q']]) {
      assertError(await api(srv, 'GET', `${PB_EXPORT}?${query}`), 400, 'bad_parameter', field);
    }
    const viewer = await login(srv, 'viewer');
    assertError(await viewer.get(`${PB_EXPORT}?format=csv`), 403, 'forbidden');
    assertError(await api(srv, 'PATCH', PB_EXPORT, {}), 405, 'method_not_allowed');
    assert.equal((await get(srv, `${PB}/${pb.overdue.id}`)).id, pb.overdue.id);
  });
});

describe('GET /api/v1/problems/export?format=xlsx, read back by openpyxl', () => {
  let book;
  let resp;
  before(async () => {
    resp = await api(srv, 'GET', PB_EXPORT);
    assert.equal(resp.status, 200, resp.text);
    assert.equal(resp.headers.get('content-type'), XLSX_TYPE);
    const file = join(srv.dir, 'problems.xlsx');
    writeFileSync(file, resp.bytes);
    book = readXlsx(file);
  });

  test('the sheets; each a bold frozen header row with an autofilter', () => {
    assert.deepEqual(book.sheets.map((s) => s.name), PB_SHEETS);
    assert.match(resp.headers.get('content-disposition'), /^attachment; filename="problem-ledger-\d{8}\.xlsx"; /);
    for (const name of PB_SHEETS.slice(0, -1)) {
      const s = sheet(book, name);
      assert.deepEqual(s.rows[0].map((c) => c.v), PB_HEADERS, name);
      assert.ok(s.rows[0].every((c) => c.bold && c.t === 's'), `${name}: bold text header`);
      assert.equal(s.freeze, 'A2', `${name}: the header row is frozen`);
      assert.equal(s.autofilter, `A1:O${s.rows.length}`, name);
      assert.ok(s.widths.E > 30 && s.widths.D < 10, `${name}: widths ${JSON.stringify(s.widths)}`);
    }
  });

  test('cell values, types and formats of a problem', () => {
    const row = sheet(book, '问题台账').rows.find((x) => x[0].v === pb.resolved.id);
    const got = Object.fromEntries(PB_HEADERS.map((h, i) => [h, [row[i].v, row[i].t, row[i].fmt]]));
    assert.deepEqual(got, {
      问题编号: [pb.resolved.id, 'n', '0'],
      项目编号: [fx.full.code, 's', 'General'],
      项目名称: ['导出测试，"整车"项目\n二期', 's', 'General'],
      问题类型: ['用地', 's', 'General'],
      问题描述: ['用地指标未落实', 's', 'General'],
      责任单位: ['经济发展局', 's', 'General'],
      提出日期: ['2024-05-06', 'd', 'yyyy-mm-dd'],
      '办理时限（工作日）': [5, 'n', '0'],
      到期日: ['2024-05-11', 'd', 'yyyy-mm-dd'],
      到期日为估算: ['否', 's', 'General'],
      状态: ['已解决', 's', 'General'],
      解决情况: ['已协调供地', 's', 'General'],
      解决日期: ['2024-05-10', 'd', 'yyyy-mm-dd'],
      所属专班: [null, 'null', 'General'],
      是否超期: ['否', 's', 'General'],
    });
    const text = sheet(book, '问题台账').rows.find((x) => x[0].v === pb.closed.id)[4];
    assert.deepEqual([text.v, text.t], ['=1+1 不是公式', 's'], 'text, no apostrophe, no formula');
  });

  test('each view holds exactly its problems, in the ledger\'s order', async () => {
    const ids = (name) => sheet(book, name).rows.slice(1).map((x) => x[0].v);
    assert.deepEqual(ids('问题台账'), (await pbListed()).map((p) => p.id));
    const open = [...await pbListed('status=open'), ...await pbListed('status=in_progress')].map((p) => p.id).sort((a, b) => a - b);
    assert.deepEqual(ids('未解决'), open);
    assert.deepEqual(ids('已超期'), (await pbListed('overdue=true')).map((p) => p.id));
    assert.deepEqual(ids('已解决'), (await pbListed('status=resolved')).map((p) => p.id));
    assert.deepEqual(ids('未解决关闭'), (await pbListed('status=closed_unresolved')).map((p) => p.id));
    assert.ok(ids('已超期').includes(pb.overdue.id) && ids('未解决').includes(pb.overdue.id));
    assert.ok(ids('未解决').includes(pb.going.id) && !ids('已超期').includes(pb.going.id));
    assert.ok(ids('已解决').includes(pb.resolved.id) && ids('未解决关闭').includes(pb.closed.id));
  });

  test('说明 names the filters with names, the scope and the row count', async () => {
    const r = await api(srv, 'GET', `${PB_EXPORT}?status=open&type=approval&unit=6&overdue=true&taskforce=${pb.overdue.taskforce_id}`);
    assert.equal(r.status, 200, r.text);
    const file = join(srv.dir, 'problems-filtered.xlsx');
    writeFileSync(file, r.bytes);
    const b = readXlsx(file);
    const notes = Object.fromEntries(sheet(b, '说明').rows.slice(1).map((x) => [x[0].v, x[1].v]));
    assert.equal(notes['筛选条件'], '状态：待解决；问题类型：审批；责任单位：行政审批服务局；所属专班：问题导出测试专班；是否超期：是');
    assert.equal(notes['数据范围'], '全部问题');
    assert.equal(notes['问题数'], '1');
    assert.deepEqual(sheet(b, '问题台账').rows.slice(1).map((x) => x[0].v), [pb.overdue.id]);
    assert.equal(notes['导出人'], '系统管理员（admin）');
    const handler = await login(srv, 'handler');
    const h = await handler.get(PB_EXPORT);
    writeFileSync(file, h.bytes);
    const hn = Object.fromEntries(sheet(readXlsx(file), '说明').rows.slice(1).map((x) => [x[0].v, x[1].v]));
    assert.equal(hn['数据范围'], '导出人权限范围内的问题');
  });
});

describe('guanlan export problems', () => {
  const out = (name) => join(srv.dir, name);

  test('the same CSV as the API, filters included', async () => {
    for (const [args, query] of [[[], ''], [['--type', 'funding', '--status', 'in_progress'], 'type=funding&status=in_progress'],
      [['--unit', '3', '--overdue', 'false'], 'unit=3&overdue=false']]) {
      const file = out('problems.csv');
      const r = run(['export', 'problems', '--db', srv.db, '--out', file, ...args]);
      assert.equal(r.status, 0, r.stderr);
      const api = (await pbCsv(query)).r.bytes;
      assert.ok(readFileSync(file).equals(api), `${args.join(' ')}: byte for byte the API export`);
      assert.match(r.stderr, new RegExp(`${parseCsv(api.subarray(3).toString('utf8')).length - 1} problems written`));
    }
  });

  test('an .xlsx of every problem', async () => {
    const file = out('problems.xlsx');
    const r = run(['export', 'problems', '--db', srv.db, '--out', file]);
    assert.equal(r.status, 0, r.stderr);
    const b = readXlsx(file);
    assert.deepEqual(b.sheets.map((s) => s.name), PB_SHEETS);
    assert.deepEqual(sheet(b, '问题台账').rows.slice(1).map((x) => x[0].v), (await pbListed()).map((p) => p.id));
  });

  test('bad options: exit status 2, a message, and no file', () => {
    for (const [args, message] of [
      [['--status', 'bogus'], /--status bogus/], [['--type', 'weather'], /--type weather/],
      [['--overdue', 'maybe'], /--overdue maybe/], [['--unit', '999'], /--unit 999: no such unit/],
      [['--project', '999999'], /--project 999999: no such project/], [['--unit', 'x'], /--unit x: not an id/],
      [['--stage', 'signed'], /unknown option --stage/], [['--format', 'pdf'], /--format pdf/],
    ]) {
      const file = out('bad-problems.xlsx');
      const r = run(['export', 'problems', '--db', srv.db, '--out', file, ...args]);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.ok(!existsSync(file) && !existsSync(`${file}.tmp`), `${args.join(' ')}: no file`);
    }
  });
});
