// roundtable-fixtures.mjs - records the policy matrix needs for the roundtable and arrangement
// routes, made with the admin token: sessions and arrangements inside or outside a role's
// scope (see policy.test.mjs, where ctx holds the demo's ids of each scope).
//
// An enterprise user sees the arrangements on its own appeals.  Appeals belong to the appeals
// module; until the demo has some, the appeal such an arrangement needs is written straight
// into the test database (sessions.mjs sqlOk).
import assert from 'node:assert/strict';
import { api } from './lib.mjs';
import { uniqueName } from './helpers.mjs';
import { sqlOk } from './sessions.mjs';

const series = new WeakMap();

// The series every policy session belongs to, made once per server.
export async function policySeries(srv) {
  if (!series.has(srv)) {
    const r = await api(srv, 'POST', '/api/v1/roundtable-series', { name: uniqueName('策略测试观澜会') });
    assert.equal(r.status, 201, `creating a series: ${r.text}`);
    series.set(srv, r.json.id);
  }
  return series.get(srv);
}

// A session; it invites the demo enterprise user's enterprise unless this is the outside of
// that user's scope.
export async function policyRoundtable(srv, ctx, role, scope) {
  const invite = role === 'enterprise' && scope === 'out' ? [] : [ctx.entId];
  const r = await api(srv, 'POST', '/api/v1/roundtables',
    { series_id: await policySeries(srv), held_on: '2023-02-03', enterprises: invite });
  assert.equal(r.status, 201, `creating a session: ${r.text}`);
  return r.json;
}

let appealSeq = 0;

// An appeal of enterprise raised at session rt, written directly (see above); returns its id.
function rawAppeal(srv, enterprise, rt) {
  appealSeq += 1;
  const code = `SQ2099-P${process.pid % 100000}-${appealSeq}`;
  return Number(sqlOk(srv, `INSERT INTO appeal (code, enterprise_id, category, channel, roundtable_id, text, state,
    submitted_at, accept_due_on, created_at, updated_at) VALUES ('${code}', ${enterprise}, 'policy', 'onsite', ${rt},
    '策略测试诉求', 'submitted', '2023-02-03T09:00:00+08:00', '2023-02-06', 'x', 'x'); SELECT last_insert_rowid();`));
}

// An arrangement inside or outside the role's scope: a handler's unit owns it (or another
// unit does); it is on an appeal of the enterprise user's enterprise (or on none).
export async function policyArrangement(srv, ctx, role, scope) {
  const rt = await policyRoundtable(srv, ctx, 'enterprise', 'in');
  const unit = role === 'handler' && scope === 'in' ? ctx.units[0] : [4, 5, 6].find((u) => !ctx.units.includes(u));
  const body = { roundtable_id: rt.id, text: uniqueName('策略测试安排'), unit_id: unit, deadline_days: 5 };
  if (role === 'enterprise' && scope === 'in') body.appeal_id = rawAppeal(srv, ctx.entId, rt.id);
  const r = await api(srv, 'POST', '/api/v1/arrangements', body);
  assert.equal(r.status, 201, `creating an arrangement: ${r.text}`);
  return r.json;
}
