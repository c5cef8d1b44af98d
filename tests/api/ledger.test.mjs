// ledger.test.mjs - the stage ledger over HTTP: POST /projects/{id}/stage and GET .../stages.
// Moves, 422 bodies listing every missing field, 409 with the allowed moves, stale versions,
// nothing changed after a refusal, creation events, audit rows, scope 404s.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, startServer } from './lib.mjs';
import { PRJ, assertError, assertInvalid, createProject, get, refusedWithoutChange } from './helpers.mjs';
import { login } from './sessions.mjs';

const today = () => new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
const move = (srv, id, body, headers) => api(srv, 'POST', `${PRJ}/${id}/stage`, body, headers);
const events = async (srv, id) => (await get(srv, `${PRJ}/${id}/stages`)).items;
const brief = (items) => items.map((e) => [e.from, e.to, e.effective_on, e.skipped]);

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); });

describe('creation events', () => {
  test('a lead project has one creation event dated today', async () => {
    const p = await createProject(srv);
    const items = await events(srv, p.id);
    assert.deepEqual(brief(items), [[null, 'lead', today(), false]]);
    assert.equal(items[0].user, 'admin');
  });

  test('a project created as started records signing (skipped) and start with their dates', async () => {
    const p = await createProject(srv, { stage: 'started', signed_on: '2023-03-01', total_investment: 900, started_on: '2023-05-01' });
    assert.deepEqual(brief(await events(srv, p.id)),
      [[null, 'signed', '2023-03-01', true], ['signed', 'started', '2023-05-01', false]]);
  });

  test('a creation date beyond the stage is refused', async () => {
    const r = await refusedWithoutChange(srv, () => api(srv, 'POST', PRJ, { name: '越级', signed_on: '2023-01-01' }));
    assertInvalid(r, { signed_on: 'stage' });
  });
});

