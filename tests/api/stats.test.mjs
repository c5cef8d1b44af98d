// stats.test.mjs - /api/v1/stats/summary: the headline figures, what moves them, their
// definitions, and the demo data's published totals.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, startServer } from './lib.mjs';
import { PRJ, STATS, assertError, createProject, get, patch, signedIn, yi } from './helpers.mjs';

const STAGES = ['lead', 'negotiating', 'signed', 'started', 'production', 'capacity', 'on_hold', 'dropped'];
const HEADLINES = ['signed_industrial', 'signed_all', 'county_signed'];
const BREAKDOWNS = ['by_stage', 'by_chain', 'by_year'];

async function summary(srv) {
  const r = await api(srv, 'GET', STATS);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.headers.get('cache-control'), 'no-store');
  return r.json;
}

// Every figure is {count, amount: {wan, yi}} with yi the exact 亿元 text of wan.
function assertFigure(f, what) {
  assert.ok(Number.isInteger(f.count) && f.count >= 0, `${what}.count`);
  assert.ok(Number.isInteger(f.amount.wan) && f.amount.wan >= 0, `${what}.amount.wan`);
  assert.equal(f.amount.yi, yi(f.amount.wan), `${what}.amount.yi`);
}

// The summary as one flat map: "signed_all" -> [count, wan], "by_stage.signed" -> [...], ...
// plus "projects" -> n.  Checks the shape on the way.
function flatten(s) {
  const out = { projects: s.projects };
  for (const h of HEADLINES) {
    assertFigure(s[h], h);
    out[h] = [s[h].count, s[h].amount.wan];
  }
  for (const b of BREAKDOWNS) {
    for (const item of s[b].items) {
      assertFigure(item, `${b}.${item.key}`);
      out[`${b}.${item.key}`] = [item.count, item.amount.wan];
    }
  }
  return out;
}

// What a change did to the figures: only the ones that moved, as [Δcount, Δwan] (projects: Δn).
async function change(srv, action) {
  const before = flatten(await summary(srv));
  await action();
  const after = flatten(await summary(srv));
  const delta = {};
  for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (k === 'projects') {
      if (after.projects !== before.projects) delta.projects = after.projects - before.projects;
      continue;
    }
    const [c0, w0] = before[k] || [0, 0];
    const [c1, w1] = after[k] || [0, 0];
    if (c0 !== c1 || w0 !== w1) delta[k] = [c1 - c0, w1 - w0];
  }
  return delta;
}

// A stage move through the ledger (PATCH no longer changes the stage or its dates).
async function moveOk(srv, p, body) {
  const current = await get(srv, `${PRJ}/${p.id}`);
  const r = await api(srv, 'POST', `${PRJ}/${p.id}/stage`, { ...body, version: current.version });
  assert.equal(r.status, 200, r.text);
  return r.json;
}
const today = () => new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);

async function patchOk(srv, p, body) {
  const current = await get(srv, `${PRJ}/${p.id}`);
  const r = await patch(srv, `${PRJ}/${p.id}`, body, current.version);
  assert.equal(r.status, 200, r.text);
  return r.json;
}

