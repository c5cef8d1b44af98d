// guanlan import: the command line over the same code path as POST /api/v1/imports.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run, tempDir } from './lib.mjs';

let dir;
let db;
const imp = (...args) => run(['import', ...args, '--db', db], { cwd: dir });

before(() => {
  dir = tempDir();
  db = join(dir, 'cli.db');
  execFileSync('/usr/bin/python3', [new URL('./make_ledgers.py', import.meta.url).pathname, dir]);
  assert.equal(run(['migrate', '--db', db]).status, 0);
});

test('guanlan import: insert, unchanged, updated; exit status and summary line', () => {
  let r = imp('enterprises', 'ent-gb.csv', '--dry-run');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'dry run would be: inserted 3, updated 0, unchanged 0, rejected 0; 0 errors\n');
  r = imp('enterprises', 'ent-gb.csv');
  assert.equal(r.stdout, 'imported: inserted 3, updated 0, unchanged 0, rejected 0; 0 errors\n');
  r = imp('enterprises', 'ent-bom.csv');
  assert.equal(r.stdout, 'imported: inserted 0, updated 0, unchanged 3, rejected 0; 0 errors\n');
  r = imp('enterprises', 'ent-changed.csv');
  assert.equal(r.stdout, 'imported: inserted 0, updated 1, unchanged 2, rejected 0; 0 errors\n');
});

test('guanlan import: the broken ledger is refused whole, every problem printed', () => {
  const r = imp('projects', 'broken.xlsx');
  assert.equal(r.status, 1);
  assert.equal(r.stdout, [
    '2\tC\t统一社会信用代码\terror\tcredit_code_check\t统一社会信用代码“91370100MA3C5E7Q6E”的校验位不对，请核对',
    '2\tE\t签约时间\terror\timpossible_date\t日期“2023-02-30”不存在',
    '3\tF\t所属产业链\terror\tunknown\t“不存在的链”不是已知的产业链',
    '4\tA\t项目编号\terror\tduplicate_key\t与第 2 行重复（同一项目编号）',
    'nothing imported: inserted 1, updated 0, unchanged 0, rejected 3; 4 errors',
    '',
  ].join('\n'));
  // Row 5 was valid, and still nothing was written: the good projects ledger inserts all three.
  const p = imp('projects', 'projects.xlsx');
  assert.equal(p.status, 0, p.stdout + p.stderr);
  assert.match(p.stdout, /imported: inserted 3, updated 0, unchanged 0, rejected 0; 0 errors\n$/);
  assert.equal(imp('projects', 'nosuch.csv').status, 1);
  assert.equal(imp('tickets', 'ent-gb.csv').status, 2);
  // An enterprises ledger read as appeals has no 诉求内容 column.
  assert.equal(imp('appeals', 'ent-gb.csv').status, 1);
});

test('guanlan import appeals: a ticket ledger, the same a week later, a broken one as a dry run', () => {
  execFileSync('/usr/bin/python3', [new URL('./make_appeal_ledgers.py', import.meta.url).pathname, dir]);
  const fresh = join(dir, 'appeals.db');
  assert.equal(run(['migrate', '--db', fresh]).status, 0);
  assert.equal(run(['import', 'enterprises', 'ent-gb.csv', '--db', fresh], { cwd: dir }).status, 0);
  const ai = (...args) => run(['import', ...args, '--db', fresh], { cwd: dir });
  assert.equal(ai('enterprises', 'ents.csv').status, 0);
  let r = ai('appeals', 'appeals.xlsx');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, [
    '7\t\t\tnotice\tskipped_blank\t空行，已跳过',
    '8\t\t\tnotice\tskipped_total\t合计行“合计”，已跳过',
    'imported: inserted 3, updated 0, unchanged 0, rejected 0; 0 errors',
    '',
  ].join('\n'));
  r = ai('appeals', 'appeals-later.csv');
  assert.equal(r.stdout, 'imported: inserted 0, updated 1, unchanged 2, rejected 0; 0 errors\n');
  r = ai('appeals', 'appeals-broken.csv', '--dry-run');
  assert.equal(r.status, 1);
  assert.match(r.stdout, /dry run would be: inserted 0, updated 0, unchanged 0, rejected 5; 7 errors\n$/);
});

