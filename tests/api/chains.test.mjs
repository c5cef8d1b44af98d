// chains.test.mjs - industry chains as graphs, and the attribution rule: a supporting project
// in a partner county counts where it is located and is credited to the zone's chain work,
// never twice in one total.  Figures computed by hand:
//   anchor (zone) 1000 + its 二期 (zone) 600          -> zone 1600 (2 projects)
//   济阳 370115: 300 + 70                              -> 370 (2 projects)
//   商河 370126: 250 + one without an amount           -> 250 (2 projects)
//   credited to chain work: 1600 + 370 + 250 = 2220 (6 projects)
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, startServer } from './lib.mjs';
import {
  PRJ, assertError, assertInvalid, createEnterprise, createProject, get, patch, refusedWithoutChange,
} from './helpers.mjs';
import { throwawaySession } from './sessions.mjs';

const CHAINS = '/api/v1/chains';
const amount = (wan, yi) => ({ wan, yi });

let srv;
let ent;          // the enterprise behind the anchor, its 二期 and the 70 in 济阳
let anchor, phase2, jy300, jy70, sh250, shNone;
before(async () => {
  srv = await startServer();
  ent = await createEnterprise(srv);
  anchor = await createProject(srv, { name: '链主项目（一期）', location: 'zone', total_investment: 1000, enterprise_ids: [ent.id], phase: '一期', stage: 'signed', signed_on: '2022-01-10' });
  phase2 = await createProject(srv, { name: '链主项目（二期）', location: 'zone', total_investment: 600, enterprise_ids: [ent.id], phase: '二期', phase_parent_id: anchor.id });
  jy300 = await createProject(srv, { name: '济阳配套甲', location: '370115', total_investment: 300, chain_anchor_id: anchor.id });
  jy70 = await createProject(srv, { name: '济阳配套乙', location: '370115', total_investment: 70, chain_anchor_id: phase2.id, enterprise_ids: [ent.id] });
  sh250 = await createProject(srv, { name: '商河配套甲', location: '370126', total_investment: 250, chain_anchor_id: anchor.id, stage: 'signed', signed_on: '2022-05-01' });
  shNone = await createProject(srv, { name: '商河配套乙', location: '370126', chain_anchor_id: anchor.id });
});
after(async () => { await srv.stop(); });

describe('GET /api/v1/chains/{id}', () => {
  let g;
  before(async () => { g = await get(srv, `${CHAINS}/${anchor.id}`); });

  test('nodes: the anchor first, its phase and the supporters, with roles, places and amounts', () => {
    assert.equal(g.anchor.id, anchor.id);
    assert.deepEqual(g.nodes.map((n) => [n.id, n.role, n.location, n.in_zone]), [
      [anchor.id, 'anchor', 'zone', true],
      [phase2.id, 'phase', 'zone', true],
      [jy300.id, 'supporting', '370115', false],
      [jy70.id, 'supporting', '370115', false],
      [sh250.id, 'supporting', '370126', false],
      [shNone.id, 'supporting', '370126', false],
    ]);
    const byId = Object.fromEntries(g.nodes.map((n) => [n.id, n]));
    assert.deepEqual(byId[anchor.id].amount, amount(1000, '0.1'));
    assert.equal(byId[anchor.id].code, anchor.code);
    assert.equal(byId[anchor.id].name, '链主项目（一期）');
    assert.equal(byId[anchor.id].stage, 'signed');
    assert.equal(byId[jy300.id].location_name, '济阳区');
    assert.equal(byId[sh250.id].location_name, '商河县');
    assert.equal(byId[shNone.id].amount, null);
  });

  test('edges: supports point at the project supported, the phase at its parent', () => {
    const key = (e) => `${e.source}>${e.target}:${e.kind}`;
    assert.deepEqual(g.edges.map(key).sort(), [
      `${phase2.id}>${anchor.id}:phase`,
      `${jy300.id}>${anchor.id}:supports`,
      `${jy70.id}>${phase2.id}:supports`,
      `${sh250.id}>${anchor.id}:supports`,
      `${shNone.id}>${anchor.id}:supports`,
    ].sort());
  });

  test('totals: counted where located, credited once, the parts add up to the whole', () => {
    const t = g.totals;
    assert.equal(t.projects, 6);
    assert.deepEqual(t.credited_to_chain_work, amount(2220, '0.222'));
    assert.equal(t.zone_projects, 2);
    assert.deepEqual(t.counted_in_zone, amount(1600, '0.16'));
    assert.deepEqual(t.by_location.map((l) => [l.location, l.location_name, l.in_zone, l.projects, l.amount.wan]), [
      ['zone', t.by_location[0].location_name, true, 2, 1600],
      ['370115', '济阳区', false, 2, 370],
      ['370126', '商河县', false, 2, 250],
    ]);
    assert.equal(t.by_location.reduce((s, l) => s + l.amount.wan, 0), t.credited_to_chain_work.wan);
    assert.equal(t.by_location.reduce((s, l) => s + l.projects, 0), t.projects);
    // Not the anchor's figure on top of its phases', nor a county project in the zone's total.
    assert.notEqual(t.counted_in_zone.wan, 1000 + 1000 + 600);
    assert.ok(/never twice/.test(g.definitions.credited_to_chain_work));
    assert.ok(/项目在地/.test(g.definitions.by_location));
  });

  test('a project that anchors nothing, a later phase and a supporter are no chain: 404', async () => {
    const lone = await createProject(srv);
    for (const id of [lone.id, phase2.id, jy300.id, 99999999]) {
      assertError(await api(srv, 'GET', `${CHAINS}/${id}`), 404, 'not_found');
    }
  });

  test('scoped: the anchor must be in scope (404 otherwise); nodes outside it are left out', async () => {
    const s = await throwawaySession(srv, 'enterprise', { enterpriseId: ent.id });
    const r = await s.get(`${CHAINS}/${anchor.id}`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.nodes.map((n) => n.id), [anchor.id, phase2.id, jy70.id]);
    assert.deepEqual(r.json.edges.map((e) => [e.source, e.target]).sort(),
      [[phase2.id, anchor.id], [jy70.id, phase2.id]].sort());
    assert.deepEqual(r.json.totals.credited_to_chain_work, amount(1670, '0.167'));
    assert.deepEqual(r.json.totals.counted_in_zone, amount(1600, '0.16'));
    const other = await throwawaySession(srv, 'enterprise', { enterpriseId: (await createEnterprise(srv)).id });
    const outside = await other.get(`${CHAINS}/${anchor.id}`);
    const missing = await other.get(`${CHAINS}/99999999`);
    assertError(outside, 404, 'not_found');
    assert.equal(outside.text, missing.text);
  });
});

