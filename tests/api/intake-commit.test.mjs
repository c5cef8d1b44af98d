// intake-commit.test.mjs - appeal intake through the group commit (docs/durability.md):
// concurrent intakes each get their own answer, a refused one in the same transaction rolls
// back only its own savepoint, and every acknowledged appeal is there afterwards with its
// event, audit row and search entry.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { api, startServer } from './lib.mjs';
import { assertInvalid, createEnterprise } from './helpers.mjs';
import { sqlOk } from './sessions.mjs';

const AP = '/api/v1/appeals';
const CATS = ['policy', 'park', 'talent', 'factors', 'approval', 'finance', 'other'];
let srv, ents;
let posted = 0;

function intake(i, fields = {}) {
  posted++;
  return api(srv, 'POST', AP, {
    enterprise_id: ents[i % ents.length].id,
    category: CATS[i % CATS.length],
    channel: 'proxy',
    // Different enough from each other that no two are near-identical.
    text: `第${i}件：${'甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉'.slice(i % 10, i % 10 + 8)}${i * 7919}号厂房需要协调`,
    ...fields,
  });
}

const count = (table, where = '1') => Number(sqlOk(srv, `SELECT count(*) FROM ${table} WHERE ${where}`).trim());

before(async () => {
  srv = await startServer();
  ents = [];
  for (let i = 0; i < 3; i++) ents.push(await createEnterprise(srv));
});
after(async () => { if (srv) await srv.stop(); });

describe('intake through the group commit', () => {
  const N = 40;
  let made = [];

  test(`${N} concurrent intakes all succeed with distinct codes and are readable`, async () => {
    const rs = await Promise.all(Array.from({ length: N }, (_, i) => intake(i)));
    for (const r of rs) assert.equal(r.status, 201, r.text);
    made = rs.map((r) => r.json);
    const codes = new Set(made.map((a) => a.code));
    assert.equal(codes.size, N);
    // Codes are dense: SQyyyy-00001 .. SQyyyy-00040 on a fresh database.
    const seqs = made.map((a) => Number(a.code.split('-')[1])).sort((a, b) => a - b);
    assert.deepEqual(seqs, Array.from({ length: N }, (_, i) => i + 1));
    for (const [i, a] of made.entries()) {
      assert.equal(rs[i].headers.get('location'), `${AP}/${a.id}`);
      assert.equal(a.state, 'submitted');
      assert.equal(a.enterprise_id, ents[i % ents.length].id);
      assert.deepEqual(a.links, []);
      assert.deepEqual(a.merged_from, []);
      assert.equal(a.merged_into, null);
      const g = await api(srv, 'GET', `${AP}/${a.id}`);
      assert.equal(g.status, 200, g.text);
      assert.equal(g.json.code, a.code);
      assert.equal(g.json.text, a.text);
    }
    // The rows that go with each appeal were written in the same transaction.
    assert.equal(count('appeal'), N);
    assert.equal(count('appeal_event', "kind = 'submit'"), N);
    assert.equal(count('audit', "entity = 'appeal' AND action = 'create'"), N);
    assert.equal(count('search_doc', "kind = 'appeal'"), N);
  });

  test('a refused intake among good ones gets its own 422 and leaves no trace', async () => {
    const before = count('appeal');
    const rs = await Promise.all(Array.from({ length: 21 }, (_, i) => (i === 10
      // Passes the handler's checks; the store refuses it inside its savepoint.
      ? intake(1000 + i, { enterprise_id: 987654321 })
      : intake(1000 + i))));
    for (const [i, r] of rs.entries()) {
      if (i === 10) {
        const e = assertInvalid(r, ['enterprise_id']);
        assert.deepEqual(e.details.map((d) => d.field), ['enterprise_id']);
      } else {
        assert.equal(r.status, 201, r.text);
      }
    }
    assert.equal(count('appeal'), before + 20);
    assert.equal(count('appeal', 'enterprise_id = 987654321'), 0);
    assert.equal(count('audit', "entity = 'appeal' AND action = 'create'"), before + 20);
    // Its sequence number was rolled back with it: the codes stay dense.
    const seqs = rs.filter((r) => r.status === 201).map((r) => Number(r.json.code.split('-')[1]))
      .sort((a, b) => a - b);
    assert.deepEqual(seqs, Array.from({ length: 20 }, (_, i) => before + i + 1));
  });

  test('a batch\'s search index is the one a rebuild writes (one statement per table)', async () => {
    // Titles and texts with what the batch's JSON must escape, and characters of their own.
    const odd = ['引"号', '反\\斜', '换\n行', '制\t表', '琥珀', '𠀀扩展B'];
    const rs = await Promise.all(odd.map((o, i) => intake(2000 + i, {
      title: `标题${o}${i}`, text: `第${i}号：${o}厂房需要协调配套设施${i * 104729}`,
    })));
    for (const r of rs) assert.equal(r.status, 201, r.text);
    const docs = "SELECT kind, ref_id, label, title, body, keys, docid FROM search_doc ORDER BY docid";
    const vocab = (table) => sqlOk(srv, `CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, ${table}, instance);`
      + ' SELECT term, doc, col, offset FROM temp.v ORDER BY doc, col, offset, term');
    const before = [sqlOk(srv, docs), vocab('search_short'), vocab('search_fts')];
    assert.match(before[0], /引"号/);
    const r = spawnSync(process.env.GUANLAN_BIN || './guanlan', ['search', 'rebuild', '--db', srv.db],
      { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual([sqlOk(srv, docs), vocab('search_short'), vocab('search_fts')], before);
    // Found by one character (search_short) and by three (search_fts).
    for (const q of ['琥', '琥珀', '反\\斜', '引"号']) {
      const s = await api(srv, 'GET', `/api/v1/search?q=${encodeURIComponent(q)}&type=appeal`);
      assert.equal(s.status, 200, s.text);
      assert.ok(s.json.total >= 1, `${q}: ${s.text}`);
    }
  });

  test('validation errors are still answered without a transaction', async () => {
    const r = await intake(5000, { category: undefined, text: '' });
    assert.equal(r.status, 422, r.text);
    posted--;   // refused by the handler: never reached the queue
  });

  test('the server reports every queued write at shutdown', async () => {
    const code = await srv.stop();
    assert.equal(code, 0);
    const m = srv.log().match(/group commit: (\d+) writes in (\d+) transactions \(largest (\d+)\)/);
    assert.ok(m, srv.log());
    assert.equal(Number(m[1]), posted);
    assert.ok(Number(m[2]) >= 1 && Number(m[2]) <= posted);
    // The batch with the refused intake ran flat first, was rolled back and ran again with a
    // savepoint per intake.
    const again = srv.log().match(/(\d+) run again in savepoints/);
    assert.ok(again && Number(again[1]) >= 1, srv.log());
    srv = null;
  });
});