describe('moves', () => {
  test('lead -> signed without anything lists every missing field at once', async () => {
    const p = await createProject(srv, { location: 'zone' });
    const r = await refusedWithoutChange(srv, () => move(srv, p.id, { to: 'signed', version: 1 }));
    const e = assertInvalid(r, {
      effective_on: 'required', 'skipped.negotiating': 'required', total_investment: 'required', signed_amount: 'required',
    });
    assert.deepEqual(e.details.map((d) => d.field).sort(),
      ['effective_on', 'signed_amount', 'skipped.negotiating', 'total_investment']);
    assert.equal((await events(srv, p.id)).length, 1, 'no event after a refusal');
  });

  test('a skip with its date, filling the signing fields in the same call', async () => {
    const p = await createProject(srv);
    const t = today();
    const r = await move(srv, p.id, {
      to: 'signed', effective_on: t, skipped: { negotiating: t }, total_investment: 30000, signed_amount: 25000,
      note: '签约仪式', version: 1,
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.headers.get('etag'), '"2"');
    const q = r.json.project;
    assert.equal(q.stage, 'signed');
    assert.equal(q.signed_on, t);
    assert.equal(q.signed_amount, 25000);
    assert.equal(q.total_investment_yi, '3');
    assert.equal(q.version, 2);
    assert.deepEqual(brief(r.json.events), [['lead', 'negotiating', t, true], ['negotiating', 'signed', t, false]]);
    assert.equal(r.json.events[1].note, '签约仪式');
    assert.deepEqual(brief(await events(srv, p.id)).slice(1), brief(r.json.events));
    const stored = await get(srv, `${PRJ}/${p.id}`);
    assert.equal(stored.signed_on, t);
    assert.deepEqual(stored.allowed_moves.map((m) => m.to),
      ['lead', 'negotiating', 'started', 'production', 'capacity', 'on_hold', 'dropped']);
    assert.deepEqual(stored.allowed_moves.find((m) => m.to === 'production').requires, ['effective_on', 'skipped.started']);
  });

  test('backward needs a reason and clears the dates left behind; on_hold keeps them; resume', async () => {
    const p = await createProject(srv, { stage: 'started', signed_on: '2023-03-01', total_investment: 900, started_on: '2023-05-01' });
    const t = today();
    let r = await refusedWithoutChange(srv, () => move(srv, p.id, { to: 'signed', effective_on: t, version: 1 }));
    assertInvalid(r, { reason: 'required' });
    r = await move(srv, p.id, { to: 'on_hold', effective_on: t, reason: '资金未到位', version: 1 });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.project.started_on, '2023-05-01');
    assert.equal(r.json.project.signed_on, '2023-03-01');
    assert.equal(r.json.project.allowed_moves.find((m) => m.to === 'started').kind, 'resume');
    r = await move(srv, p.id, { to: 'started', effective_on: t, version: 2 });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.project.stage, 'started');
    r = await move(srv, p.id, { to: 'negotiating', effective_on: t, reason: '合同重谈', version: 3 });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.project.signed_on, null);
    assert.equal(r.json.project.started_on, null);
    assert.deepEqual(brief(await events(srv, p.id)).map((e) => e[1]),
      ['signed', 'started', 'on_hold', 'started', 'negotiating']);
  });

  test('dropped is final: 409 naming no allowed move; other illegal moves name the allowed ones', async () => {
    const p = await createProject(srv);
    let r = await refusedWithoutChange(srv, () => move(srv, p.id, { to: 'lead', effective_on: today(), version: 1 }));
    const e = assertError(r, 409, 'illegal_move', 'to');
    assert.deepEqual(e.details.map((d) => d.code),
      ['negotiating', 'signed', 'started', 'production', 'capacity', 'on_hold', 'dropped']);
    r = await move(srv, p.id, { to: 'dropped', effective_on: today(), reason: '企业放弃', version: 1 });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.project.allowed_moves, []);
    r = await refusedWithoutChange(srv, () => move(srv, p.id, { to: 'lead', effective_on: today(), reason: 'x', version: 2 }));
    const final = assertError(r, 409, 'illegal_move', 'to');
    assert.equal(final.details, undefined);
    assert.match(final.message, /终止/);
  });

  test('dates: not in the future, not before the last event', async () => {
    const p = await createProject(srv, { stage: 'signed', signed_on: '2023-03-01', total_investment: 10 });
    let r = await refusedWithoutChange(srv, () => move(srv, p.id, { to: 'started', effective_on: '2999-01-01', version: 1 }));
    assertInvalid(r, { effective_on: 'future' });
    r = await refusedWithoutChange(srv, () => move(srv, p.id, { to: 'started', effective_on: '2023-02-28', version: 1 }));
    assertInvalid(r, { effective_on: 'order' });
    r = await move(srv, p.id, { to: 'started', effective_on: '2023-03-01', version: 1 });
    assert.equal(r.status, 200, r.text);
  });

  test('a stale version is 409 and changes nothing; If-Match works too', async () => {
    const p = await createProject(srv);
    let r = await refusedWithoutChange(srv, () => move(srv, p.id, { to: 'negotiating', effective_on: today(), version: 5 }));
    assertError(r, 409, 'version_conflict');
    r = await move(srv, p.id, { to: 'negotiating', effective_on: today() });
    assertError(r, 428, 'version_required');
    r = await move(srv, p.id, { to: 'negotiating', effective_on: today() }, { 'If-Match': '"1"' });
    assert.equal(r.status, 200, r.text);
  });

  test('unknown members and stages are refused', async () => {
    const p = await createProject(srv);
    const r = await refusedWithoutChange(srv, () => move(srv, p.id,
      { to: 'approved', effective_on: today(), skipped: { nowhere: '2023-01-01' }, colour: 'red', version: 1 }));
    assertInvalid(r, { to: 'invalid', 'skipped.nowhere': 'unknown', colour: 'unknown' });
  });

  test('the move is audited with the fields it changed', async () => {
    const p = await createProject(srv);
    const r = await move(srv, p.id, { to: 'negotiating', effective_on: today(), version: 1 });
    assert.equal(r.status, 200, r.text);
    const page = await get(srv, `/api/v1/audit?entity=project&entity_id=${p.id}`);
    const row = page.items.find((x) => x.action === 'stage');
    assert.ok(row, 'an audit row "stage"');
    assert.deepEqual(row.changes.find((c) => c.field === 'stage'), { field: 'stage', before: 'lead', after: 'negotiating' });
  });
});

describe('scope', () => {
  test('an enterprise user sees the ledger of its own projects only (404 otherwise)', async () => {
    const s = await startServer({ demo: true });
    try {
      const ent = await login(s, 'enterprise');
      const all = (await api(s, 'GET', `${PRJ}?limit=200`)).json.items;
      const mine = all.find((p) => p.enterprise_ids.includes(ent.user.enterprise_id));
      const other = all.find((p) => !p.enterprise_ids.includes(ent.user.enterprise_id));
      const ok = await ent.get(`${PRJ}/${mine.id}/stages`);
      assert.equal(ok.status, 200, ok.text);
      assert.ok(ok.json.items.length >= 1);
      assertError(await ent.get(`${PRJ}/${other.id}/stages`), 404, 'not_found');
      assertError(await api(s, 'GET', `${PRJ}/999999/stages`), 404, 'not_found');
      assertError(await api(s, 'POST', `${PRJ}/999999/stage`, { to: 'signed', effective_on: today(), version: 1 }), 404, 'not_found');
    } finally {
      await s.stop();
    }
  });
});