// Each kind has its own range of search docids (sql/015): projects imported in bulk after
// appeals exist sit below the appeals' docids and must still reach the search index.
test('guanlan import projects: bulk-imported projects are searchable when appeals exist', () => {
  execFileSync('/usr/bin/python3', [new URL('./make_appeal_ledgers.py', import.meta.url).pathname, dir]);
  const mixed = join(dir, 'mixed.db');
  assert.equal(run(['migrate', '--db', mixed]).status, 0);
  const mi = (...args) => run(['import', ...args, '--db', mixed], { cwd: dir });
  assert.equal(mi('enterprises', 'ents.csv').status, 0);
  assert.equal(mi('appeals', 'appeals.xlsx').status, 0);
  writeFileSync(join(dir, 'one-project.csv'), '项目名称,总投资（万元）\n智能网联测试场项目,1000\n');
  const r = mi('projects', 'one-project.csv');
  assert.equal(r.stdout, 'imported: inserted 1, updated 0, unchanged 0, rejected 0; 0 errors\n');
  const s = run(['search', '智能网联测试场', '--type', 'project', '--db', mixed]);
  assert.equal(s.status, 0, s.stderr);
  assert.match(s.stdout, /^project: 1\n/m);
  assert.match(s.stdout, /智能网联测试场项目/);
});

// A projects import on a database nobody else has open leaves WAL for a rollback journal
// (its pages written once, not again by a checkpoint) and goes back to WAL; with another
// connection open it stays in WAL, and imports all the same.
test('guanlan import projects: back in WAL afterwards; another open connection keeps it in WAL', async () => {
  const fresh = join(dir, 'journal.db');
  assert.equal(run(['migrate', '--db', fresh]).status, 0);
  assert.equal(run(['import', 'enterprises', 'ent-gb.csv', '--db', fresh], { cwd: dir }).status, 0);
  const r = run(['import', 'projects', 'projects.xlsx', '--db', fresh], { cwd: dir });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /imported: inserted 3,/);
  assert.equal(execFileSync('sqlite3', [fresh, 'PRAGMA journal_mode;'], { encoding: 'utf8' }).trim(), 'wal');
  assert.equal(existsSync(`${fresh}-journal`), false);
  assert.equal(execFileSync('sqlite3', [fresh, 'SELECT count(*) FROM project;'], { encoding: 'utf8' }).trim(), '3');

  // A reader holding the database open: the import may not leave WAL.
  const other = join(dir, 'held.db');
  assert.equal(run(['migrate', '--db', other]).status, 0);
  assert.equal(run(['import', 'enterprises', 'ent-gb.csv', '--db', other], { cwd: dir }).status, 0);
  const holder = spawn('sqlite3', [other], { stdio: ['pipe', 'pipe', 'inherit'] });
  const opened = new Promise((resolve) => holder.stdout.once('data', resolve));
  holder.stdin.write('SELECT count(*) FROM project;\n');
  assert.equal(String(await opened).trim(), '0');
  const started = Date.now();
  const h = run(['import', 'projects', 'projects.xlsx', '--db', other], { cwd: dir });
  assert.equal(h.status, 0, h.stdout + h.stderr);
  assert.match(h.stdout, /imported: inserted 3,/);
  // It did not wait out the busy timeout (5 s) for a switch it could not make.
  assert.ok(Date.now() - started < 5000, `the import took ${Date.now() - started} ms`);
  holder.stdin.write('SELECT count(*) FROM project;\n');
  assert.equal(String(await new Promise((resolve) => holder.stdout.once('data', resolve))).trim(), '3');
  holder.stdin.end();
  await new Promise((resolve) => holder.on('exit', resolve));
  assert.equal(execFileSync('sqlite3', [other, 'PRAGMA journal_mode;'], { encoding: 'utf8' }).trim(), 'wal');
});
