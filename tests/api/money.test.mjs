// money.test.mjs - a project's money fields and flags, funds in place by month, and the
// phase rollup (一期/二期) without double counting.  Every figure is computed by hand.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, startServer } from './lib.mjs';
import {
  PRJ, assertError, assertInvalid, createEnterprise, createProject, get, patch, refusedWithoutChange,
} from './helpers.mjs';
import { AUDIT, throwawaySession } from './sessions.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); });

const funds = (id) => `${PRJ}/${id}/funds`;
const put = (id, body, version) => api(srv, 'PUT', funds(id), body, version === undefined ? {} : { 'If-Match': `"${version}"` });
const amount = (wan, yi) => ({ wan, yi });

// A refused write changes neither the project nor its funds (nor anything else).
async function refusedLeavingFunds(id, write) {
  const project = await get(srv, `${PRJ}/${id}`);
  const series = await get(srv, funds(id));
  const r = await refusedWithoutChange(srv, write);
  assert.deepEqual(await get(srv, `${PRJ}/${id}`), project);
  assert.deepEqual(await get(srv, funds(id)), series);
  return r;
}

describe('money fields and flags', () => {
  test('stored exactly and shown back, land with two decimals', async () => {
    const p = await createProject(srv, {
      total_investment: 80000, fixed_asset_investment: 65000, foreign_investment: 1200,
      land_mu: '350.5', annual_output: 200000, annual_tax: 12000, jobs: 1500,
    });
    assert.equal(p.fixed_asset_investment, 65000);
    assert.equal(p.foreign_investment, 1200);
    assert.equal(p.land_mu, '350.50');
    assert.equal(p.annual_output, 200000);
    assert.equal(p.annual_tax, 12000);
    assert.equal(p.jobs, 1500);
    assert.equal(p.countable, true);
    assert.equal(p.large, true);
    const again = await get(srv, `${PRJ}/${p.id}`);
    for (const k of ['fixed_asset_investment', 'foreign_investment', 'land_mu', 'annual_output', 'annual_tax', 'jobs'])
      assert.equal(again[k], p[k], k);
    // An integer number of 亩 is accepted as a number; null clears.
    const r = await patch(srv, `${PRJ}/${p.id}`, { land_mu: 12, jobs: null }, p.version);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.land_mu, '12.00');
    assert.equal(r.json.jobs, null);
    // The audit shows the land as the API does.
    const audit = await get(srv, `${AUDIT}?entity=project&entity_id=${p.id}&action=update`);
    const land = audit.items[0].changes.find((c) => c.field === 'land_mu');
    assert.deepEqual(land, { field: 'land_mu', before: '350.50', after: '12.00' });
  });

  test('countable at 500万元 and large at 5000万元, both off when the total is unknown', async () => {
    const cases = [[null, false, false], [0, false, false], [499, false, false], [500, true, false],
      [4999, true, false], [5000, true, true]];
    for (const [total, countable, large] of cases) {
      const p = await createProject(srv, { total_investment: total });
      assert.equal(p.countable, countable, `countable at ${total}`);
      assert.equal(p.large, large, `large at ${total}`);
    }
  });

  test('refusals name every bad field and change nothing', async () => {
    const p = await createProject(srv, { total_investment: 1000 });
    const r = await refusedLeavingFunds(p.id, () => patch(srv, `${PRJ}/${p.id}`, {
      fixed_asset_investment: 1001, foreign_investment: -1, land_mu: 1.5, jobs: 10000001,
      annual_output: 'much', countable: false,
    }, p.version));
    assertInvalid(r, {
      fixed_asset_investment: 'exceeds_total', foreign_investment: 'invalid', land_mu: 'type',
      jobs: 'too_large', annual_output: 'type', countable: 'read_only',
    });
    for (const land of ['1.234', '-2', '1e3', '']) {
      const x = await refusedWithoutChange(srv, () => patch(srv, `${PRJ}/${p.id}`, { land_mu: land }, p.version));
      // "" is null for strings elsewhere; for land it is not a number of 亩 either way.
      if (land !== '') assertInvalid(x, { land_mu: 'invalid' });
    }
    // Lowering the total below the fixed-asset part is refused too.
    const q = await createProject(srv, { total_investment: 1000, fixed_asset_investment: 800 });
    const y = await refusedWithoutChange(srv, () => patch(srv, `${PRJ}/${q.id}`, { total_investment: 700 }, q.version));
    assertInvalid(y, { fixed_asset_investment: 'exceeds_total' });
  });
});

