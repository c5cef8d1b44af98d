// problem-fixtures.mjs - records the policy matrix needs for the problem and task force
// routes, made with the admin token: a problem and a task force inside or outside a role's
// scope (see policy.test.mjs, where ctx holds the demo's ids of each scope).
import assert from 'node:assert/strict';
import { api } from './lib.mjs';
import { PRJ, uniqueName } from './helpers.mjs';

// The project a request of role uses: inside or outside its scope, or any.
const projectFor = (ctx, role, scope) => (scope ? ctx.ids[role][scope].project : ctx.ids.any.project);

// A unit that is not the handler's, for problems outside its scope.
const otherUnit = (ctx) => [4, 5, 6].find((u) => !ctx.units.includes(u));

// A problem on the project of the scope; inside a handler's scope its unit owns it.
export async function policyProblem(srv, ctx, role, scope) {
  const unit = role === 'handler' && scope === 'in' ? ctx.units[0] : otherUnit(ctx);
  const r = await api(srv, 'POST', `${PRJ}/${projectFor(ctx, role, scope)}/problems`,
    { type: 'talent', description: uniqueName('策略测试问题'), unit_id: unit, deadline_days: 10 });
  assert.equal(r.status, 201, `creating a problem: ${r.text}`);
  return r.json;
}

// A task force serving only the project of the scope, with no unit of its own.
export async function policyTaskforce(srv, ctx, role, scope) {
  const r = await api(srv, 'POST', '/api/v1/taskforces',
    { name: uniqueName('策略测试专班'), project_ids: [projectFor(ctx, role, scope)] });
  assert.equal(r.status, 201, `creating a task force: ${r.text}`);
  return r.json;
}
