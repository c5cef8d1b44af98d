// stats.test.mjs - /api/v1/stats/summary: the headline figures, what moves them, their
// definitions, and the demo data's published totals.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, startServer } from './lib.mjs';
import { PRJ, STATS, assertError, createProject, get, patch, signedIn, yi } from './helpers.mjs';
import { sqlOk, throwawaySession } from './sessions.mjs';

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

// ---- GET /api/v1/stats and /stats/briefing on a small fixture, figures computed by hand ----

const GROUPED = '/api/v1/stats';
const BRIEF = '/api/v1/stats/briefing';

// Eight projects (zone unless said; units 2, 3, 11, 12) and four funds reports:
//   P1 signed 2023-01-15  10000 industrial nev     leader   unit 2  3612 (C)  stage signed
//   P2 signed 2023-03-31 started 2023-04-01 20000 ind. nev chain unit 2 3670 (C) started
//   P3 signed 2023-04-01   5000 not ind.  service business unit 3  6513 (I)  on_hold
//   P4 signed 2022-12-31   7000 industrial robot   leader   unit 3  3491 (C)  signed
//   P5 signed 2023-06-18   8000 industrial nev     chain    unit 12 3670 (C)  signed, in 370115
//   P6 signed 2023-12-31   3000 industrial nev     leader   unit 2  3612 (C)  dropped
//   P7 signed 2022-05-10 started 2022-08-01 production 2023-07-01 40000 ind. nev leader unit 11
//   P8 lead, 100, no dates
//   funds: P2 2023-04 1500, P2 2023-05 2500, P7 2023-01 1000, P5 2023-06 700
async function fixture(srv) {
  const base = { location: 'zone' };
  const p = {};
  p.P1 = await createProject(srv, { ...base, stage: 'signed', signed_on: '2023-01-15', total_investment: 10000, industrial: true, chain: 'nev', channel: 'leader', unit_id: 2, industry_code: '3612' });
  p.P2 = await createProject(srv, { ...base, stage: 'started', signed_on: '2023-03-31', started_on: '2023-04-01', total_investment: 20000, industrial: true, chain: 'nev', channel: 'chain', unit_id: 2, industry_code: '3670' });
  p.P3 = await createProject(srv, { ...base, stage: 'on_hold', signed_on: '2023-04-01', total_investment: 5000, industrial: false, chain: 'service', channel: 'business', unit_id: 3, industry_code: '6513' });
  p.P4 = await createProject(srv, { ...base, stage: 'signed', signed_on: '2022-12-31', total_investment: 7000, industrial: true, chain: 'robot', channel: 'leader', unit_id: 3, industry_code: '3491' });
  p.P5 = await createProject(srv, { location: '370115', stage: 'signed', signed_on: '2023-06-18', total_investment: 8000, industrial: true, chain: 'nev', channel: 'chain', unit_id: 12, industry_code: '3670' });
  p.P6 = await createProject(srv, { ...base, stage: 'dropped', signed_on: '2023-12-31', total_investment: 3000, industrial: true, chain: 'nev', channel: 'leader', unit_id: 2, industry_code: '3612' });
  p.P7 = await createProject(srv, { ...base, stage: 'production', signed_on: '2022-05-10', started_on: '2022-08-01', production_on: '2023-07-01', total_investment: 40000, industrial: true, chain: 'nev', channel: 'leader', unit_id: 11, industry_code: '3612' });
  p.P8 = await createProject(srv, { ...base, stage: 'lead', total_investment: 100 });
  sqlOk(srv, `INSERT INTO project_funds (project_id, month, amount) VALUES
    (${p.P2.id}, '2023-04', 1500), (${p.P2.id}, '2023-05', 2500), (${p.P7.id}, '2023-01', 1000),
    (${p.P5.id}, '2023-06', 700)`);
  return p;
}

async function stats(srv, query, auth) {
  const r = await api(srv, 'GET', `${GROUPED}?${query}`, undefined, auth ? { Authorization: auth } : {});
  assert.equal(r.status, 200, r.text);
  return r.json;
}

// Rows as "key|key|..." -> [projects, wan] of one measure.
function table(s, measure = 'signed', keys = null) {
  const out = {};
  for (const row of s.rows) {
    const k = (keys || Object.keys(row.keys).filter((x) => !x.endsWith('_name'))).map((x) => row.keys[x]).join('|');
    const v = row.values[measure];
    out[k] = [v.projects ?? v.reports, v.amount.wan];
  }
  return out;
}