describe('funds in place (到位资金)', () => {
  let p;
  before(async () => {
    p = await createProject(srv, { stage: 'signed', signed_on: '2023-01-28', total_investment: 10000 });
  });

  test('empty at first', async () => {
    assert.deepEqual(await get(srv, funds(p.id)),
      { project_id: p.id, version: p.version, items: [], total: amount(0, '0') });
  });

  test('PUT replaces the series: months sorted, cumulative totals, the version bumped, audited', async () => {
    const r = await put(p.id, { items: [
      { month: '2023-05', amount: 1500 },
      { month: '2023-01', amount: 500, note: '首笔' },
      { month: '2023-03', amount: 0 },
    ] }, p.version);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.version, p.version + 1);
    assert.equal(r.headers.get('etag'), `"${p.version + 1}"`);
    assert.deepEqual(r.json.items, [
      { month: '2023-01', amount: amount(500, '0.05'), cumulative: amount(500, '0.05'), note: '首笔' },
      { month: '2023-03', amount: amount(0, '0'), cumulative: amount(500, '0.05'), note: null },
      { month: '2023-05', amount: amount(1500, '0.15'), cumulative: amount(2000, '0.2'), note: null },
    ]);
    assert.deepEqual(r.json.total, amount(2000, '0.2'));
    assert.deepEqual(await get(srv, funds(p.id)), r.json);
    assert.equal((await get(srv, `${PRJ}/${p.id}`)).version, p.version + 1);
    const audit = await get(srv, `${AUDIT}?entity=project_funds&entity_id=${p.id}`);
    assert.equal(audit.items.length, 1);
    assert.deepEqual(audit.items[0].changes.filter((c) => !c.field.endsWith('.note')), [
      { field: 'total', before: '0', after: '2000' },
      { field: '2023-01', before: null, after: '500' },
      { field: '2023-03', before: null, after: '0' },
      { field: '2023-05', before: null, after: '1500' },
    ]);
    // A second replacement: one month changed, one gone, one new; "version" in the body.
    const s = await api(srv, 'PUT', funds(p.id), { version: p.version + 1, items: [
      { month: '2023-01', amount: 500, note: '首笔' }, { month: '2023-05', amount: 1200 }, { month: '2023-06', amount: 300 },
    ] });
    assert.equal(s.status, 200, s.text);
    assert.deepEqual(s.json.items.map((x) => [x.month, x.cumulative.wan]), [['2023-01', 500], ['2023-05', 1700], ['2023-06', 2000]]);
    p = await get(srv, `${PRJ}/${p.id}`);
  });

  test('every refusal changes nothing', async () => {
    const good = { items: [{ month: '2023-02', amount: 1 }] };
    assertError(await refusedLeavingFunds(p.id, () => put(p.id, good)), 428);
    assertError(await refusedLeavingFunds(p.id, () => put(p.id, good, p.version - 1)), 409, 'version_conflict');
    assertError(await refusedLeavingFunds(p.id, () => api(srv, 'PUT', funds(p.id), '{"items":[', { 'If-Match': `"${p.version}"` })), 400);
    assertError(await refusedLeavingFunds(p.id, () => put(999999, good, 1)), 404);
    const r = await refusedLeavingFunds(p.id, () => put(p.id, { items: [
      { month: '2022-12', amount: 1 },
      { month: '2023-13', amount: 1 },
      { month: '2023-02', amount: -5 },
      { month: '2023-04', amount: 1 },
      { month: '2023-04', amount: 2 },
      { month: '2999-01', amount: 1 },
      { month: '2023-07', amount: 1.5, extra: true },
      { amount: 1 },
      { month: '2023-08', amount: 1, note: 'x'.repeat(201) },
    ], bogus: 1 }, p.version));
    assertInvalid(r, {
      'items[0].month': 'before_signing', 'items[1].month': 'invalid', 'items[2].amount': 'invalid',
      'items[4].month': 'duplicate', 'items[5].month': 'future', 'items[6].amount': 'type',
      'items[6].extra': 'unknown', 'items[7].month': 'required', 'items[8].note': 'too_long',
      bogus: 'unknown',
    });
    assert.equal(r.json.error.details.some((d) => d.field === 'items[3].month'), false, 'the first 2023-04 is fine');
    assertInvalid(await refusedLeavingFunds(p.id, () => put(p.id, { items: null }, p.version)), { items: 'type' });
    // A project not signed takes no funds.
    const lead = await createProject(srv);
    assertInvalid(await refusedLeavingFunds(lead.id, () => put(lead.id, good, lead.version)), { items: 'not_signed' });
  });

  test('[] clears the series', async () => {
    const r = await put(p.id, { items: [] }, p.version);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.items, []);
    assert.deepEqual(r.json.total, amount(0, '0'));
    p = await get(srv, `${PRJ}/${p.id}`);
  });

  test('scoped: an enterprise user reads the funds of their projects only, and writes none', async () => {
    const e = await createEnterprise(srv);
    const mine = await createProject(srv, { enterprise_ids: [e.id] });
    const s = await throwawaySession(srv, 'enterprise', { enterpriseId: e.id });
    assert.equal((await s.get(funds(mine.id))).status, 200);
    assertError(await s.get(funds(p.id)), 404, 'not_found');
    assertError(await s.request('PUT', funds(mine.id), { items: [] }, { 'If-Match': '*' }), 403, 'forbidden');
  });
});

