// targets.test.mjs - /api/v1/targets: annual targets for the zone and per unit, their
// progress from the statistics rollups, validation, scope and audit.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, startServer } from './lib.mjs';
import { assertError, assertInvalid, createProject } from './helpers.mjs';
import { throwawaySession } from './sessions.mjs';

const T = '/api/v1/targets';

describe('targets', () => {
  let srv;
  before(async () => {
    srv = await startServer();
    // Zone: signed 2023: 2 projects 30000 (one of unit 2 started 2023-04-01); unit 3 signed one
    // in the partner county 370115 (counts for unit 3, not for the zone); one signed 2022.
    await createProject(srv, { stage: 'signed', signed_on: '2023-01-15', total_investment: 10000, unit_id: 2 });
    await createProject(srv, { stage: 'started', signed_on: '2023-03-31', started_on: '2023-04-01', total_investment: 20000, unit_id: 2 });
    await createProject(srv, { stage: 'signed', signed_on: '2023-06-18', total_investment: 8000, unit_id: 3, location: '370115' });
    await createProject(srv, { stage: 'signed', signed_on: '2022-12-31', total_investment: 7000, unit_id: 3 });
  });
  after(async () => { await srv.stop(); });

  test('none set: an empty list with the measures defined', async () => {
    const r = await api(srv, 'GET', `${T}?year=2023`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.targets, []);
    assert.deepEqual(r.json.measures.map((m) => m.code), ['signed_projects', 'signed_amount', 'started', 'production', 'funds']);
    assert.equal(r.json.year, 2023);
  });

  test('replace, then progress against actuals', async () => {
    const r = await api(srv, 'PUT', `${T}/2023`, { targets: [
      { measure: 'signed_projects', value: 8 },
      { unit_id: null, measure: 'signed_amount', value: 45000 },
      { unit_id: 2, measure: 'started', value: 3 },
      { unit_id: 2, measure: 'funds', value: 0 },
      { unit_id: 3, measure: 'signed_projects', value: 2 },
    ] });
    assert.equal(r.status, 200, r.text);
    const rows = r.json.targets.map((t) => [t.unit_id, t.measure, t.target, t.actual, t.percent]);
    assert.deepEqual(rows, [
      [null, 'signed_projects', 8, 2, '25.0'],
      [null, 'signed_amount', 45000, 30000, '66.7'],
      [2, 'started', 3, 1, '33.3'],
      [2, 'funds', 0, 0, null],
      [3, 'signed_projects', 2, 1, '50.0'],
    ]);
    assert.equal(r.json.targets[0].unit_name, '全区');
    assert.equal(r.json.targets[2].unit_name, '投资促进局');
    const again = await api(srv, 'GET', `${T}?year=2023`);
    assert.deepEqual(again.json.targets, r.json.targets);
    const other = await api(srv, 'GET', `${T}?year=2022`);
    assert.deepEqual(other.json.targets, []);
  });

  test('a second PUT replaces the whole year, and is audited', async () => {
    const r = await api(srv, 'PUT', `${T}/2023`, { targets: [{ unit_id: 3, measure: 'signed_projects', value: 4 }] });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.targets.map((t) => [t.unit_id, t.target, t.actual]), [[3, 4, 1]]);
    const a = await api(srv, 'GET', '/api/v1/audit?entity=targets');
    assert.equal(a.status, 200, a.text);
    const last = a.json.items[0];
    assert.equal(last.action, 'replace');
    assert.equal(last.entity_id, 2023);
    assert.ok(JSON.stringify(last.changes).includes('3:signed_projects=4'), JSON.stringify(last.changes));
  });

  test('invalid items: 422 naming each', async () => {
    const r = await api(srv, 'PUT', `${T}/2023`, { targets: [
      { measure: 'bogus', value: 1 },
      { measure: 'started', value: -1 },
      { measure: 'started' },
      { unit_id: 999, measure: 'funds', value: 5 },
      { unit_id: 2, measure: 'funds', value: 5, extra: 1 },
      { unit_id: 2, measure: 'funds', value: 6 },
    ] });
    assertInvalid(r, ['targets[0].measure', 'targets[1].value', 'targets[2].value', 'targets[4].extra', 'targets[5]']);
    const u = await api(srv, 'PUT', `${T}/2023`, { targets: [{ unit_id: 999, measure: 'funds', value: 5 }] });
    assertInvalid(u, ['targets[0].unit_id']);
    assertInvalid(await api(srv, 'PUT', `${T}/2023`, { targets: 5 }), ['targets']);
    assertError(await api(srv, 'PUT', `${T}/1999`, { targets: [] }), 404, 'not_found');
    assertError(await api(srv, 'GET', `${T}?year=abc`), 400, 'bad_parameter', 'year');
    const still = await api(srv, 'GET', `${T}?year=2023`);
    assert.deepEqual(still.json.targets.map((t) => [t.unit_id, t.target]), [[3, 4]]);
  });

  test('a handler sees only their units\' targets', async () => {
    await api(srv, 'PUT', `${T}/2023`, { targets: [
      { measure: 'signed_projects', value: 8 }, { unit_id: 2, measure: 'started', value: 3 },
      { unit_id: 3, measure: 'signed_projects', value: 2 },
    ] });
    const h = await throwawaySession(srv, 'handler', { unitIds: [3] });
    const r = await h.get(`${T}?year=2023`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.targets.map((t) => [t.unit_id, t.measure, t.actual]), [[3, 'signed_projects', 1]]);
  });
});
