// Imports through the API: POST /api/v1/imports with the ledger as the body (docs/import.md).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, api, tempDir } from './lib.mjs';
import { refusedWithoutChange, get } from './helpers.mjs';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const C1 = '91370100MA3C5E7Q6D';
const C2 = '91370112163084536D';
let srv;
let dir;

before(async () => {
  dir = tempDir();
  // Debian's python3 has python3-openpyxl (scripts/install-deps.sh), whatever PATH says.
  execFileSync('/usr/bin/python3', [new URL('./make_ledgers.py', import.meta.url).pathname, dir]);
  srv = await startServer();
});
after(() => srv?.stop());

const file = (name) => readFileSync(join(dir, name));
const send = (kind, name, query = '') => api(srv, 'POST', `/api/v1/imports?kind=${kind}${query}`,
  new Uint8Array(file(name)), { 'Content-Type': name.endsWith('.csv') ? 'text/csv' : XLSX });
const auditTotal = async (entity) => (await get(srv, `/api/v1/audit?entity=${entity}&limit=1`)).total;
const brief = (p) => p.items.map(({ row, col, header, code }) => [row, col, header, code]);

test('enterprises: GB18030, then UTF-8 with BOM (unchanged), then one changed row', async () => {
  let r = await send('enterprises', 'ent-gb.csv', '&dry_run=true');
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.summary, { inserted: 3, updated: 0, unchanged: 0, rejected: 0, records: 3, skipped: 0 });
  assert.equal(r.json.committed, false);
  assert.equal((await get(srv, '/api/v1/enterprises?limit=1')).total, 0, 'a dry run writes nothing');

  r = await send('enterprises', 'ent-gb.csv');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.committed, true);
  assert.equal(r.json.header_row, 2);
  assert.deepEqual(r.json.summary, { inserted: 3, updated: 0, unchanged: 0, rejected: 0, records: 3, skipped: 0 });
  assert.deepEqual(r.json.rows.map((w) => [w.row, w.action, w.key]),
    [[3, 'insert', C1], [4, 'insert', C2], [5, 'insert', '91370100705839615P']]);
  const byd = await get(srv, `/api/v1/enterprises/${r.json.rows[0].id}`);
  assert.equal(byd.name, '比亚迪汽车工业有限公司');
  assert.deepEqual(byd.tags, ['新能源', '整车']);
  assert.deepEqual(byd.contacts.map((c) => [c.name, c.phone]), [['张娜', '0531-88888888']]);

  const audits = await auditTotal('enterprise');
  r = await send('enterprises', 'ent-bom.csv');
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.summary, { inserted: 0, updated: 0, unchanged: 3, rejected: 0, records: 3, skipped: 0 });
  assert.equal(await auditTotal('enterprise'), audits, 'unchanged rows write no audit row');

  r = await send('enterprises', 'ent-changed.csv');
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.summary, { inserted: 0, updated: 1, unchanged: 2, rejected: 0, records: 3, skipped: 0 });
  assert.equal(r.json.rows[1].action, 'update');
  assert.equal((await get(srv, `/api/v1/enterprises/${r.json.rows[1].id}`)).address, '北京市西城区金融大街28号');
  assert.equal(await auditTotal('enterprise'), audits + 1);
});

test('a duplicate key inside the file: reported, and nothing is written', async () => {
  let r = await send('enterprises', 'ent-dup.csv', '&dry_run=true');
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(brief(r.json.problems), [[5, 'B', '统一社会信用代码', 'duplicate_key']]);
  assert.equal(r.json.problems.items[0].message, '与第 2 行重复（同一统一社会信用代码）');
  r = await refusedWithoutChange(srv, () => send('enterprises', 'ent-dup.csv'));
  assert.equal(r.status, 422);
  assert.equal(r.json.committed, false);
  assert.equal(r.json.summary.rejected, 1);
});

