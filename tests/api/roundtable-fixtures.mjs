// roundtable-fixtures.mjs - records the policy matrix needs for the roundtable and arrangement
// routes, made with the admin token: sessions and arrangements inside or outside a role's
// scope (see policy.test.mjs, where ctx holds the demo's ids of each scope).
//
// An enterprise user sees the arrangements on its own appeals.
import assert from 'node:assert/strict';
import { api } from './lib.mjs';
import { uniqueName } from './helpers.mjs';

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

// An appeal of enterprise raised at session rt, recorded by the admin; returns its id.
async function onsiteAppeal(srv, enterprise, rt) {
  const r = await api(srv, 'POST', '/api/v1/appeals',
    { enterprise_id: enterprise, category: 'policy', channel: 'onsite', roundtable_id: rt, text: '策略测试诉求' });
  assert.equal(r.status, 201, `creating an appeal: ${r.text}`);
  return r.json.id;
}

// An arrangement inside or outside the role's scope: a handler's unit owns it (or another
// unit does); it is on an appeal of the enterprise user's enterprise (or on none).
export async function policyArrangement(srv, ctx, role, scope) {
  const rt = await policyRoundtable(srv, ctx, 'enterprise', 'in');
  const unit = role === 'handler' && scope === 'in' ? ctx.units[0] : [4, 5, 6].find((u) => !ctx.units.includes(u));
  const body = { roundtable_id: rt.id, text: uniqueName('策略测试安排'), unit_id: unit, deadline_days: 5 };
  if (role === 'enterprise' && scope === 'in') body.appeal_id = await onsiteAppeal(srv, ctx.entId, rt.id);
  const r = await api(srv, 'POST', '/api/v1/arrangements', body);
  assert.equal(r.status, 201, `creating an arrangement: ${r.text}`);
  return r.json;
}
