// stats-copy.test.mjs - the in-memory copy of the statistics' full grain (src/store/statcopy.c)
// answers /stats exactly as the rollups do, and a write, by this server or another process,
// shows in the next request.  Two servers share one demo database: one with the copy (the
// default), one without it (GUANLAN_STATS_COPY=off).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ENV, api, startServer } from './lib.mjs';
import { PRJ, get } from './helpers.mjs';

const ALL = 'signed,started,production,capacity,funds';
// Shapes that read the full grain without the copy (three or four fine dimensions, or two
// with the unit by month), and a few that read the smaller rollups.
const SHAPES = [
  `measure=${ALL}&group=period:month,stage,chain,channel&from=2023-01&to=2024-08`,
  `measure=${ALL}&group=stage,chain,channel,location`,
  `measure=${ALL}&group=period:year,stage,chain,section`,
  `measure=${ALL}&group=period:quarter,stage,chain,section&location=zone&from=2023-01&to=2023-12`,
  `measure=signed,funds&group=period:month,chain,stage,unit&from=2023-03&to=2023-11`,
  `measure=signed&group=stage,chain,channel&location=zone&industrial=1`,
  `measure=${ALL}&group=stage,chain,channel,unit&unit=3`,
  `measure=${ALL}&group=period:month,chain,stage`,
  `measure=signed&group=period:quarter`,
];

// The body without the time it was read.
async function body(srv, q) {
  const r = await api(srv, 'GET', `/api/v1/stats?${q}`);
  assert.equal(r.status, 200, `${q}: ${r.text}`);
  const { as_of: asOf, ...rest } = r.json;
  assert.match(asOf, /^\d{4}-\d\d-\d\dT/);
  return rest;
}

async function assertSame(a, b) {
  for (const q of SHAPES) assert.deepEqual(await body(a, q), await body(b, q), q);
}

// Signed projects per current stage, from a shape the copy answers.
async function signedByStage(srv) {
  const out = {};
  for (const row of (await body(srv, 'measure=signed&group=stage,chain,channel')).rows) {
    out[row.keys.stage] = (out[row.keys.stage] || 0) + row.values.signed.projects;
  }
  return out;
}

describe('the statistics copy', () => {
  let withCopy, without;
  before(async () => {
    withCopy = await startServer({ demo: true });
    ENV.GUANLAN_STATS_COPY = 'off';
    try {
      without = await startServer({ db: withCopy.db });
    } finally {
      delete ENV.GUANLAN_STATS_COPY;
    }
  });
  after(async () => {
    await without?.stop();
    await withCopy?.stop();
  });

  test('gives the rollups\' groups and figures for every shape', async () => {
    const rows = (await body(withCopy, SHAPES[1])).rows;
    assert.ok(rows.length > 10, `the demo has ${rows.length} rows of four fine dimensions`);
    await assertSame(withCopy, without);
  });

  test('shows a stage move in the next request, whichever process wrote it', async () => {
    const list = await get(withCopy, `${PRJ}?stage=signed&limit=1`);
    const p = list.items[0];
    assert.ok(p && p.signed_on, 'the demo has a signed project');
    const before0 = await signedByStage(withCopy);

    // Written by the other process: this one learns it from the log.
    const cur = await get(without, `${PRJ}/${p.id}`);
    const r = await api(without, 'POST', `${PRJ}/${p.id}/stage`,
      { to: 'on_hold', effective_on: p.signed_on, reason: '企业资金未到位', version: cur.version });
    assert.equal(r.status, 200, r.text);
    const after1 = await signedByStage(withCopy);
    assert.equal(after1.signed, before0.signed - 1);
    assert.equal(after1.on_hold, (before0.on_hold || 0) + 1);
    await assertSame(withCopy, without);

    // Written by this one.
    const cur2 = await get(withCopy, `${PRJ}/${p.id}`);
    const r2 = await api(withCopy, 'POST', `${PRJ}/${p.id}/stage`,
      { to: 'signed', effective_on: p.signed_on, reason: '资金到位，恢复推进', version: cur2.version });
    assert.equal(r2.status, 200, r2.text);
    assert.deepEqual(await signedByStage(withCopy), before0);
    await assertSame(withCopy, without);
  });
});