describe('phases roll up once each', () => {
  let one, two, three;
  before(async () => {
    one = await createProject(srv, { phase: '一期', total_investment: 1000, signed_amount: 900, stage: 'signed', signed_on: '2022-03-01' });
    two = await createProject(srv, { phase: '二期', phase_parent_id: one.id, total_investment: 600, signed_amount: 550, stage: 'signed', signed_on: '2023-03-01' });
    three = await createProject(srv, { phase: '三期', phase_parent_id: one.id });
    assert.equal((await put(one.id, { items: [{ month: '2022-04', amount: 400 }] }, one.version)).status, 200);
    assert.equal((await put(two.id, { items: [{ month: '2023-04', amount: 100 }, { month: '2023-05', amount: 50 }] }, two.version)).status, 200);
  });

  test('the parent and each phase show the same rollup: 1000 + 600 + nothing, signed 900 + 550, funds 400 + 150', async () => {
    for (const id of [one.id, two.id, three.id]) {
      const p = await get(srv, `${PRJ}/${id}`);
      assert.deepEqual(p.phases.map((x) => [x.id, x.parent, x.phase]),
        [[one.id, true, '一期'], [two.id, false, '二期'], [three.id, false, '三期']]);
      assert.deepEqual(p.phases.map((x) => x.total_investment), [amount(1000, '0.1'), amount(600, '0.06'), null]);
      assert.deepEqual(p.phases.map((x) => x.funds_in_place.wan), [400, 150, 0]);
      assert.equal(p.rollup.parent_id, one.id);
      assert.equal(p.rollup.projects, 3);
      assert.deepEqual(p.rollup.total_investment, amount(1600, '0.16'));
      assert.deepEqual(p.rollup.funds_in_place, amount(550, '0.055'));
      assert.deepEqual(p.phases.map((x) => x.signed_amount), [amount(900, '0.09'), amount(550, '0.055'), null]);
      assert.deepEqual(p.rollup.signed_amount, amount(1450, '0.145')); // not 900 + 900 + 550
    }
  });

  test('a project not built in phases has no rollup', async () => {
    const p = await get(srv, `${PRJ}/${(await createProject(srv)).id}`);
    assert.deepEqual(p.phases, []);
    assert.equal(p.rollup, null);
  });

  test('one level only: refusals change nothing', async () => {
    // A phase of a phase.
    const r = await refusedWithoutChange(srv, () => api(srv, 'POST', PRJ, { name: '四期', phase_parent_id: two.id }));
    assertInvalid(r, { phase_parent_id: 'nested' });
    // The parent cannot become a phase of another (it has phases: that would nest or loop).
    const other = await createProject(srv);
    const x = await refusedWithoutChange(srv, () => patch(srv, `${PRJ}/${one.id}`, { phase_parent_id: other.id }, one.version + 1));
    assertInvalid(x, { phase_parent_id: 'nested' });
    const y = await refusedWithoutChange(srv, () => patch(srv, `${PRJ}/${one.id}`, { phase_parent_id: two.id }, one.version + 1));
    assertInvalid(y, { phase_parent_id: 'nested' });
  });

  test('scoped: phases outside the caller\'s scope are left out of the list and the rollup', async () => {
    const e = await createEnterprise(srv);
    const a = await createProject(srv, { enterprise_ids: [e.id], total_investment: 700 });
    await createProject(srv, { phase_parent_id: a.id, total_investment: 300 });
    await createProject(srv, { phase_parent_id: a.id, enterprise_ids: [e.id], total_investment: 50 });
    const s = await throwawaySession(srv, 'enterprise', { enterpriseId: e.id });
    const r = await s.get(`${PRJ}/${a.id}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.phases.length, 2);
    assert.equal(r.json.rollup.projects, 2);
    assert.deepEqual(r.json.rollup.total_investment, amount(750, '0.075'));
    assert.equal(r.json.rollup.signed_amount, null); // none of them is signed
    assert.equal((await get(srv, `${PRJ}/${a.id}`)).rollup.total_investment.wan, 1050);
  });
});