describe('an empty database', () => {
  let srv;
  before(async () => { srv = await startServer(); });
  after(async () => { await srv.stop(); });

  test('the summary is all zeros', async () => {
    const s = await summary(srv);
    assert.equal(s.projects, 0);
    for (const h of HEADLINES) {
      assert.equal(s[h].count, 0, h);
      assert.deepEqual(s[h].amount, { wan: 0, yi: '0' }, h);
    }
    assert.deepEqual(s.by_stage.items.map((x) => x.key), STAGES);
    for (const x of s.by_stage.items) {
      assert.equal(x.count, 0);
      assert.deepEqual(x.amount, { wan: 0, yi: '0' });
    }
    assert.deepEqual(s.by_chain.items, []);
    assert.deepEqual(s.by_year.items, []);
  });

  test('every figure has a definition string', async () => {
    const s = await summary(srv);
    for (const k of [...HEADLINES, ...BREAKDOWNS]) {
      assert.equal(typeof s[k].definition, 'string', `${k}.definition`);
      assert.ok(s[k].definition.length > 10, `${k}.definition is a real text`);
    }
    assert.equal(new Set([...HEADLINES, ...BREAKDOWNS].map((k) => s[k].definition)).size, 6, 'each its own');
  });

  test('as_of is the Shanghai time of the answer', async () => {
    const s = await summary(srv);
    assert.match(s.as_of, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
    assert.ok(Math.abs(Date.parse(s.as_of) - Date.now()) < 60_000);
  });

  test('by_stage names every stage', async () => {
    const s = await summary(srv);
    assert.deepEqual(s.by_stage.items.map((x) => x.name), ['线索', '洽谈', '签约', '开工', '投产', '达产', '搁置', '终止']);
  });

  test('takes no query parameters', async () => {
    assertError(await api(srv, 'GET', `${STATS}?year=2023`), 400, 'bad_parameter', 'year');
  });
});

describe('figures move with projects', () => {
  let srv;
  before(async () => { srv = await startServer(); });
  after(async () => { await srv.stop(); });

  test('a signed industrial project in the zone counts everywhere', async () => {
    const d = await change(srv, () => createProject(srv, signedIn(2023, 10000, { industrial: true, chain: 'nev' })));
    assert.deepEqual(d, {
      projects: 1,
      signed_industrial: [1, 10000],
      signed_all: [1, 10000],
      'by_stage.signed': [1, 10000],
      'by_chain.nev': [1, 10000],
      'by_year.2023': [1, 10000],
    });
  });

  test('a signed non-industrial project counts in signed_all, not signed_industrial', async () => {
    const d = await change(srv, () => createProject(srv, signedIn(2024, 2500, { industrial: false, chain: 'service' })));
    assert.deepEqual(d, {
      projects: 1,
      signed_all: [1, 2500],
      'by_stage.signed': [1, 2500],
      'by_chain.service': [1, 2500],
      'by_year.2024': [1, 2500],
    });
  });

  test('a signed project in partner county 370115 counts in county_signed only', async () => {
    const d = await change(srv, () => createProject(srv, signedIn(2023, 8000,
      { industrial: true, chain: 'nev', channel: 'chain', location: '370115' })));
    assert.deepEqual(d, { projects: 1, county_signed: [1, 8000] });
  });

  test('a signed project in partner county 370126 counts in county_signed only', async () => {
    const d = await change(srv, () => createProject(srv, signedIn(2022, 1200,
      { industrial: false, chain: 'newmat', channel: 'chain', location: '370126' })));
    assert.deepEqual(d, { projects: 1, county_signed: [1, 1200] });
  });

  test('a signed project in a district that is not a partner county is not county_signed', async () => {
    for (const location of ['370105', '370112', '370100']) {
      const d = await change(srv, () => createProject(srv, signedIn(2023, 700, { industrial: true, location })));
      assert.deepEqual(d, { projects: 1 }, `located in ${location}`);
    }
  });

  test('an unsigned project moves only its stage', async () => {
    let d = await change(srv, () => createProject(srv, { stage: 'lead', total_investment: 300, chain: 'nev' }));
    assert.deepEqual(d, { projects: 1, 'by_stage.lead': [1, 300] });
    d = await change(srv, () => createProject(srv, { stage: 'negotiating' }));
    assert.deepEqual(d, { projects: 1, 'by_stage.negotiating': [1, 0] });
    d = await change(srv, () => createProject(srv, { stage: 'lead', location: '370115' }));
    assert.deepEqual(d, { projects: 1 }, 'a county lead is not a zone stage figure');
  });

  test('a signing date counts even at stage lead or on_hold', async () => {
    const d = await change(srv, () => createProject(srv, { stage: 'on_hold', signed_on: '2021-02-03', total_investment: 50, industrial: true }));
    assert.deepEqual(d, {
      projects: 1,
      signed_industrial: [1, 50],
      signed_all: [1, 50],
      'by_stage.on_hold': [1, 50],
      'by_chain.': [1, 50],
      'by_year.2021': [1, 50],
    });
  });

  test('amounts add up exactly and show as exact 亿元', async () => {
    const s = await summary(srv);
    flatten(s); // checks every yi against its wan
    const more = await change(srv, () => createProject(srv, signedIn(2023, 12345, { industrial: true, chain: 'robot' })));
    assert.deepEqual(more.signed_industrial, [1, 12345]);
    const after = await summary(srv);
    assert.equal(after.signed_industrial.amount.wan, s.signed_industrial.amount.wan + 12345);
    assert.equal(after.signed_industrial.amount.yi, yi(after.signed_industrial.amount.wan));
  });

  test('by_chain and by_year list signed zone projects only, named and in order', async () => {
    const s = await summary(srv);
    const chain = s.by_chain.items.find((x) => x.key === 'nev');
    assert.equal(chain.name, '新能源汽车');
    const years = s.by_year.items.map((x) => x.key);
    assert.deepEqual(years, [...years].sort(), 'years ascending');
    for (const x of s.by_year.items) assert.equal(x.name, x.key);
    const sumOf = (b) => s[b].items.reduce((acc, x) => [acc[0] + x.count, acc[1] + x.amount.wan], [0, 0]);
    assert.deepEqual(sumOf('by_year'), [s.signed_all.count, s.signed_all.amount.wan]);
    assert.deepEqual(sumOf('by_chain'), [s.signed_all.count, s.signed_all.amount.wan]);
  });
});

describe('figures follow PATCHes', () => {
  let srv;
  let p;
  before(async () => {
    srv = await startServer();
    p = await createProject(srv, signedIn(2023, 10000, { industrial: true, chain: 'nev' }));
  });
  after(async () => { await srv.stop(); });

  test('a new amount', async () => {
    const d = await change(srv, () => patchOk(srv, p, { total_investment: 15000 }));
    assert.deepEqual(d, {
      signed_industrial: [0, 5000], signed_all: [0, 5000], 'by_stage.signed': [0, 5000],
      'by_chain.nev': [0, 5000], 'by_year.2023': [0, 5000],
    });
  });

  test('a new stage', async () => {
    const d = await change(srv, () => moveOk(srv, p, { to: 'started', effective_on: '2023-10-01' }));
    assert.deepEqual(d, { 'by_stage.signed': [-1, -15000], 'by_stage.started': [1, 15000] });
  });

  test('dropped after signing still counts as signed', async () => {
    const d = await change(srv, () => moveOk(srv, p, { to: 'dropped', effective_on: today(), reason: '企业战略调整' }));
    assert.deepEqual(d, { 'by_stage.started': [-1, -15000], 'by_stage.dropped': [1, 15000] });
  });

  test('a new signing date by PATCH is refused: the ledger alone sets it', async () => {
    const d = await change(srv, async () => {
      const current = await get(srv, `${PRJ}/${p.id}`);
      assertError(await patch(srv, `${PRJ}/${p.id}`, { signed_on: '2024-01-15' }, current.version),
        409, 'use_stage_move', 'signed_on');
    });
    assert.deepEqual(d, {});
  });

  test('a new chain', async () => {
    const d = await change(srv, () => patchOk(srv, p, { chain: 'robot' }));
    assert.deepEqual(d, { 'by_chain.nev': [-1, -15000], 'by_chain.robot': [1, 15000] });
  });

  test('no longer industrial', async () => {
    const d = await change(srv, () => patchOk(srv, p, { industrial: false }));
    assert.deepEqual(d, { signed_industrial: [-1, -15000] });
  });

  test('a move from the zone to a partner county, and back', async () => {
    let d = await change(srv, () => patchOk(srv, p, { location: '370115', industrial: true }));
    assert.deepEqual(d, {
      signed_all: [-1, -15000], county_signed: [1, 15000], 'by_stage.dropped': [-1, -15000],
      'by_chain.robot': [-1, -15000], 'by_year.2023': [-1, -15000],
    });
    d = await change(srv, () => patchOk(srv, p, { location: 'zone' }));
    assert.deepEqual(d, {
      signed_industrial: [1, 15000], signed_all: [1, 15000], county_signed: [-1, -15000],
      'by_stage.dropped': [1, 15000], 'by_chain.robot': [1, 15000], 'by_year.2023': [1, 15000],
    });
  });

  test('a patch of other fields moves nothing', async () => {
    const d = await change(srv, () => patchOk(srv, p, { leader: '新领导', key_project: true, phase: '一期' }));
    assert.deepEqual(d, {});
  });

  test('a refused patch moves nothing', async () => {
    const d = await change(srv, async () => {
      const r = await patch(srv, `${PRJ}/${p.id}`, { total_investment: -5 }, 1);
      assert.equal(r.status, 409);
      const current = await get(srv, `${PRJ}/${p.id}`);
      const bad = await patch(srv, `${PRJ}/${p.id}`, { total_investment: -5 }, current.version);
      assert.equal(bad.status, 422);
    });
    assert.deepEqual(d, {});
  });

  test('the summary agrees with the project list', async () => {
    const s = await summary(srv);
    const all = (await get(srv, `${PRJ}?limit=200`)).items;
    const zoneSigned = all.filter((x) => x.location === 'zone' && x.signed_on);
    assert.equal(s.signed_all.count, zoneSigned.length);
    assert.equal(s.signed_all.amount.wan, zoneSigned.reduce((n, x) => n + (x.total_investment || 0), 0));
    assert.equal(s.projects, all.length);
  });
});

describe('the demo data', () => {
  let srv;
  before(async () => { srv = await startServer({ demo: true }); });
  after(async () => { await srv.stop(); });

  test('reproduces the published figures: 36 industrial projects, 400亿元; over 3100亿元 in all', async () => {
    const s = await summary(srv);
    assert.equal(s.signed_industrial.count, 36);
    assert.equal(s.signed_industrial.amount.wan, 4000000);
    assert.equal(s.signed_industrial.amount.yi, '400');
    assert.ok(s.signed_all.amount.wan > 31000000, `signed_all is ${s.signed_all.amount.wan} 万元`);
    flatten(s);
  });
});