test('projects: merged title, traditional characters, 1.5亿, 2023年2月3日, a totals row; again unchanged', async () => {
  let r = await send('projects', 'projects.xlsx');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.header_row, 3);
  assert.deepEqual(r.json.summary, { inserted: 3, updated: 0, unchanged: 0, rejected: 0, records: 3, skipped: 1 });
  assert.deepEqual(brief(r.json.problems), [[7, null, null, 'skipped_total']]);
  const p = await get(srv, `/api/v1/projects/${r.json.rows[0].id}`);
  assert.equal(p.code, 'QH-2023-9001');
  assert.equal(p.name, '濟南比亞迪新能源汽車項目');
  assert.equal(p.total_investment, 15000);
  assert.equal(p.signed_on, '2023-02-03');
  assert.equal(p.stage, 'signed');
  assert.equal(p.chain, 'nev');
  assert.equal(p.channel, 'chain');
  assert.equal(p.location, 'zone');
  assert.equal(p.unit_id, 2);
  const q = await get(srv, `/api/v1/projects/${r.json.rows[1].id}`);
  assert.deepEqual([q.total_investment, q.signed_on, q.location, q.unit_id], [3000, '2023-03-15', '370112', 3]);
  const lead = await get(srv, `/api/v1/projects/${r.json.rows[2].id}`);
  assert.deepEqual([lead.stage, lead.total_investment, lead.location], ['lead', 800, 'zone']);

  const audits = await auditTotal('project');
  r = await send('projects', 'projects.xlsx');
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.summary, { inserted: 0, updated: 0, unchanged: 3, rejected: 0, records: 3, skipped: 1 });
  assert.equal(await auditTotal('project'), audits);
});

test('the broken ledger: every problem by row and column; a real run writes nothing', async () => {
  let r = await send('projects', 'broken.xlsx', '&dry_run=true');
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(brief(r.json.problems), [
    [2, 'C', '统一社会信用代码', 'credit_code_check'],
    [2, 'E', '签约时间', 'impossible_date'],
    [3, 'F', '所属产业链', 'unknown'],
    [4, 'A', '项目编号', 'duplicate_key'],
  ]);
  assert.equal(r.json.problems.items[2].message, '“不存在的链”不是已知的产业链');
  assert.deepEqual(r.json.rows.map((w) => [w.row, w.action]),
    [[2, 'rejected'], [3, 'rejected'], [4, 'rejected'], [5, 'insert']]);
  r = await refusedWithoutChange(srv, () => send('projects', 'broken.xlsx'));
  assert.equal(r.status, 422);
  assert.deepEqual(r.json.summary, { inserted: 1, updated: 0, unchanged: 0, rejected: 3, records: 4, skipped: 0 });
});

test('a stage change of a stored project is the ledger\'s, not the import\'s', async () => {
  const csv = '项目编号,项目名称,项目阶段,开工时间\r\nQH-2023-9001,濟南比亞迪新能源汽車項目,开工,2023-05-01\r\n';
  const r = await refusedWithoutChange(srv, () => api(srv, 'POST', '/api/v1/imports?kind=projects', csv,
    { 'Content-Type': 'text/csv; charset=utf-8' }));
  assert.equal(r.status, 422, r.text);
  assert.deepEqual(brief(r.json.problems), [[2, 'D', '开工时间', 'stage_change'], [2, 'C', '项目阶段', 'stage_change']]);
});

test('bad requests: kind, media type, empty body', async () => {
  let r = await api(srv, 'POST', '/api/v1/imports?kind=tickets', 'a,b', { 'Content-Type': 'text/csv' });
  assert.equal(r.status, 400);
  // appeals are a kind now (imports-appeals.test.mjs): this file has no header row.
  r = await api(srv, 'POST', '/api/v1/imports?kind=appeals', 'a,b', { 'Content-Type': 'text/csv' });
  assert.equal(r.status, 422);
  assert.equal(r.json.problems.items[0].code, 'no_header');
  r = await api(srv, 'POST', '/api/v1/imports?kind=projects', 'a,b', { 'Content-Type': 'application/pdf' });
  assert.equal(r.status, 415);
  r = await api(srv, 'POST', '/api/v1/imports?kind=projects', '', { 'Content-Type': 'text/csv' });
  assert.equal(r.status, 422);
});

test('an explicit mapping', async () => {
  const csv = '公司,代码\r\n比亚迪汽车工业有限公司,91370100MA3C5E7Q6D\r\n';
  const r = await api(srv, 'POST', `/api/v1/imports?kind=enterprises&dry_run=true&map=${encodeURIComponent('公司=name,代码=credit_code')}`,
    csv, { 'Content-Type': 'text/csv' });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.summary, { inserted: 0, updated: 0, unchanged: 1, rejected: 0, records: 1, skipped: 0 });
});
