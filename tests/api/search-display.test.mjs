// search-display.test.mjs - search results show each record's own text (traditional,
// full-width, upper case, its own spaces), with the hits found in the normal form mapped
// back onto it code point by code point.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, run, startServer } from './lib.mjs';
import { createEnterprise, createProject, get } from './helpers.mjs';
import { sqlOk, throwawaySession } from './sessions.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(() => srv?.stop());

const search = (q, extra = '') => get(srv, `/api/v1/search?q=${encodeURIComponent(q)}${extra}`);
const first = (r, type) => r.groups.find((g) => g.type === type).items[0];
// The highlighted characters of a {text, hits} pair, code point by code point.
const marked = (t) => t.hits.map(([s, l]) => [...t.text].slice(s, s + l).join(''));

describe('search results as written', () => {
  test('a traditional name is shown traditional, the simplified query marked on it', async () => {
    const p = await createProject(srv, { name: '濟南新區儲能電站項目' });
    const r = await search('济南新区', '&type=project');
    const h = first(r, 'project');
    assert.equal(h.id, p.id);
    assert.equal(r.normalised, '济南新区');
    assert.deepEqual(h.title, { text: '濟南新區儲能電站項目', hits: [[0, 4]] });
    // And queried in traditional: the same.
    assert.deepEqual(first(await search('儲能電站', '&type=project'), 'project').title,
      { text: '濟南新區儲能電站項目', hits: [[4, 4]] });
  });

  test('full-width and upper-case letters are shown as typed; a lower-case query marks them', async () => {
    const e = await createEnterprise(srv, { name: 'ＢＹＤ汽車濟南分公司' });
    let h = first(await search('byd汽车', '&type=enterprise'), 'enterprise');
    assert.equal(h.id, e.id);
    assert.deepEqual(h.title, { text: 'ＢＹＤ汽車濟南分公司', hits: [[0, 5]] });
    const m = await createEnterprise(srv, { name: 'Haier Smart　Home海爾智家' });
    h = first(await search('SMART HOME', '&type=enterprise'), 'enterprise');
    assert.equal(h.id, m.id);
    // The ideographic space between Smart and Home is one space of the normal form.
    assert.deepEqual(h.title, { text: 'Haier Smart　Home海爾智家', hits: [[6, 10]] });
    assert.deepEqual(marked(h.title), ['Smart　Home']);
  });

  test('one and two characters: the traditional title marked', async () => {
    const p = await createProject(srv, { name: '鑫鵲垚項目鵲' });
    const r = await search('鹊', '&type=project');
    assert.equal(r.short_query, true);
    const h = first(r, 'project');
    assert.equal(h.id, p.id);
    assert.deepEqual(h.title, { text: '鑫鵲垚項目鵲', hits: [[1, 1], [5, 1]] });
    assert.deepEqual(first(await search('垚项', '&type=project'), 'project').title,
      { text: '鑫鵲垚項目鵲', hits: [[2, 2]] });
  });

  test('an exact code: the title as written, nothing marked', async () => {
    const p = await createProject(srv, { name: '鵲華觀瀾會簽約項目' });
    const h = first(await search(p.code, '&type=project'), 'project');
    assert.equal(h.exact, true);
    assert.deepEqual(h.title, { text: '鵲華觀瀾會簽約項目', hits: [] });
  });

  test('an appeal\'s snippet: its own text around the hit, cut with …', async () => {
    const e = await createEnterprise(srv, { name: '翠微山製藥有限公司' });
    const text = '我司新建廠房的消防驗收已經提交材料三個月，至今仍未安排現場檢查，'
      + '影響ＡＢＣ產線按期投產，懇請相關部門儘快協調辦理，並告知辦理時限。';
    const r0 = await api(srv, 'POST', '/api/v1/appeals',
      { enterprise_id: e.id, category: 'approval', text, lead_unit_id: 3 });
    assert.equal(r0.status, 201, r0.text);
    const r = await search('abc产线', '&type=appeal');
    const h = first(r, 'appeal');
    assert.equal(h.id, r0.json.id);
    // The body is the text, the answer (none yet) and the enterprise's name, joined by
    // spaces.  The hit is code point 34; the snippet starts 12 before it and is 48 long.
    const body = [...`${text}  翠微山製藥有限公司`];
    assert.equal(body.slice(34, 39).join(''), 'ＡＢＣ產線');
    assert.deepEqual(h.snippet, { text: `…${body.slice(22, 70).join('')}…`, hits: [[13, 5]] });
    assert.deepEqual(marked(h.snippet), ['ＡＢＣ產線']);
    // The enterprise's name, at the end of the body: the window ends with the text.
    const s = first(await search('翠微山制药', '&type=appeal'), 'appeal').snippet;
    assert.ok(s.text.startsWith('…') && s.text.endsWith('翠微山製藥有限公司'), s.text);
    assert.deepEqual(marked(s), ['翠微山製藥']);
  });

  test('many hits: each kind looks at its newest 2000; counts capped, lower bounds for a scope', async () => {
    // 2,100 projects 珍珠貝項目N: the oldest 2,050 of unit 3, the newest 50 of unit 4.
    sqlOk(srv, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2100)
      INSERT INTO project (code, name, stage, location, unit_id, created_at, updated_at)
      SELECT 'ZZ-2024-' || printf('%05d', i), '珍珠貝項目' || i, 'signed', 'zone',
        CASE WHEN i <= 2050 THEN 3 ELSE 4 END, '2024-01-01T00:00:00+08:00', '2024-01-01T00:00:00+08:00' FROM n`);
    const r0 = run(['search', 'rebuild', '--db', srv.db]);
    assert.equal(r0.status, 0, r0.stderr);
    const grp = (r) => r.groups.find((g) => g.type === 'project');
    // Administrator: 2,100 hits, 1000+.
    let g = grp(await search('珍珠贝项目', '&type=project'));
    assert.deepEqual([g.count, g.count_capped, g.items.length], [1000, true, 10]);
    assert.equal(g.items[0].name, '珍珠貝項目2100');
    assert.deepEqual(g.items[0].title, { text: '珍珠貝項目2100', hits: [[0, 5]] });
    // Unit 4: its 50 among the newest 2,000 hits, the 2,050 of unit 3 never counted; hits
    // past the 2,000 were not looked at, so 50 is a lower bound.
    const h4 = await throwawaySession(srv, 'handler', { unitIds: [4] });
    let r = await h4.request('GET', `/api/v1/search?q=${encodeURIComponent('珍珠贝项目')}&type=project&limit=50`);
    g = grp(r.json);
    assert.deepEqual([g.count, g.count_capped, g.items.length], [50, true, 50]);
    assert.deepEqual([g.items[0].name, g.items[49].name], ['珍珠貝項目2100', '珍珠貝項目2051']);
    // Unit 3: 1,950 of the newest 2,000: 1000+.
    const h3 = await throwawaySession(srv, 'handler', { unitIds: [3] });
    r = await h3.request('GET', `/api/v1/search?q=${encodeURIComponent('珍珠贝项目')}&type=project`);
    g = grp(r.json);
    assert.deepEqual([g.count, g.count_capped, g.items[0].name], [1000, true, '珍珠貝項目2050']);
    // Unit 5: none among the newest 2,000, and older ones not looked at.
    const h5 = await throwawaySession(srv, 'handler', { unitIds: [5] });
    r = await h5.request('GET', `/api/v1/search?q=${encodeURIComponent('珍珠贝项目')}&type=project`);
    assert.deepEqual([grp(r.json).count, grp(r.json).count_capped, grp(r.json).items.length], [0, true, 0]);
    // One character: the same window over titles.
    g = grp(await search('珠', '&type=project'));
    assert.deepEqual([g.count, g.count_capped], [1000, true]);
    // A code finds its record alone (its trigrams are in every code).
    r = await search('ZZ-2024-00007');
    assert.deepEqual(r.groups.map((x) => [x.type, x.count]).filter(([, c]) => c), [['project', 1]]);
    assert.equal(grp(r).items[0].exact, true);
  });
});