describe('grouped statistics', () => {
  let srv;
  before(async () => { srv = await startServer(); await fixture(srv); });
  after(async () => { await srv.stop(); });

  const Y2023 = 'from=2023-01-01&to=2023-12-31';

  test('signed in 2023 counts by signing date, on-hold and dropped included', async () => {
    const s = await stats(srv, `measure=signed&${Y2023}`);
    assert.deepEqual(s.totals.signed, { projects: 5, amount: { wan: 46000, yi: '4.6' } });
    assert.deepEqual(s.rows.length, 1);
    assert.deepEqual(s.period, { from: '2023-01-01', to: '2023-12-31' });
    const zone = await stats(srv, `measure=signed&${Y2023}&location=zone`);
    assert.deepEqual(zone.totals.signed, { projects: 4, amount: { wan: 38000, yi: '3.8' } });
    const ind = await stats(srv, `measure=signed&${Y2023}&location=zone&industrial=1`);
    assert.deepEqual(ind.totals.signed, { projects: 3, amount: { wan: 33000, yi: '3.3' } });
  });

  test('by quarter and by month, boundaries on the last and first days', async () => {
    const q = await stats(srv, `measure=signed&group=period:quarter&${Y2023}`);
    assert.deepEqual(table(q), { '2023-Q1': [2, 30000], '2023-Q2': [2, 13000], '2023-Q4': [1, 3000] });
    const m = await stats(srv, 'measure=signed&group=period:month&from=2022-12&to=2023-04');
    assert.deepEqual(table(m), { '2022-12': [1, 7000], '2023-01': [1, 10000], '2023-03': [1, 20000], '2023-04': [1, 5000] });
    const y = await stats(srv, 'measure=signed&group=period:year');
    assert.deepEqual(table(y), { 2022: [2, 47000], 2023: [5, 46000] });
    const late = await stats(srv, 'measure=signed&from=2023-04-01&to=2023-12-31');
    assert.deepEqual(late.totals.signed.projects, 3);
    assert.deepEqual(late.totals.signed.amount.wan, 16000);
  });

  test('every dimension, with names', async () => {
    assert.deepEqual(table(await stats(srv, `group=stage&${Y2023}`)),
      { signed: [2, 18000], started: [1, 20000], on_hold: [1, 5000], dropped: [1, 3000] });
    assert.deepEqual(table(await stats(srv, `group=chain&${Y2023}`)), { nev: [4, 41000], service: [1, 5000] });
    assert.deepEqual(table(await stats(srv, `group=channel&${Y2023}`)),
      { leader: [2, 13000], chain: [2, 28000], business: [1, 5000] });
    assert.deepEqual(table(await stats(srv, `group=location&${Y2023}`)), { zone: [4, 38000], 370115: [1, 8000] });
    assert.deepEqual(table(await stats(srv, `group=unit&${Y2023}`)), { 2: [3, 33000], 3: [1, 5000], 12: [1, 8000] });
    assert.deepEqual(table(await stats(srv, `group=section&${Y2023}`)), { C: [4, 41000], I: [1, 5000] });
    // All six at once would be over the limit of groups (below): two tables of three and four.
    const named = await stats(srv, `group=stage,chain,location,unit&${Y2023}`);
    const p3 = named.rows.find((r) => r.keys.stage === 'on_hold');
    assert.deepEqual(p3.keys, {
      stage: 'on_hold', stage_name: '搁置', chain: 'service', chain_name: '现代服务业',
      location: 'zone', location_name: '济南新旧动能转换起步区', unit_id: 3, unit_name: '经济发展局',
    });
    assert.equal(named.rows.length, 5);
    const named2 = await stats(srv, `group=stage,channel,section&${Y2023}`);
    assert.deepEqual(named2.rows.find((r) => r.keys.stage === 'on_hold').keys, {
      stage: 'on_hold', stage_name: '搁置', channel: 'business', channel_name: '以商招商',
      section: 'I', section_name: '信息传输、软件和信息技术服务业',
    });
    assert.equal(named2.rows.length, 5);
  });

  // The reference data of a fresh database: 8 stages, 10 chains, 10 channels, 6 regions,
  // 13 units, 20 sections, each but stage and region one more for "（未填）".  Signed
  // projects span 2022-05 (P7) .. 2023-12 (P6): 20 months.
  test('a grouping that could give more than 20,000 rows is refused before it runs', async () => {
    // 20 months × 8 × 11 × 11 = 19,360: just under, answered as before.
    const under = await stats(srv, 'measure=signed&group=period:month,stage,chain,channel');
    assert.deepEqual(table(under), {
      '2022-05|production|nev|leader': [1, 40000], '2022-12|signed|robot|leader': [1, 7000],
      '2023-01|signed|nev|leader': [1, 10000], '2023-03|started|nev|chain': [1, 20000],
      '2023-04|on_hold|service|business': [1, 5000], '2023-06|signed|nev|chain': [1, 8000],
      '2023-12|dropped|nev|leader': [1, 3000],
    });
    // A range wider than the data counts only the months holding data: still 19,360.
    const wide = await stats(srv, 'measure=signed&group=period:month,stage,chain,channel&from=2020-01&to=2026-12');
    assert.equal(wide.rows.length, 7);
    // 8 × 11 × 11 × 21 = 20,328 (the bench's handler table of the four fine dimensions).
    let r = await api(srv, 'GET', `${GROUPED}?measure=signed,funds&group=stage,chain,channel,section`);
    assertError(r, 422, 'invalid', 'group');
    assert.equal(r.json.error.message, 'group would give 20328 groups (stage 8 × chain 11 × channel 11 × section 21),'
      + ' over the limit of 20000: group by less, narrow the period or export the ledger');
    assert.deepEqual(r.json.error.details.map((d) => [d.field, d.code]), [['group', 'too_many']]);
    // Every dimension in one month: 1 × 8 × 11 × 11 × 6 × 14 × 21.
    r = await api(srv, 'GET', `${GROUPED}?measure=signed,started,production,capacity,funds`
      + '&group=period:month,stage,chain,channel,location,unit,section&from=2023-06&to=2023-06');
    assertError(r, 422, 'invalid', 'group');
    assert.match(r.json.error.message, /^group would give 1707552 groups \(months 1 × stage 8 × chain 11 × channel 11 × location 6 × unit 14 × section 21\)/);
    // A filter takes its dimension down to one value: 8 × 11 × 11 × 6 × 14 = 81,312 is refused,
    // 8 × 11 × 11 × 1 × 1 with location=zone&unit=3 answered (P3 and P4).
    assertError(await api(srv, 'GET', `${GROUPED}?group=stage,chain,channel,location,unit`), 422, 'invalid', 'group');
    const narrow = await stats(srv, 'measure=signed&group=stage,chain,channel,location,unit&location=zone&unit=3');
    assert.deepEqual(table(narrow), { 'signed|robot|leader|zone|3': [1, 7000], 'on_hold|service|business|zone|3': [1, 5000] });
  });

  test('two fine dimensions at once (the full-grain rollup); keys in a fixed order', async () => {
    assert.deepEqual(table(await stats(srv, `group=chain,stage&${Y2023}`)), {
      'signed|nev': [2, 18000], 'started|nev': [1, 20000], 'dropped|nev': [1, 3000], 'on_hold|service': [1, 5000],
    });
  });

  test('several measures in one answer, each with its definition', async () => {
    const s = await stats(srv, `measure=signed,started,production,capacity,funds&group=period:year&${Y2023}`);
    assert.deepEqual(s.measures.map((m) => m.code), ['signed', 'started', 'production', 'capacity', 'funds']);
    for (const m of s.measures) assert.match(m.definition, /[\u4e00-\u9fff].*[A-Za-z]/, m.code);
    assert.match(s.measures[0].definition, /含此后搁置、终止/);
    const row = s.rows[0].values;
    assert.deepEqual(row.signed, { projects: 5, amount: { wan: 46000, yi: '4.6' } });
    assert.deepEqual(row.started, { projects: 1, amount: { wan: 20000, yi: '2' } });
    assert.deepEqual(row.production, { projects: 1, amount: { wan: 40000, yi: '4' } });
    assert.deepEqual(row.capacity, { projects: 0, amount: { wan: 0, yi: '0' } });
    assert.deepEqual(row.funds, { reports: 4, amount: { wan: 5700, yi: '0.57' } });
    assert.match(s.as_of, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
  });

  test('funds move with the project they belong to', async () => {
    const before = table(await stats(srv, 'measure=funds&group=unit'), 'funds');
    assert.deepEqual(before, { 2: [2, 4000], 11: [1, 1000], 12: [1, 700] });
    const p2 = (await get(srv, `${PRJ}?limit=200`)).items.find((x) => x.signed_on === '2023-03-31');
    await patchOk(srv, p2, { unit_id: 3 });
    assert.deepEqual(table(await stats(srv, 'measure=funds&group=unit'), 'funds'), { 3: [2, 4000], 11: [1, 1000], 12: [1, 700] });
    await patchOk(srv, { id: p2.id }, { unit_id: 2 });
    assert.deepEqual(table(await stats(srv, 'measure=funds&group=unit'), 'funds'), before);
  });

  test('a handler sees only their units\' figures', async () => {
    const h = await throwawaySession(srv, 'handler', { unitIds: [3] });
    const r = await h.get(`${GROUPED}?group=unit,period:year`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.filters.scoped, true);
    assert.deepEqual(table(r.json), { '2022|3': [1, 7000], '2023|3': [1, 5000] });
    assert.deepEqual(r.json.totals.signed.projects, 2);
    const b = await h.get(`${BRIEF}?period=2023`);
    assert.equal(b.status, 403);
  });

  test('bad parameters answer 400 naming them', async () => {
    assertError(await api(srv, 'GET', `${GROUPED}?measure=signed,bogus`), 400, 'bad_parameter', 'measure');
    assertError(await api(srv, 'GET', `${GROUPED}?group=period:week`), 400, 'bad_parameter', 'group');
    assertError(await api(srv, 'GET', `${GROUPED}?group=chain,chain`), 400, 'bad_parameter', 'group');
    assertError(await api(srv, 'GET', `${GROUPED}?from=2023-01-02`), 400, 'bad_parameter', 'from');
    assertError(await api(srv, 'GET', `${GROUPED}?to=2023-12-30`), 400, 'bad_parameter', 'to');
    assertError(await api(srv, 'GET', `${GROUPED}?from=2023-05&to=2023-04`), 400, 'bad_parameter', 'to');
    assertError(await api(srv, 'GET', `${GROUPED}?year=2023`), 400, 'bad_parameter', 'year');
  });

  test('the briefing of 2023, exact', async () => {
    const r = await api(srv, 'GET', `${BRIEF}?period=2023`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.text, '截至2023年12月31日，2023年全区已签约项目4个，总投资3.8亿元，其中产业类项目3个、总投资3.3亿元；'
      + '开工项目1个，总投资2亿元；投产项目1个，总投资4亿元；到位资金5000万元。'
      + '另有协作县区签约项目1个（济阳区1个），总投资8000万元，计入所在地，不计入全区合计。');
    assert.deepEqual(r.json.figures.signed, { projects: 4, amount: { wan: 38000, yi: '3.8' } });
    assert.deepEqual(r.json.figures.funds, { amount: { wan: 5000, yi: '0.5' } });
    assert.deepEqual(r.json.figures.counties, [{ name: '济阳区', signed: { projects: 1, amount: { wan: 8000, yi: '0.8' } } }]);
    assert.deepEqual(r.json.period, { code: '2023', from: '2023-01-01', to: '2023-12-31' });
    assert.equal(r.json.figures_as_of, '2023-12-31');
  });

  test('the briefing of a quarter and of a month', async () => {
    let r = await api(srv, 'GET', `${BRIEF}?period=2023-Q2`);
    assert.equal(r.json.text, '截至2023年6月30日，2023年第二季度全区已签约项目1个，总投资5000万元；开工项目1个，总投资2亿元；'
      + '投产项目0个；到位资金4000万元。另有协作县区签约项目1个（济阳区1个），总投资8000万元，计入所在地，不计入全区合计。');
    r = await api(srv, 'GET', `${BRIEF}?period=2023-02`);
    assert.equal(r.json.text, '截至2023年2月28日，2023年2月全区暂无新签约项目；开工项目0个；投产项目0个；到位资金0万元。');
    assertError(await api(srv, 'GET', `${BRIEF}?period=2023-13`), 400, 'bad_parameter', 'period');
    assertError(await api(srv, 'GET', BRIEF), 400, 'bad_parameter', 'period');
  });

  test('a backward move that clears the signing date takes the project out', async () => {
    const p = (await get(srv, `${PRJ}?limit=200`)).items.find((x) => x.signed_on === '2023-01-15');
    const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
    const r = await api(srv, 'POST', `${PRJ}/${p.id}/stage`,
      { to: 'negotiating', effective_on: today, reason: '合同解除，重新洽谈', version: p.version });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.project.signed_on, null);
    const s = await stats(srv, `measure=signed&${Y2023}`);
    assert.deepEqual(s.totals.signed, { projects: 4, amount: { wan: 36000, yi: '3.6' } });
  });
});
