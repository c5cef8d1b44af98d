// intake-refcache.test.mjs - the group commit's writer keeps the working-day calendar and the
// appeal settings in memory (src/store/refcache.c, sql/021): a change made through the API
// on another connection is seen by the very next intake's deadline.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, startServer } from './lib.mjs';
import { createEnterprise } from './helpers.mjs';

const CAL = '/api/v1/calendar';
let srv, ent;

// Monday 2026-03-02, 10:00 in Shanghai: an ordinary week in the 2026 schedule.
async function intakeDue() {
  const r = await api(srv, 'POST', '/api/v1/appeals', {
    enterprise_id: ent.id, category: 'park', channel: 'proxy',
    text: `园区道路照明不足，请协调 ${Math.random()}`, at: '2026-03-02T02:00:00Z',
  });
  assert.equal(r.status, 201, r.text);
  return r.json.accept_due_on;
}

before(async () => {
  srv = await startServer();
  ent = await createEnterprise(srv);
});
after(async () => { await srv.stop(); });

describe('calendar and settings cached by the intake writer', () => {
  test('a calendar or settings change is seen by the next intake', async () => {
    const y = await api(srv, 'GET', `${CAL}?year=2026`);
    assert.equal(y.status, 200, y.text);
    const days = y.json.days;
    // Accept within 1 working day: Tuesday.
    assert.equal(await intakeDue(), '2026-03-03');
    assert.equal(await intakeDue(), '2026-03-03');

    // Tuesday 03-03 becomes a day off: Wednesday.
    let r = await api(srv, 'PUT', `${CAL}/2026`,
      { days: [...days, { date: '2026-03-03', kind: 'holiday', name: '测试' }] });
    assert.equal(r.status, 200, r.text);
    assert.equal(await intakeDue(), '2026-03-04');

    // Two working days to accept: Thursday.
    r = await api(srv, 'PUT', '/api/v1/settings/appeals', { accept_days: 2 });
    assert.equal(r.status, 200, r.text);
    assert.equal(await intakeDue(), '2026-03-05');

    // Both back: Tuesday again.
    r = await api(srv, 'PUT', `${CAL}/2026`, { days });
    assert.equal(r.status, 200, r.text);
    r = await api(srv, 'PUT', '/api/v1/settings/appeals', { accept_days: 1 });
    assert.equal(r.status, 200, r.text);
    assert.equal(await intakeDue(), '2026-03-03');
  });
});