describe('GET /api/v1/chains', () => {
  test('lists each root once, with the same totals as its graph', async () => {
    const list = await get(srv, CHAINS);
    assert.equal(list.total, 1);
    assert.equal(list.items.length, 1);
    const c = list.items[0];
    assert.equal(c.id, anchor.id);
    assert.equal(c.supporting, 4);
    assert.equal(c.phases, 1);
    assert.deepEqual(c.amount, amount(1000, '0.1'));
    assert.deepEqual(c.totals, (await get(srv, `${CHAINS}/${anchor.id}`)).totals);
    assert.ok(list.definitions.counted_in_zone);
  });

  test('paging, scope, and unknown parameters', async () => {
    const a2 = await createProject(srv, { total_investment: 10 });
    await createProject(srv, { chain_anchor_id: a2.id, location: '370115', total_investment: 5 });
    const all = await get(srv, `${CHAINS}?limit=1&offset=1`);
    assert.equal(all.total, 2);
    assert.deepEqual(all.items.map((x) => x.id), [a2.id]);
    assert.deepEqual(all.items[0].totals.credited_to_chain_work, amount(15, '0.0015'));
    assert.deepEqual(all.items[0].totals.counted_in_zone, amount(10, '0.001'));
    const s = await throwawaySession(srv, 'enterprise', { enterpriseId: ent.id });
    const mine = await s.get(CHAINS);
    assert.equal(mine.status, 200, mine.text);
    assert.deepEqual(mine.json.items.map((x) => x.id), [anchor.id]);
    assert.equal(mine.json.total, 1);
    assert.equal(mine.json.items[0].totals.projects, 3);
    const h = await throwawaySession(srv, 'handler', { unitIds: [3] });
    const none = await h.get(CHAINS);
    assert.deepEqual([none.json.total, none.json.items], [0, []]);
    assertError(await api(srv, 'GET', `${CHAINS}?chain=nev`), 400);
    assertError(await api(srv, 'GET', `${CHAINS}?limit=0`), 400);
  });
});

describe('links are one level deep', () => {
  test('a supporter cannot be an anchor, an anchor cannot support: refusals change nothing', async () => {
    const r = await refusedWithoutChange(srv, () => api(srv, 'POST', PRJ, { name: '二级配套', chain_anchor_id: jy300.id }));
    assertInvalid(r, { chain_anchor_id: 'nested' });
    const other = await createProject(srv);
    const cur = await get(srv, `${PRJ}/${anchor.id}`);
    const x = await refusedWithoutChange(srv, () => patch(srv, `${PRJ}/${anchor.id}`, { chain_anchor_id: other.id }, cur.version));
    assertInvalid(x, { chain_anchor_id: 'nested' });
    const y = await refusedWithoutChange(srv, () => patch(srv, `${PRJ}/${jy300.id}`, { chain_anchor_id: jy300.id }, jy300.version));
    assertInvalid(y, { chain_anchor_id: 'invalid' });
  });
});
