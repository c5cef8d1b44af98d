// search.test.mjs - GET /api/v1/search: normalisation at index and query time, exact codes,
// one- and two-character queries, ranking, highlights, scope (never shown, never counted)
// and the index written in the same transaction as the data.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, run, startServer } from './lib.mjs';
import { ENT, PRJ, createEnterprise, createProject, creditCode, get, patch } from './helpers.mjs';
import { anonymous, sql, sqlOk, throwawaySession } from './sessions.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(() => srv?.stop());

// POST as the admin; the created record.
async function post(path, body) {
  const r = await api(srv, 'POST', path, body);
  assert.equal(r.status, 201, r.text);
  return r.json;
}
const search = (q, extra = '') => get(srv, `/api/v1/search?q=${encodeURIComponent(q)}${extra}`);
const group = (r, type) => r.groups.find((g) => g.type === type);
const ids = (r, type) => group(r, type).items.map((h) => h.id);
// The highlighted characters of a {text, hits} pair, code point by code point.
const marked = (t) => t.hits.map(([s, l]) => [...t.text].slice(s, s + l).join(''));

describe('GET /api/v1/search', () => {
  test('濟南 finds 济南, ＢＹＤ finds BYD, 鵲華觀瀾會 finds 鹊华观澜会', async () => {
    const p = await createProject(srv, { name: '济南新区储能电站项目' });
    const e = await createEnterprise(srv, { name: 'BYD汽车济南分公司' });
    const g = await createProject(srv, { name: '鹊华观澜会签约项目' });

    let r = await search('濟南新區');
    assert.equal(r.normalised, '济南新区');
    assert.deepEqual(ids(r, 'project'), [p.id]);
    assert.deepEqual(marked(group(r, 'project').items[0].title), ['济南新区']);

    r = await search('ＢＹＤ汽車');
    assert.equal(r.normalised, 'byd汽车');
    assert.deepEqual(ids(r, 'enterprise'), [e.id]);
    assert.equal(group(r, 'enterprise').items[0].name, 'BYD汽车济南分公司');
    assert.deepEqual(group(r, 'enterprise').items[0].title.hits, [[0, 5]]);

    r = await search('鵲華觀瀾會');
    assert.deepEqual(ids(r, 'project'), [g.id]);
    assert.deepEqual(group(r, 'project').items[0].title, { text: '鹊华观澜会签约项目', hits: [[0, 5]] });
    assert.equal(group(r, 'project').count, 1);
    assert.equal(r.total, 1);
  });

  test('a credit code and a project code are found exactly, typed full-width or with spaces', async () => {
    const code = creditCode('91370100MA3CR7H1');
    const e = await createEnterprise(srv, { name: '精确查找企业', credit_code: code });
    const p = await createProject(srv, { name: '精确查找项目' });

    const full = [...code].map((c) => String.fromCodePoint(c.codePointAt(0) + 0xFEE0)).join('');
    let r = await search(full);
    assert.deepEqual(ids(r, 'enterprise'), [e.id]);
    assert.equal(group(r, 'enterprise').items[0].exact, true);
    assert.equal(group(r, 'enterprise').items[0].code, code);

    r = await search(` ${p.code.toLowerCase().slice(0, 4)} ${p.code.slice(4)} `, '&type=project');
    assert.deepEqual(r.groups.map((x) => x.type), ['project']);
    assert.deepEqual(ids(r, 'project'), [p.id]);
    assert.equal(group(r, 'project').items[0].exact, true);
    // Only exact: a prefix of the code is not the code.
    r = await search(code.slice(0, 17));
    assert.equal(group(r, 'enterprise').count, 0);
  });

  test('one and two characters: titles only, newest first, highlighted', async () => {
    const a = await createProject(srv, { name: '鑫淼垚项目甲' });
    const b = await createProject(srv, { name: '甲鑫淼乙' });
    // 淼 is in both titles; 鑫淼 in both; 淼鑫 in neither.
    let r = await search('淼', '&type=project');
    assert.equal(r.short_query, true);
    assert.deepEqual(ids(r, 'project'), [b.id, a.id]);
    assert.equal(group(r, 'project').count, 2);
    assert.deepEqual(group(r, 'project').items[1].title, { text: '鑫淼垚项目甲', hits: [[1, 1]] });
    r = await search('鑫淼');
    assert.deepEqual(ids(r, 'project'), [b.id, a.id]);
    assert.deepEqual(group(r, 'project').items[0].title.hits, [[1, 2]]);
    r = await search('淼鑫');
    assert.equal(r.total, 0);
    // Traditional in, simplified found: 鑫 stays, 淼 stays; 垚 stays; 項 → 项.
    r = await search('項目甲'.slice(0, 2));
    assert.ok(ids(r, 'project').includes(a.id));
  });

  test('a hit in a name ranks above a hit in a body', async () => {
    const body = await createEnterprise(srv, { name: '某某公司', address: '琥珀泉路100号' });
    const title = await createEnterprise(srv, { name: '琥珀泉实业' });
    const r = await search('琥珀泉');
    assert.deepEqual(ids(r, 'enterprise'), [title.id, body.id]);
    const [t, b] = group(r, 'enterprise').items;
    assert.equal(t.snippet, null);
    assert.deepEqual(marked(b.snippet), ['琥珀泉']);
    assert.deepEqual(b.title.hits, []);
  });

  test('an edit is indexed with it: the new name is found, not the old; a delete drops it', async () => {
    const e = await createEnterprise(srv, { name: '旧名字翡翠湖' });
    assert.deepEqual(ids(await search('翡翠湖'), 'enterprise'), [e.id]);
    const r = await patch(srv, `${ENT}/${e.id}`, { name: '新名字琉璃湖' }, e.version);
    assert.equal(r.status, 200, r.text);
    assert.equal((await search('翡翠湖')).total, 0);
    assert.equal((await search('翡翠')).total, 0);
    assert.deepEqual(ids(await search('琉璃湖'), 'enterprise'), [e.id]);
    assert.deepEqual(ids(await search('琉璃'), 'enterprise'), [e.id]);

    const p = await createProject(srv, { name: '玛瑙山项目' });
    const rp = await patch(srv, `${PRJ}/${p.id}`, { name: '玉髓山项目' }, p.version);
    assert.equal(rp.status, 200, rp.text);
    assert.equal((await search('玛瑙山')).total, 0);
    assert.deepEqual(ids(await search('玉髓山'), 'project'), [p.id]);

    const d = await api(srv, 'DELETE', `${ENT}/${e.id}`, undefined, { 'If-Match': '"2"' });
    assert.equal(d.status, 204, d.text);
    assert.equal((await search('琉璃湖')).total, 0);
    assert.equal((await search('琉璃')).total, 0);
  });

  test('renaming an enterprise reindexes the projects that name it', async () => {
    const e = await createEnterprise(srv, { name: '青金石材料有限公司' });
    const p = await createProject(srv, { name: '示例：某新材料项目甲', enterprise_ids: [e.id] });
    // Found through the body (its enterprise's name), ranked below any title hit.
    assert.ok(ids(await search('青金石'), 'project').includes(p.id));
    const r = await patch(srv, `${ENT}/${e.id}`, { name: '孔雀石材料有限公司' }, e.version);
    assert.equal(r.status, 200, r.text);
    assert.ok(!ids(await search('青金石'), 'project').includes(p.id));
    assert.ok(ids(await search('孔雀石'), 'project').includes(p.id));
  });

  test('scope: a handler sees and counts only its units\' projects, an enterprise user only its own', async () => {
    const ent = await createEnterprise(srv, { name: '珊瑚礁科技' });
    const other = await createEnterprise(srv, { name: '珊瑚礁物流' });
    const mine = await createProject(srv, { name: '珊瑚礁一号', unit_id: 11, enterprise_ids: [ent.id] });
    await createProject(srv, { name: '珊瑚礁二号', unit_id: 12, enterprise_ids: [other.id] });

    const all = await search('珊瑚礁');
    assert.equal(group(all, 'project').count, 2);
    assert.equal(group(all, 'enterprise').count, 2);

    for (const q of ['珊瑚礁', '珊瑚', '珊']) {
      const h = await throwawaySession(srv, 'handler', { unitIds: [11] });
      const r = await h.request('GET', `/api/v1/search?q=${encodeURIComponent(q)}`);
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(ids(r.json, 'project'), [mine.id], q);
      assert.equal(group(r.json, 'project').count, 1, q);
      assert.deepEqual(ids(r.json, 'enterprise'), [ent.id], q);
      assert.equal(group(r.json, 'enterprise').count, 1, q);
      assert.equal(r.json.total, 2, q);
    }
    const u = await throwawaySession(srv, 'enterprise', { enterpriseId: other.id });
    const r = await u.request('GET', `/api/v1/search?q=${encodeURIComponent('珊瑚礁')}`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(ids(r.json, 'enterprise'), [other.id]);
    assert.equal(group(r.json, 'project').count, 1);
    assert.equal(group(r.json, 'project').items[0].name, '珊瑚礁二号');
    // A handler of no unit that has these projects: nothing, and no counts.
    const h12 = await throwawaySession(srv, 'handler', { unitIds: [13] });
    const r0 = await h12.request('GET', `/api/v1/search?q=${encodeURIComponent('珊瑚礁')}`);
    assert.equal(r0.json.total, 0);
  });

  test('scope: an enterprise moves in and out of a handler\'s results and counts with its projects\' units', async () => {
    const e = await createEnterprise(srv, { name: '玳瑁湾科技' });
    const f = await createEnterprise(srv, { name: '玳瑁湾物流' });
    let p = await createProject(srv, { name: '玳瑁湾一号', unit_id: 11, enterprise_ids: [e.id] });
    // [enterprise ids, enterprise count, project ids, project count, total] for a handler.
    const seen = async (unit, q = '玳瑁湾') => {
      const h = await throwawaySession(srv, 'handler', { unitIds: [unit] });
      const r = await h.request('GET', `/api/v1/search?q=${encodeURIComponent(q)}`);
      assert.equal(r.status, 200, r.text);
      const en = group(r.json, 'enterprise'), pr = group(r.json, 'project');
      return [en.items.map((x) => x.id), en.count, pr.items.map((x) => x.id), pr.count, r.json.total];
    };
    assert.deepEqual(await seen(11), [[e.id], 1, [p.id], 1, 2]);
    assert.deepEqual(await seen(10), [[], 0, [], 0, 0]);
    // The project moves to unit 10: so does its enterprise, for every query length.
    let r = await patch(srv, `${PRJ}/${p.id}`, { unit_id: 10 }, p.version);
    assert.equal(r.status, 200, r.text);
    p = r.json;
    for (const q of ['玳瑁湾', '玳瑁', '玳']) {
      assert.deepEqual(await seen(10, q), [[e.id], 1, [p.id], 1, 2], q);
      assert.deepEqual(await seen(11, q), [[], 0, [], 0, 0], q);
    }
    // A second project of unit 11 naming it: unit 11 sees the enterprise again, 10 still does.
    const q2 = await createProject(srv, { name: '玳瑁湾二号', unit_id: 11, enterprise_ids: [e.id] });
    assert.deepEqual(await seen(11), [[e.id], 1, [q2.id], 1, 2]);
    assert.deepEqual(await seen(10), [[e.id], 1, [p.id], 1, 2]);
    // The first project names the other enterprise instead: unit 10 loses e and gains f.
    r = await patch(srv, `${PRJ}/${p.id}`, { enterprise_ids: [f.id] }, p.version);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(await seen(10), [[f.id], 1, [p.id], 1, 2]);
    assert.deepEqual(await seen(11), [[e.id], 1, [q2.id], 1, 2]);
    // A unit changed without touching the links (a PATCH rewrites them; an import may not).
    sqlOk(srv, `UPDATE project SET unit_id = 12 WHERE id = ${q2.id}`);
    assert.deepEqual(await seen(12), [[e.id], 1, [q2.id], 1, 2]);
    assert.deepEqual(await seen(11), [[], 0, [], 0, 0]);
    // The table the scope test reads holds exactly the pairs the two tables imply.
    const pairs = `SELECT DISTINCT pe.enterprise_id || ':' || p.unit_id FROM project_enterprise pe
      JOIN project p ON p.id = pe.project_id WHERE p.unit_id IS NOT NULL ORDER BY 1`;
    assert.equal(sqlOk(srv, 'SELECT enterprise_id || \':\' || unit_id FROM search_enterprise_unit ORDER BY 1'),
      sqlOk(srv, pairs));
  });

  test('an appeal: found by its code exactly and by a traditional word of its text', async () => {
    const e = await createEnterprise(srv, { name: '翠微山制药有限公司' });
    const a = await post('/api/v1/appeals', {
      enterprise_id: e.id, category: 'approval', text: '新建厂房的消防验收迟迟未办，请协调', lead_unit_id: 3,
    });
    let r = await search(a.code);
    assert.deepEqual(ids(r, 'appeal'), [a.id]);
    const hit = group(r, 'appeal').items[0];
    assert.equal(hit.exact, true);
    assert.equal(hit.code, a.code);
    assert.equal(hit.name, '新建厂房的消防验收迟迟未办，请协调');
    // 廠房 / 驗收: traditional in, simplified found; in the title (the text's start).
    r = await search('廠房的消防驗收', '&type=appeal');
    assert.deepEqual(r.groups.map((g) => g.type), ['appeal']);
    assert.deepEqual(ids(r, 'appeal'), [a.id]);
    assert.deepEqual(marked(group(r, 'appeal').items[0].title), ['厂房的消防验收']);
    // The enterprise's name is in the body.
    assert.deepEqual(ids(await search('翠微山制药', '&type=appeal'), 'appeal'), [a.id]);
    const rn = await patch(srv, `${ENT}/${e.id}`, { name: '紫金山制药有限公司' }, e.version);
    assert.equal(rn.status, 200, rn.text);
    assert.equal((await search('翠微山制药', '&type=appeal')).total, 0);
    assert.deepEqual(ids(await search('紫金山制药', '&type=appeal'), 'appeal'), [a.id]);
  });

  test('an answer added to an appeal is found right after', async () => {
    let a = await post('/api/v1/appeals', {
      enterprise_id: (await createEnterprise(srv)).id, category: 'policy', text: '技改补贴何时兑现',
    });
    assert.equal((await search('蜂蜜槐花补贴')).total, 0);
    for (const body of [{ action: 'accept' }, { action: 'assign', lead_unit_id: 3, complexity: 'simple' },
      { action: 'answer', answer: '已核定蜂蜜槐花补贴120万元' }]) {
      const r = await api(srv, 'POST', `/api/v1/appeals/${a.id}/actions`, body, { 'If-Match': `"${a.version}"` });
      assert.equal(r.status, 200, r.text);
      a = r.json;
    }
    const r = await search('蜂蜜槐花補貼');
    assert.deepEqual(ids(r, 'appeal'), [a.id]);
    assert.deepEqual(marked(group(r, 'appeal').items[0].snippet), ['蜂蜜槐花补贴']);
  });

  test('appeals in scope: an enterprise user only its own, a handler only its units\' (lead or co)', async () => {
    const mineE = await createEnterprise(srv);
    const otherE = await createEnterprise(srv);
    const mine = await post('/api/v1/appeals', { enterprise_id: mineE.id, category: 'park', text: '琵琶湖园区道路破损', lead_unit_id: 3 });
    const other = await post('/api/v1/appeals', { enterprise_id: otherE.id, category: 'park', text: '琵琶湖园区路灯不亮', lead_unit_id: 5 });
    // The second one gets unit 7 as a co-unit.
    let o = other;
    for (const body of [{ action: 'accept' }, { action: 'assign', lead_unit_id: 5, co_unit_ids: [7], complexity: 'simple' }]) {
      const r = await api(srv, 'POST', `/api/v1/appeals/${o.id}/actions`, body, { 'If-Match': `"${o.version}"` });
      assert.equal(r.status, 200, r.text);
      o = r.json;
    }
    const all = await search('琵琶湖园区');
    assert.equal(group(all, 'appeal').count, 2);

    const seen = async (s, q) => {
      const r = await s.request('GET', `/api/v1/search?q=${encodeURIComponent(q)}&type=appeal`);
      assert.equal(r.status, 200, r.text);
      return [ids(r.json, 'appeal'), group(r.json, 'appeal').count, r.json.total];
    };
    const u = await throwawaySession(srv, 'enterprise', { enterpriseId: mineE.id });
    for (const q of ['琵琶湖园区', '琵琶', '琵', other.code]) {
      const want = q === other.code ? [[], 0, 0] : [[mine.id], 1, 1];
      assert.deepEqual(await seen(u, q), want, q);
    }
    assert.deepEqual(await seen(u, mine.code), [[mine.id], 1, 1]);
    const h3 = await throwawaySession(srv, 'handler', { unitIds: [3] });
    assert.deepEqual(await seen(h3, '琵琶湖园区'), [[mine.id], 1, 1]);
    const h7 = await throwawaySession(srv, 'handler', { unitIds: [7] });
    assert.deepEqual(await seen(h7, '琵琶湖园区'), [[other.id], 1, 1]);
    assert.deepEqual(await seen(h7, mine.code), [[], 0, 0]);
    const h9 = await throwawaySession(srv, 'handler', { unitIds: [9] });
    assert.deepEqual(await seen(h9, '琵琶'), [[], 0, 0]);
  });

  test('鵲華觀瀾會 finds the session 鹊华观澜会第1期; its minutes too; enterprise users only if invited', async () => {
    const series = await post('/api/v1/roundtable-series', { name: '鹊华观澜会' });
    const guest = await createEnterprise(srv);
    const outsider = await createEnterprise(srv);
    const rt = await post('/api/v1/roundtables', {
      series_id: series.id, number: 1, held_on: '2023-02-03', theme: '新能源汽车配套', venue: '起步区管委会',
      minutes: '会上议定储能电池项目选址', enterprises: [guest.id],
    });
    let r = await search('鵲華觀瀾會', '&type=roundtable');
    assert.deepEqual(ids(r, 'roundtable'), [rt.id]);
    const hit = group(r, 'roundtable').items[0];
    assert.equal(hit.name, '鹊华观澜会第1期');
    assert.deepEqual(hit.title, { text: '鹊华观澜会第1期 新能源汽车配套', hits: [[0, 5]] });
    assert.deepEqual(ids(await search('儲能電池', '&type=roundtable'), 'roundtable'), [rt.id]);
    assert.deepEqual(ids(await search('起步區管委會', '&type=roundtable'), 'roundtable'), [rt.id]);
    // An edit of the minutes is found right after.
    const p = await api(srv, 'PATCH', `/api/v1/roundtables/${rt.id}`, { minutes: '议定氢能重卡示范线' }, { 'If-Match': `"${rt.version}"` });
    assert.equal(p.status, 200, p.text);
    assert.equal((await search('儲能電池', '&type=roundtable')).total, 0);
    assert.deepEqual(ids(await search('氫能重卡', '&type=roundtable'), 'roundtable'), [rt.id]);

    const count = async (s) => {
      const x = await s.request('GET', `/api/v1/search?q=${encodeURIComponent('鹊华观澜会第1期')}&type=roundtable`);
      assert.equal(x.status, 200, x.text);
      return [ids(x.json, 'roundtable'), x.json.total];
    };
    assert.deepEqual(await count(await throwawaySession(srv, 'enterprise', { enterpriseId: guest.id })), [[rt.id], 1]);
    assert.deepEqual(await count(await throwawaySession(srv, 'enterprise', { enterpriseId: outsider.id })), [[], 0]);
    assert.deepEqual(await count(await throwawaySession(srv, 'handler', { unitIds: [9] })), [[rt.id], 1]);
  });

  test('problems: by their description, scoped as GET /problems', async () => {
    const e1 = await createEnterprise(srv);
    const e2 = await createEnterprise(srv);
    const a = await createProject(srv, { name: '问题甲项目', unit_id: 11, enterprise_ids: [e1.id] });
    const b = await createProject(srv, { name: '问题乙项目', unit_id: 12, enterprise_ids: [e2.id] });
    const p1 = await post(`${PRJ}/${a.id}/problems`, { type: 'land', description: '鸬鹚岛用地指标不足', unit_id: 11, deadline_days: 10 });
    const p2 = await post(`${PRJ}/${b.id}/problems`, { type: 'energy', description: '鸬鹚岛变电站容量不够', unit_id: 9, deadline_days: 10 });
    let r = await search('鸕鷀島', '&type=problem');
    assert.equal(group(r, 'problem').count, 2);
    assert.deepEqual(new Set(ids(r, 'problem')), new Set([p1.id, p2.id]));
    assert.equal(group(r, 'problem').items.find((h) => h.id === p1.id).name, '鸬鹚岛用地指标不足');
    const seen = async (s, q = '鸬鹚岛') => {
      const x = await s.request('GET', `/api/v1/search?q=${encodeURIComponent(q)}&type=problem`);
      assert.equal(x.status, 200, x.text);
      return [ids(x.json, 'problem'), x.json.total];
    };
    assert.deepEqual(await seen(await throwawaySession(srv, 'handler', { unitIds: [11] })), [[p1.id], 1]);
    // Unit 9 owns p2; unit 12 handles its project.
    assert.deepEqual(await seen(await throwawaySession(srv, 'handler', { unitIds: [9] })), [[p2.id], 1]);
    assert.deepEqual(await seen(await throwawaySession(srv, 'handler', { unitIds: [12] }), '鸬鹚'), [[p2.id], 1]);
    assert.deepEqual(await seen(await throwawaySession(srv, 'handler', { unitIds: [13] })), [[], 0]);
    assert.deepEqual(await seen(await throwawaySession(srv, 'enterprise', { enterpriseId: e1.id })), [[p1.id], 1]);
    // An edit is found right after.
    const u = await api(srv, 'PATCH', `/api/v1/problems/${p1.id}`, { description: '白鹭洲用地指标不足' }, { 'If-Match': `"${p1.version}"` });
    assert.equal(u.status, 200, u.text);
    assert.deepEqual(ids(await search('白鷺洲', '&type=problem'), 'problem'), [p1.id]);
    assert.deepEqual(ids(await search('鸬鹚岛', '&type=problem'), 'problem'), [p2.id]);
  });

  test('follow-ups: note and next step, scoped as their project, never shown to enterprise users', async () => {
    const e = await createEnterprise(srv);
    const a = await createProject(srv, { name: '跟进甲项目', unit_id: 11, enterprise_ids: [e.id] });
    const b = await createProject(srv, { name: '跟进乙项目', unit_id: 12 });
    const f1 = await post(`${PRJ}/${a.id}/followups`, { on: '2023-04-20', kind: 'visit', summary: '走访孔雀蓝陶瓷厂', next_step: '约谈翡翠绿董事长' });
    const f2 = await post(`${PRJ}/${b.id}/followups`, { on: '2023-04-21', kind: 'call', summary: '电话联系孔雀蓝陶瓷厂' });
    let r = await search('孔雀藍陶瓷', '&type=followup');
    assert.deepEqual(new Set(ids(r, 'followup')), new Set([f1.id, f2.id]));
    assert.equal(group(r, 'followup').items.find((h) => h.id === f1.id).name, '走访孔雀蓝陶瓷厂');
    r = await search('翡翠綠董事長', '&type=followup');
    assert.deepEqual(ids(r, 'followup'), [f1.id]);
    assert.deepEqual(marked(group(r, 'followup').items[0].snippet), ['翡翠绿董事长']);
    const seen = async (s) => {
      const x = await s.request('GET', `/api/v1/search?q=${encodeURIComponent('孔雀蓝陶瓷')}&type=followup`);
      assert.equal(x.status, 200, x.text);
      return [ids(x.json, 'followup'), x.json.total];
    };
    assert.deepEqual(await seen(await throwawaySession(srv, 'handler', { unitIds: [11] })), [[f1.id], 1]);
    assert.deepEqual(await seen(await throwawaySession(srv, 'handler', { unitIds: [12] })), [[f2.id], 1]);
    // The enterprise named by project a still sees no follow-up, not even in counts.
    assert.deepEqual(await seen(await throwawaySession(srv, 'enterprise', { enterpriseId: e.id })), [[], 0]);
  });

  test('guanlan search rebuild indexes every kind again, with the same hits', async () => {
    const kinds = ['enterprise', 'project', 'appeal', 'roundtable', 'problem', 'followup'];
    const counts = (x) => x.groups.map((g) => [g.type, g.count]);
    const before = {};
    for (const q of ['鹊华观澜会', '琵琶湖', '鸬鹚岛', '孔雀蓝', '珊瑚礁']) before[q] = counts(await search(q));
    assert.deepEqual((await search('x')).groups.map((g) => g.type), kinds);
    const docs = run(['search', '孔雀蓝', '--type', 'followup', '--db', srv.db]);
    assert.equal(docs.status, 0, docs.stderr);
    assert.match(docs.stdout, /^followup: 2\n/);
    const r = run(['search', 'rebuild', '--db', srv.db]);
    assert.equal(r.status, 0, r.stderr);
    const n = Number(/indexed (\d+) records/.exec(r.stdout)[1]);
    const rows = sql(srv, 'SELECT (SELECT count(*) FROM enterprise) + (SELECT count(*) FROM project) +'
      + ' (SELECT count(*) FROM appeal) + (SELECT count(*) FROM roundtable) + (SELECT count(*) FROM problem) +'
      + ' (SELECT count(*) FROM followup), (SELECT count(*) FROM search_doc)');
    assert.equal(rows.status, 0, rows.stderr);
    assert.equal(rows.stdout.trim(), `${n}|${n}`);
    for (const q of Object.keys(before)) assert.deepEqual(counts(await search(q)), before[q], q);
  });

  test('bad parameters', async () => {
    for (const path of ['/api/v1/search', '/api/v1/search?q=', '/api/v1/search?q=x&type=appeals',
      '/api/v1/search?q=x&limit=0', '/api/v1/search?q=x&sort=1']) {
      const r = await api(srv, 'GET', path);
      assert.equal(r.status, 400, path);
    }
    // Viewers see figures, not records: no search.
    const v = await throwawaySession(srv, 'viewer');
    assert.equal((await v.request('GET', '/api/v1/search?q=abc')).status, 403);
    assert.equal((await anonymous(srv).request('GET', '/api/v1/search?q=abc')).status, 401);
    // Quotes and FTS operators are text.
    const r = await search('"a" OR b*');
    assert.equal(r.total, 0);
  });
});
