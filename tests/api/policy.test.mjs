// policy.test.mjs - the policy matrix: who may call which route (kcgi/redis style).
//
// POLICY below is written by hand, one row per route, one column per role.  It is not read
// from the server: the tests compare it with what `guanlan routes` prints, so that a route
// added without a row, a row left behind by a removed route, or a policy changed on one side
// only all fail here.  Then every cell is exercised against a demo server, logged in as that
// role with a cookie session (X-CSRF-Token on writes):
//   ok        - 2xx, or a 4xx about the request body (400, 409, 422); never 401/403/404
//   forbidden - 403 "forbidden"
//   scoped    - like ok for rows inside the role's scope, 404 (not 403) for rows outside it;
//               on list routes: 200 with only rows inside the scope
// and every route that is not public answers 401 without credentials.
// The last part checks the scopes themselves: what enterprise users and handlers see.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, run, startServer } from './lib.mjs';
import { ENT, PRJ, STATS, assertError, createEnterprise, createProject, get, uniqueName } from './helpers.mjs';
import {
  AUDIT, LOGIN, LOGOUT, ME, PASSWORD, ROLES, TOKENS, USERS, anonymous, bearer, createUser,
  login, throwawaySession,
} from './sessions.mjs';

const PUBLIC = 'public';
const ok = 'ok';
const no = 'forbidden';
const scoped = 'scoped';

/* eslint-disable no-multi-spaces */
const POLICY = [
  // route                                     admin   leader  officer handler enterprise viewer
  ['GET /healthz',                             PUBLIC],
  ['GET /api/v1/openapi.json',                 PUBLIC],
  ['POST /api/v1/auth/login',                  PUBLIC],
  ['POST /api/v1/auth/logout',                 ok,     ok,     ok,     ok,     ok,     ok],
  ['GET /api/v1/auth/me',                      ok,     ok,     ok,     ok,     ok,     ok],
  ['POST /api/v1/auth/password',               ok,     ok,     ok,     ok,     ok,     ok],

  ['GET /api/v1/users',                        ok,     no,     no,     no,     no,     no],
  ['POST /api/v1/users',                       ok,     no,     no,     no,     no,     no],
  ['GET /api/v1/users/{id}',                   ok,     no,     no,     no,     no,     no],
  ['PATCH /api/v1/users/{id}',                 ok,     no,     no,     no,     no,     no],
  ['POST /api/v1/users/{id}/password',         ok,     no,     no,     no,     no,     no],

  ['GET /api/v1/tokens',                       ok,     ok,     ok,     ok,     ok,     ok],
  ['POST /api/v1/tokens',                      ok,     ok,     ok,     ok,     ok,     ok],
  ['DELETE /api/v1/tokens/{id}',               ok,     ok,     ok,     ok,     ok,     ok],

  ['GET /api/v1/audit',                        ok,     ok,     no,     no,     no,     no],

  ['GET /api/v1/enterprises',                  ok,     ok,     ok,     scoped, scoped, no],
  ['POST /api/v1/enterprises',                 ok,     no,     ok,     no,     no,     no],
  ['GET /api/v1/enterprises/{id}',             ok,     ok,     ok,     scoped, scoped, no],
  ['PATCH /api/v1/enterprises/{id}',           ok,     no,     ok,     no,     scoped, no],
  ['DELETE /api/v1/enterprises/{id}',          ok,     no,     ok,     no,     no,     no],

  ['GET /api/v1/projects',                     ok,     ok,     ok,     scoped, scoped, no],
  ['POST /api/v1/projects',                    ok,     no,     ok,     no,     no,     no],
  ['GET /api/v1/projects/{id}',                ok,     ok,     ok,     scoped, scoped, no],
  ['PATCH /api/v1/projects/{id}',              ok,     no,     ok,     no,     no,     no],

  ['GET /api/v1/ref/industries',               ok,     ok,     ok,     ok,     ok,     ok],
  ['GET /api/v1/ref/stages',                   ok,     ok,     ok,     ok,     ok,     ok],
  ['GET /api/v1/ref/channels',                 ok,     ok,     ok,     ok,     ok,     ok],
  ['GET /api/v1/ref/chains',                   ok,     ok,     ok,     ok,     ok,     ok],
  ['GET /api/v1/ref/regions',                  ok,     ok,     ok,     ok,     ok,     ok],
  ['GET /api/v1/ref/units',                    ok,     ok,     ok,     ok,     ok,     ok],

  ['GET /api/v1/stats/summary',                ok,     ok,     ok,     ok,     no,     ok],

  // ledger
  ['POST /api/v1/projects/{id}/stage',         ok,     no,     ok,     no,     no,     no],
  ['GET /api/v1/projects/{id}/stages',         ok,     ok,     ok,     scoped, scoped, no],

  // problems
  ['GET /api/v1/calendar',                     ok,     ok,     ok,     ok,     ok,     ok],
  ['GET /api/v1/calendar/deadline',            ok,     ok,     ok,     ok,     ok,     ok],
  ['PUT /api/v1/calendar/{year}',              ok,     no,     no,     no,     no,     no],
  ['GET /api/v1/ref/problem-types',            ok,     ok,     ok,     ok,     ok,     ok],
  ['GET /api/v1/projects/{id}/problems',       ok,     ok,     ok,     scoped, scoped, no],
  ['POST /api/v1/projects/{id}/problems',      ok,     no,     ok,     no,     no,     no],
  ['GET /api/v1/problems',                     ok,     ok,     ok,     scoped, scoped, no],
  ['GET /api/v1/problems/{id}',                ok,     ok,     ok,     scoped, scoped, no],
  ['PATCH /api/v1/problems/{id}',              ok,     no,     ok,     no,     no,     no],
  ['POST /api/v1/problems/{id}/status',        ok,     no,     ok,     scoped, no,     no],
  ['GET /api/v1/taskforces',                   ok,     ok,     ok,     scoped, scoped, no],
  ['POST /api/v1/taskforces',                  ok,     ok,     ok,     no,     no,     no],
  ['GET /api/v1/taskforces/{id}',              ok,     ok,     ok,     scoped, scoped, no],
  ['PATCH /api/v1/taskforces/{id}',            ok,     ok,     ok,     no,     no,     no],
  ['GET /api/v1/taskforces/{id}/meetings',     ok,     ok,     ok,     scoped, scoped, no],
  ['POST /api/v1/taskforces/{id}/meetings',    ok,     ok,     ok,     no,     no,     no],

  // milestones
  ['GET /api/v1/projects/{id}/milestones',     ok,     ok,     ok,     scoped, scoped, no],
  ['PUT /api/v1/projects/{id}/milestones',     ok,     no,     ok,     no,     no,     no],
  ['GET /api/v1/milestones/warnings',          ok,     ok,     ok,     scoped, no,     no],
  ['GET /api/v1/stalled-projects',             ok,     ok,     ok,     scoped, no,     no],
  ['GET /api/v1/settings/warnings',            ok,     ok,     ok,     ok,     ok,     no],
  ['PUT /api/v1/settings/warnings',            ok,     no,     no,     no,     no,     no],
  ['POST /api/v1/projects/{id}/followups',     ok,     no,     ok,     no,     no,     no],
  ['GET /api/v1/projects/{id}/followups',      ok,     ok,     ok,     scoped, no,     no],
  ['GET /api/v1/followups/overdue',            ok,     ok,     ok,     scoped, no,     no],

  // money
  ['GET /api/v1/projects/{id}/funds',          ok,     ok,     ok,     scoped, scoped, no],
  ['PUT /api/v1/projects/{id}/funds',          ok,     no,     ok,     no,     no,     no],
  ['GET /api/v1/chains',                       ok,     ok,     ok,     scoped, scoped, no],
  ['GET /api/v1/chains/{id}',                  ok,     ok,     ok,     scoped, scoped, no],

  // stats
  ['GET /api/v1/stats',                        ok,     ok,     ok,     ok,     no,     ok],
  ['GET /api/v1/stats/briefing',               ok,     ok,     ok,     no,     no,     ok],
  ['GET /api/v1/targets',                      ok,     ok,     ok,     ok,     no,     ok],
  ['PUT /api/v1/targets/{year}',               ok,     ok,     no,     no,     no,     no],

  // export
  ['GET /api/v1/projects/export',              ok,     ok,     ok,     scoped, scoped, no],
  ['GET /api/v1/problems/export',              ok,     ok,     ok,     scoped, scoped, no],

  // roundtables
  ['GET /api/v1/roundtable-series',            ok,     ok,     ok,     ok,     ok,     ok],
  ['POST /api/v1/roundtable-series',           ok,     no,     ok,     no,     no,     no],
  ['GET /api/v1/roundtables',                  ok,     ok,     ok,     ok,     scoped, ok],
  ['POST /api/v1/roundtables',                 ok,     no,     ok,     no,     no,     no],
  ['GET /api/v1/roundtables/{id}',             ok,     ok,     ok,     ok,     scoped, ok],
  ['PATCH /api/v1/roundtables/{id}',           ok,     no,     ok,     no,     no,     no],
  ['POST /api/v1/roundtables/{id}/projects/{projectId}', ok, no, ok,   no,     no,     no],
  ['DELETE /api/v1/roundtables/{id}/projects/{projectId}', ok, no, ok, no,     no,     no],
  ['GET /api/v1/arrangements',                 ok,     ok,     ok,     scoped, scoped, ok],
  ['POST /api/v1/arrangements',                ok,     no,     ok,     no,     no,     no],
  ['GET /api/v1/arrangements/{id}',            ok,     ok,     ok,     scoped, scoped, ok],
  ['PATCH /api/v1/arrangements/{id}',          ok,     no,     ok,     scoped, no,     no],

  // appeals
  ['GET /api/v1/appeals',                      ok,     ok,     ok,     scoped, scoped, no],
  ['POST /api/v1/appeals',                     ok,     no,     ok,     no,     ok,     no],
  ['GET /api/v1/appeals/{id}',                 ok,     ok,     ok,     scoped, scoped, no],
  ['POST /api/v1/appeals/{id}/actions',        ok,     ok,     ok,     scoped, scoped, no],
  ['POST /api/v1/appeals/{id}/attachments',    ok,     no,     ok,     scoped, scoped, no],
  ['GET /api/v1/appeals/{id}/attachments/{aid}', ok,   ok,     ok,     scoped, scoped, no],
  ['GET /api/v1/ref/appeal-categories',        ok,     ok,     ok,     ok,     ok,     ok],
  ['PUT /api/v1/ref/appeal-categories',        ok,     no,     no,     no,     no,     no],
  ['GET /api/v1/settings/appeals',             ok,     ok,     ok,     ok,     ok,     no],
  ['PUT /api/v1/settings/appeals',             ok,     no,     no,     no,     no,     no],
  ['GET /api/v1/supervisions',                 ok,     ok,     ok,     scoped, no,     no],

  // rates
  ['POST /api/v1/appeals/{id}/merge',          ok,     no,     ok,     no,     no,     no],
  ['POST /api/v1/appeals/{id}/links',          ok,     no,     ok,     no,     no,     no],
  ['DELETE /api/v1/appeals/{id}/links/{other}', ok,    no,     ok,     no,     no,     no],
  ['GET /api/v1/appeal-issues',                ok,     ok,     ok,     no,     no,     no],
  ['POST /api/v1/appeal-issues',               ok,     no,     ok,     no,     no,     no],
  ['GET /api/v1/appeal-issues/{id}',           ok,     ok,     ok,     no,     no,     no],
  ['POST /api/v1/appeal-issues/{id}/appeals',  ok,     no,     ok,     no,     no,     no],
  ['GET /api/v1/appeal-rates',                 ok,     ok,     ok,     ok,     no,     ok],

  // open311
  ['GET /api/v1/appeals/inbox-counts',         ok,     ok,     ok,     scoped, scoped, no],
  ['GET /open311/v2/services.json',            ok,     ok,     ok,     ok,     ok,     ok],
  ['GET /open311/v2/requests.json',            ok,     ok,     ok,     scoped, scoped, no],
  ['POST /open311/v2/requests.json',           ok,     no,     ok,     no,     ok,     no],
  ['GET /open311/v2/requests/{id}',            ok,     ok,     ok,     scoped, scoped, no],
  ['GET /open311/v2/{document}',               ok,     ok,     ok,     ok,     ok,     ok],
  ['POST /open311/v2/{document}',              ok,     ok,     ok,     ok,     ok,     ok],
  ['GET /api/v1/appeals/export',               ok,     ok,     ok,     scoped, scoped, no],
  ['GET /api/v1/arrangements/export',          ok,     ok,     ok,     scoped, scoped, ok],
  // search
  ['GET /api/v1/search',                       ok,     ok,     ok,     ok,     ok,     no],
  // imports
  ['POST /api/v1/imports',                     ok,     no,     ok,     no,     no,     no],
];
/* eslint-enable no-multi-spaces */

// route -> 'public' or {role: expectation}
const EXPECT = new Map(POLICY.map(([route, ...cells]) => [route,
  cells[0] === PUBLIC ? PUBLIC : Object.fromEntries(ROLES.map((role, i) => [role, cells[i]]))]));

// What the binary says: route -> 'public' or the set of roles allowed.
const PRINTED = new Map(run(['routes']).stdout.trim().split('\n').map((line) => {
  const [method, pattern, ...who] = line.trim().split(/\s+/);
  return [`${method} ${pattern}`, who.length === 1 && who[0] === PUBLIC ? PUBLIC : new Set(who)];
}));

// ---- the demo server and who is who on it ------------------------------------------------

let srv;
const as = {};     // role -> Session of the demo user of that role
const ctx = {};    // ids picked from the demo data

// Every record of a list, as the admin token sees it.
async function everything(path) {
  const items = [];
  for (let offset = 0; ; offset += 200) {
    const page = await get(srv, `${path}?limit=200&offset=${offset}`);
    items.push(...page.items);
    if (items.length >= page.total) return items;
  }
}

before(async () => {
  srv = await startServer({ demo: true });
  for (const role of ROLES) as[role] = await login(srv, role);
  ctx.projects = await everything(PRJ);
  ctx.enterprises = await everything(ENT);
  // The scopes, from the demo users themselves: 比亚迪 for the enterprise user, unit 3 for
  // the handler.
  ctx.entId = as.enterprise.user.enterprise_id;
  ctx.units = as.handler.user.unit_ids;
  assert.ok(ctx.entId, 'the demo enterprise user belongs to an enterprise');
  assert.equal(ctx.enterprises.find((e) => e.id === ctx.entId)?.name.startsWith('比亚迪'), true,
    'the demo enterprise user belongs to 比亚迪');
  assert.deepEqual(ctx.units, [3], 'the demo handler works for unit 3');

  const handlerProjects = ctx.projects.filter((p) => ctx.units.includes(p.unit_id));
  ctx.handlerEnterprises = new Set(handlerProjects.flatMap((p) => p.enterprise_ids));
  ctx.inScope = {
    enterprise: {
      project: (p) => p.enterprise_ids.includes(ctx.entId),
      enterprise: (e) => e.id === ctx.entId,
    },
    handler: {
      project: (p) => ctx.units.includes(p.unit_id),
      enterprise: (e) => ctx.handlerEnterprises.has(e.id),
    },
  };
  // One id inside and one outside each scope, for projects and enterprises.
  ctx.ids = {};
  for (const role of ['enterprise', 'handler']) {
    const s = ctx.inScope[role];
    const pick = (list, pred, what) => {
      const x = list.find(pred);
      assert.ok(x, `the demo data has a ${what} for ${role}`);
      return x.id;
    };
    ctx.ids[role] = {
      in: {
        project: pick(ctx.projects, s.project, 'project in scope'),
        enterprise: pick(ctx.enterprises, s.enterprise, 'enterprise in scope'),
      },
      out: {
        project: pick(ctx.projects, (p) => !s.project(p), 'project out of scope'),
        enterprise: pick(ctx.enterprises, (e) => !s.enterprise(e), 'enterprise out of scope'),
      },
    };
  }
  // Ids for roles without a scope: any row will do.
  ctx.ids.any = { project: ctx.projects[0].id, enterprise: ctx.enterprises[0].id };
  ctx.viewerId = as.viewer.user.id;
});
after(async () => { await srv.stop(); });

const scopeIds = () => ({ enterpriseId: ctx.entId, unitIds: ctx.units });
// The row ids a request of role uses: inside or outside its scope (scope 'in'/'out'), or any.
const idsFor = (role, scope) => (scope ? ctx.ids[role][scope] : ctx.ids.any);
const tomorrow = () => new Date(Date.now() + 2 * 86400e3).toISOString().slice(0, 10);

// ---- one request per route ---------------------------------------------------------------
//
// REQUESTS[route](role, scope) gives {method, path, body?, headers?, session?, status?,
// list?}: session replaces the role's demo session (throwaway users for logout and password
// changes), status is the exact status expected when the role is allowed, and list names the
// kind of rows a list route returns ('project' or 'enterprise') so scoped lists can be checked.
// Destructive requests work on throwaway records and users made with the admin token, so
// that no cell changes what another cell sees.

const REQUESTS = {
  'GET /healthz': () => ({ path: '/healthz' }),
  'GET /api/v1/openapi.json': () => ({ path: '/api/v1/openapi.json' }),
  'POST /api/v1/auth/login': () => ({ path: LOGIN, body: { username: 'viewer', password: 'viewer-demo' }, status: 200 }),
  'POST /api/v1/auth/logout': async (role) => ({
    path: LOGOUT, session: await throwawaySession(srv, role ?? 'viewer', scopeIds()), status: 204,
  }),
  'GET /api/v1/auth/me': () => ({ path: ME, status: 200 }),
  'POST /api/v1/auth/password': async (role) => {
    const session = await throwawaySession(srv, role ?? 'viewer', scopeIds());
    return {
      path: PASSWORD, session, status: 204,
      body: { old_password: session.password, new_password: `${session.password}-changed` },
    };
  },

  'GET /api/v1/users': () => ({ path: USERS, status: 200 }),
  'POST /api/v1/users': () => ({
    path: USERS, status: 201,
    body: { username: `policy-${uniqueName('u').replace(/\D/g, '')}`, display_name: '策略测试', role: 'viewer', password: 'policy-password' },
  }),
  'GET /api/v1/users/{id}': () => ({ path: `${USERS}/${ctx.viewerId}`, status: 200 }),
  'PATCH /api/v1/users/{id}': async () => {
    const u = await createUser(srv, 'viewer');
    return { path: `${USERS}/${u.id}`, body: { display_name: '改过的名字' }, headers: { 'If-Match': `"${u.version}"` }, status: 200 };
  },
  'POST /api/v1/users/{id}/password': async () => {
    const u = await createUser(srv, 'viewer');
    return { path: `${USERS}/${u.id}/password`, body: { password: 'reset-by-policy-test' }, status: 204 };
  },

  'GET /api/v1/tokens': () => ({ path: TOKENS, status: 200 }),
  'POST /api/v1/tokens': () => ({ path: TOKENS, body: { name: '策略测试', expires_on: tomorrow() }, status: 201 }),
  // Each role revokes a token of its own (the admin token's owner for requests without
  // credentials).
  'DELETE /api/v1/tokens/{id}': async (role) => {
    const owner = role ? as[role] : bearer(srv, srv.token);
    const t = await owner.post(TOKENS, { name: '待撤销', expires_on: tomorrow() });
    assert.equal(t.status, 201, `creating a token to revoke: ${t.text}`);
    return { path: `${TOKENS}/${t.json.id}`, status: 204 };
  },

  'GET /api/v1/audit': () => ({ path: `${AUDIT}?limit=5`, status: 200 }),

  'GET /api/v1/enterprises': () => ({ path: `${ENT}?limit=200`, status: 200, list: 'enterprise' }),
  'POST /api/v1/enterprises': () => ({ path: ENT, body: { name: uniqueName('策略测试企业') }, status: 201 }),
  'GET /api/v1/enterprises/{id}': (role, scope) => ({ path: `${ENT}/${idsFor(role, scope).enterprise}`, status: 200 }),
  // Scoped roles patch a demo enterprise (to the value it has: harmless); the others a
  // throwaway one.
  'PATCH /api/v1/enterprises/{id}': async (role, scope) => {
    const id = scope ? idsFor(role, scope).enterprise : (await createEnterprise(srv)).id;
    const current = await get(srv, `${ENT}/${id}`);
    return { path: `${ENT}/${id}`, body: { name: current.name }, headers: { 'If-Match': '*' }, status: 200 };
  },
  'DELETE /api/v1/enterprises/{id}': async () => ({ path: `${ENT}/${(await createEnterprise(srv)).id}`, status: 204 }),

  'GET /api/v1/projects': () => ({ path: `${PRJ}?limit=200`, status: 200, list: 'project' }),
  'POST /api/v1/projects': () => ({ path: PRJ, body: { name: uniqueName('策略测试项目') }, status: 201 }),
  'GET /api/v1/projects/{id}': (role, scope) => ({ path: `${PRJ}/${idsFor(role, scope).project}`, status: 200 }),
  'PATCH /api/v1/projects/{id}': async () => {
    const p = await createProject(srv);
    return { path: `${PRJ}/${p.id}`, body: { leader: '策略测试' }, headers: { 'If-Match': `"${p.version}"` }, status: 200 };
  },

  'GET /api/v1/ref/industries': () => ({ path: '/api/v1/ref/industries', status: 200 }),
  'GET /api/v1/ref/stages': () => ({ path: '/api/v1/ref/stages', status: 200 }),
  'GET /api/v1/ref/channels': () => ({ path: '/api/v1/ref/channels', status: 200 }),
  'GET /api/v1/ref/chains': () => ({ path: '/api/v1/ref/chains', status: 200 }),
  'GET /api/v1/ref/regions': () => ({ path: '/api/v1/ref/regions', status: 200 }),
  'GET /api/v1/ref/units': () => ({ path: '/api/v1/ref/units', status: 200 }),

  'GET /api/v1/stats/summary': () => ({ path: STATS, status: 200 }),

  // ledger
  // A throwaway lead project moves to 洽谈 today (Asia/Shanghai): its creation event is today.
  'POST /api/v1/projects/{id}/stage': async () => {
    const p = await createProject(srv);
    const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
    return { path: `${PRJ}/${p.id}/stage`, body: { to: 'negotiating', effective_on: today, version: p.version }, status: 200 };
  },
  'GET /api/v1/projects/{id}/stages': (role, scope) => ({ path: `${PRJ}/${idsFor(role, scope).project}/stages`, status: 200 }),

  // problems
  // Problems and task forces inside or outside the role's scope: tests/api/problem-fixtures.mjs.
  'GET /api/v1/calendar': () => ({ path: '/api/v1/calendar?year=2024', status: 200 }),
  'GET /api/v1/calendar/deadline': () => ({ path: '/api/v1/calendar/deadline?from=2024-09-27&days=3', status: 200 }),
  'PUT /api/v1/calendar/{year}': () => ({
    path: '/api/v1/calendar/2035', status: 200,
    body: { days: [{ date: '2035-01-01', kind: 'holiday', name: '元旦' }] },
  }),
  'GET /api/v1/ref/problem-types': () => ({ path: '/api/v1/ref/problem-types', status: 200 }),
  'GET /api/v1/projects/{id}/problems': (role, scope) => ({ path: `${PRJ}/${idsFor(role, scope).project}/problems`, status: 200 }),
  'POST /api/v1/projects/{id}/problems': (role, scope) => ({
    path: `${PRJ}/${idsFor(role, scope).project}/problems`, status: 201,
    body: { type: 'approval', description: '策略测试问题', unit_id: 4, deadline_days: 5 },
  }),
  'GET /api/v1/problems': () => ({ path: '/api/v1/problems?limit=200', status: 200 }),
  'GET /api/v1/problems/{id}': async (role, scope) => ({ path: `/api/v1/problems/${(await (await import('./problem-fixtures.mjs')).policyProblem(srv, ctx, role, scope)).id}`, status: 200 }),
  'PATCH /api/v1/problems/{id}': async (role, scope) => {
    const p = await (await import('./problem-fixtures.mjs')).policyProblem(srv, ctx, role, scope);
    return { path: `/api/v1/problems/${p.id}`, body: { description: '改过的问题' }, headers: { 'If-Match': `"${p.version}"` }, status: 200 };
  },
  'POST /api/v1/problems/{id}/status': async (role, scope) => ({
    path: `/api/v1/problems/${(await (await import('./problem-fixtures.mjs')).policyProblem(srv, ctx, role, scope)).id}/status`,
    body: { status: 'in_progress' }, headers: { 'If-Match': '*' }, status: 200,
  }),
  'GET /api/v1/taskforces': () => ({ path: '/api/v1/taskforces?limit=200', status: 200 }),
  'POST /api/v1/taskforces': () => ({ path: '/api/v1/taskforces', body: { name: uniqueName('策略测试专班') }, status: 201 }),
  'GET /api/v1/taskforces/{id}': async (role, scope) => ({ path: `/api/v1/taskforces/${(await (await import('./problem-fixtures.mjs')).policyTaskforce(srv, ctx, role, scope)).id}`, status: 200 }),
  'PATCH /api/v1/taskforces/{id}': async (role, scope) => {
    const t = await (await import('./problem-fixtures.mjs')).policyTaskforce(srv, ctx, role, scope);
    return { path: `/api/v1/taskforces/${t.id}`, body: { leader: '策略测试' }, headers: { 'If-Match': `"${t.version}"` }, status: 200 };
  },
  'GET /api/v1/taskforces/{id}/meetings': async (role, scope) => ({ path: `/api/v1/taskforces/${(await (await import('./problem-fixtures.mjs')).policyTaskforce(srv, ctx, role, scope)).id}/meetings`, status: 200 }),
  'POST /api/v1/taskforces/{id}/meetings': async (role, scope) => ({
    path: `/api/v1/taskforces/${(await (await import('./problem-fixtures.mjs')).policyTaskforce(srv, ctx, role, scope)).id}/meetings`, status: 201,
    body: { held_on: '2024-10-09', topic: '策略测试调度会', decisions: [{ action: 'note', text: '记录在案' }] },
  }),

  // milestones
  'GET /api/v1/projects/{id}/milestones': (role, scope) => ({ path: `${PRJ}/${idsFor(role, scope).project}/milestones?as_of=2023-10-09`, status: 200 }),
  'PUT /api/v1/projects/{id}/milestones': async () => ({
    path: `${PRJ}/${(await createProject(srv)).id}/milestones`, headers: { 'If-Match': '"1"' }, status: 200,
    body: { items: [{ kind: 'signing', planned_on: '2023-03-01' }] },
  }),
  'GET /api/v1/milestones/warnings': () => ({ path: '/api/v1/milestones/warnings?as_of=2023-10-09', status: 200 }),
  'GET /api/v1/stalled-projects': () => ({ path: '/api/v1/stalled-projects', status: 200 }),
  'GET /api/v1/settings/warnings': () => ({ path: '/api/v1/settings/warnings', status: 200 }),
  'PUT /api/v1/settings/warnings': () => ({ path: '/api/v1/settings/warnings', body: { milestone_window_days: 5 }, headers: { 'If-Match': '*' }, status: 200 }),
  'POST /api/v1/projects/{id}/followups': async () => ({
    path: `${PRJ}/${(await createProject(srv)).id}/followups`, status: 201,
    body: { on: '2023-02-03', kind: 'meeting', summary: '鹊华观澜会现场答复' },
  }),
  'GET /api/v1/projects/{id}/followups': (role, scope) => ({ path: `${PRJ}/${idsFor(role, scope).project}/followups`, status: 200 }),
  'GET /api/v1/followups/overdue': () => ({ path: '/api/v1/followups/overdue', status: 200 }),

  // money
  'GET /api/v1/projects/{id}/funds': (role, scope) => ({ path: `${PRJ}/${idsFor(role, scope).project}/funds`, status: 200 }),
  'PUT /api/v1/projects/{id}/funds': async () => {
    const p = await createProject(srv, { stage: 'signed', signed_on: '2023-06-18', total_investment: 1000 });
    return { path: `${PRJ}/${p.id}/funds`, body: { items: [{ month: '2023-07', amount: 100 }] }, headers: { 'If-Match': `"${p.version}"` }, status: 200 };
  },
  'GET /api/v1/chains': () => ({ path: '/api/v1/chains?limit=200', status: 200 }),
  // Inside the scope ('in'): for the enterprise user the demo's BYD chain; for the handler a
  // project of their unit made an anchor by a throwaway supporter.  Outside ('out'): a
  // throwaway chain of no unit and no enterprise.  Throwaways stay outside every scope, so the
  // scope checks below see the demo's rows only.  Roles without a scope: the BYD chain.
  'GET /api/v1/chains/{id}': async (role, scope) => {
    const byd = ctx.projects.find((p) => ctx.projects.some((q) => q.chain_anchor_id === p.id));
    let anchor = byd.id;
    if (scope === 'out') {
      anchor = (await createProject(srv)).id;
      await createProject(srv, { chain_anchor_id: anchor, location: '370115' });
    } else if (scope === 'in' && role === 'handler') {
      anchor = ctx.projects.find((p) => ctx.units.includes(p.unit_id) && !p.phase_parent_id && !p.chain_anchor_id).id;
      await createProject(srv, { chain_anchor_id: anchor, location: '370126' });
    }
    return { path: `/api/v1/chains/${anchor}`, status: 200 };
  },

  // stats
  'GET /api/v1/stats': () => ({ path: '/api/v1/stats?measure=signed,funds&group=period:year,unit', status: 200 }),
  'GET /api/v1/stats/briefing': () => ({ path: '/api/v1/stats/briefing?period=2023', status: 200 }),
  'GET /api/v1/targets': () => ({ path: '/api/v1/targets?year=2023', status: 200 }),
  'PUT /api/v1/targets/{year}': () => ({
    method: 'PUT', path: '/api/v1/targets/2031',
    body: { targets: [{ measure: 'signed_projects', value: 3 }, { unit_id: 3, measure: 'funds', value: 100 }] },
    status: 200,
  }),

  // export
  // Scoped rows are checked in export.test.mjs (the body is a file, not a JSON list).
  'GET /api/v1/projects/export': () => ({ path: `${PRJ}/export?format=csv`, status: 200 }),
  'GET /api/v1/problems/export': () => ({ path: '/api/v1/problems/export?format=csv', status: 200 }),

  // roundtables
  // Sessions and arrangements inside or outside the role's scope: tests/api/roundtable-fixtures.mjs.
  'GET /api/v1/roundtable-series': () => ({ path: '/api/v1/roundtable-series', status: 200 }),
  'POST /api/v1/roundtable-series': () => ({ path: '/api/v1/roundtable-series', body: { name: uniqueName('策略测试系列') }, status: 201 }),
  'GET /api/v1/roundtables': () => ({ path: '/api/v1/roundtables?limit=200', status: 200 }),
  'POST /api/v1/roundtables': async () => ({
    path: '/api/v1/roundtables', status: 201,
    body: { series_id: await (await import('./roundtable-fixtures.mjs')).policySeries(srv), held_on: '2023-02-03' },
  }),
  'GET /api/v1/roundtables/{id}': async (role, scope) => ({ path: `/api/v1/roundtables/${(await (await import('./roundtable-fixtures.mjs')).policyRoundtable(srv, ctx, role, scope)).id}`, status: 200 }),
  'PATCH /api/v1/roundtables/{id}': async (role, scope) => {
    const r = await (await import('./roundtable-fixtures.mjs')).policyRoundtable(srv, ctx, role, scope);
    return { path: `/api/v1/roundtables/${r.id}`, body: { theme: '策略测试主题' }, headers: { 'If-Match': `"${r.version}"` }, status: 200 };
  },
  'POST /api/v1/roundtables/{id}/projects/{projectId}': async (role, scope) => {
    const r = await (await import('./roundtable-fixtures.mjs')).policyRoundtable(srv, ctx, role, scope);
    return { path: `/api/v1/roundtables/${r.id}/projects/${(await createProject(srv)).id}`, body: { note: '策略测试' }, status: 201 };
  },
  'DELETE /api/v1/roundtables/{id}/projects/{projectId}': async (role, scope) => {
    const r = await (await import('./roundtable-fixtures.mjs')).policyRoundtable(srv, ctx, role, scope);
    const p = await createProject(srv);
    const linked = await api(srv, 'POST', `/api/v1/roundtables/${r.id}/projects/${p.id}`, {});
    assert.equal(linked.status, 201, linked.text);
    return { path: `/api/v1/roundtables/${r.id}/projects/${p.id}`, status: 204 };
  },
  'GET /api/v1/arrangements': () => ({ path: '/api/v1/arrangements?limit=200', status: 200 }),
  'POST /api/v1/arrangements': async (role, scope) => ({
    path: '/api/v1/arrangements', status: 201,
    body: { roundtable_id: (await (await import('./roundtable-fixtures.mjs')).policyRoundtable(srv, ctx, role, scope)).id, text: '策略测试安排', unit_id: 4, deadline_days: 3 },
  }),
  'GET /api/v1/arrangements/{id}': async (role, scope) => ({ path: `/api/v1/arrangements/${(await (await import('./roundtable-fixtures.mjs')).policyArrangement(srv, ctx, role, scope)).id}`, status: 200 }),
  'PATCH /api/v1/arrangements/{id}': async (role, scope) => {
    const x = await (await import('./roundtable-fixtures.mjs')).policyArrangement(srv, ctx, role, scope);
    return { path: `/api/v1/arrangements/${x.id}`, body: { status: 'done', result: '已办结' }, headers: { 'If-Match': `"${x.version}"` }, status: 200 };
  },

  // appeals
  // An appeal inside or outside the role's scope (made with the admin token): the
  // enterprise user's own enterprise, the handler's unit 3 as the lead unit.
  'GET /api/v1/appeals': () => ({ path: '/api/v1/appeals?limit=50', status: 200 }),
  'POST /api/v1/appeals': (role) => ({
    path: '/api/v1/appeals', status: 201,
    body: role === 'enterprise' ? { category: 'policy', text: '策略测试诉求' }
      : { enterprise_id: ctx.entId, category: 'policy', text: '策略测试诉求' },
  }),
  'GET /api/v1/appeals/{id}': async (role, scope) => ({ path: `/api/v1/appeals/${(await policyAppeal(role, scope)).id}`, status: 200 }),
  // Any action: 200 when the role may take it, 409 naming the allowed ones otherwise.
  'POST /api/v1/appeals/{id}/actions': async (role, scope) => ({
    path: `/api/v1/appeals/${(await policyAppeal(role, scope)).id}/actions`,
    body: { action: role === 'enterprise' ? 'rate' : 'accept', rating: 'satisfied' },
    headers: { 'If-Match': '*' },
  }),
  'POST /api/v1/appeals/{id}/attachments': async (role, scope) => ({
    path: `/api/v1/appeals/${(await policyAppeal(role, scope)).id}/attachments?name=note.txt`,
    body: '策略测试附件', headers: { 'Content-Type': 'text/plain; charset=utf-8' }, status: 201,
  }),
  'GET /api/v1/appeals/{id}/attachments/{aid}': async (role, scope) => {
    const a = await policyAppeal(role, scope);
    const t = await api(srv, 'POST', `/api/v1/appeals/${a.id}/attachments`, 'x', { 'Content-Type': 'text/plain' });
    assert.equal(t.status, 201, t.text);
    return { path: `/api/v1/appeals/${a.id}/attachments/${t.json.id}`, status: 200 };
  },
  'GET /api/v1/ref/appeal-categories': () => ({ path: '/api/v1/ref/appeal-categories', status: 200 }),
  'PUT /api/v1/ref/appeal-categories': async () => ({
    method: 'PUT', path: '/api/v1/ref/appeal-categories', status: 200,
    body: { items: (await get(srv, '/api/v1/ref/appeal-categories?all=true')).items.map(({ code, name, active }) => ({ code, name, active })) },
  }),
  'GET /api/v1/settings/appeals': () => ({ path: '/api/v1/settings/appeals', status: 200 }),
  'PUT /api/v1/settings/appeals': () => ({ method: 'PUT', path: '/api/v1/settings/appeals', body: { accept_days: 1 }, status: 200 }),
  'GET /api/v1/supervisions': () => ({ path: '/api/v1/supervisions', status: 200 }),

  // rates
  // Merges, links and issues work on throwaway appeals made with the admin token.
  'POST /api/v1/appeals/{id}/merge': async (role) => ({
    path: `/api/v1/appeals/${(await policyAppeal(role, 'in')).id}/merge`,
    body: { into: (await policyAppeal(role, 'in')).id }, status: 200,
  }),
  'POST /api/v1/appeals/{id}/links': async (role) => ({
    path: `/api/v1/appeals/${(await policyAppeal(role, 'in')).id}/links`,
    body: { other_id: (await policyAppeal(role, 'in')).id }, status: 200,
  }),
  'DELETE /api/v1/appeals/{id}/links/{other}': async (role) => {
    const a = await policyAppeal(role, 'in'), b = await policyAppeal(role, 'in');
    const r = await api(srv, 'POST', `/api/v1/appeals/${a.id}/links`, { other_id: b.id });
    assert.equal(r.status, 200, r.text);
    return { path: `/api/v1/appeals/${a.id}/links/${b.id}`, status: 204 };
  },
  'GET /api/v1/appeal-issues': () => ({ path: '/api/v1/appeal-issues', status: 200 }),
  'POST /api/v1/appeal-issues': async (role) => ({
    path: '/api/v1/appeal-issues', status: 201,
    body: { title: '策略测试系统性问题', appeal_ids: [(await policyAppeal(role, 'in')).id] },
  }),
  'GET /api/v1/appeal-issues/{id}': async () => {
    const r = await api(srv, 'POST', '/api/v1/appeal-issues', { title: '策略测试', appeal_ids: [] });
    assert.equal(r.status, 201, r.text);
    return { path: `/api/v1/appeal-issues/${r.json.id}`, status: 200 };
  },
  'POST /api/v1/appeal-issues/{id}/appeals': async (role) => {
    const r = await api(srv, 'POST', '/api/v1/appeal-issues', { title: '策略测试', appeal_ids: [] });
    assert.equal(r.status, 201, r.text);
    return { path: `/api/v1/appeal-issues/${r.json.id}/appeals`, body: { appeal_id: (await policyAppeal(role, 'in')).id }, status: 200 };
  },
  'GET /api/v1/appeal-rates': () => ({ path: '/api/v1/appeal-rates?group=category', status: 200 }),

  // open311
  // The counts of the inbox tabs, in the caller's scope (tests/api/inbox-counts.test.mjs).
  'GET /api/v1/appeals/inbox-counts': () => ({ path: '/api/v1/appeals/inbox-counts', status: 200 }),
  // The Open311 face of the appeals: the same scopes; {id} is "<appeal code>.json"; other
  // documents answer 400 for .xml (JSON only).
  'GET /open311/v2/services.json': () => ({ path: '/open311/v2/services.json', status: 200 }),
  'GET /open311/v2/requests.json': () => ({ path: '/open311/v2/requests.json', status: 200 }),
  'POST /open311/v2/requests.json': (role) => ({
    path: '/open311/v2/requests.json', status: 200,
    body: role === 'enterprise' ? { service_code: 'policy', description: '策略测试诉求' }
      : { service_code: 'policy', description: '策略测试诉求', attribute: { enterprise_id: ctx.entId } },
  }),
  'GET /open311/v2/requests/{id}': async (role, scope) => ({ path: `/open311/v2/requests/${(await policyAppeal(role, scope)).code}.json`, status: 200 }),
  'GET /open311/v2/{document}': () => ({ path: '/open311/v2/services.xml', status: 400 }),
  'POST /open311/v2/{document}': () => ({ path: '/open311/v2/requests.xml', body: {}, status: 400 }),
  'GET /api/v1/appeals/export': () => ({ path: '/api/v1/appeals/export?format=csv', status: 200 }),
  'GET /api/v1/arrangements/export': () => ({ path: '/api/v1/arrangements/export?format=csv', status: 200 }),
  // search
  'GET /api/v1/search': () => ({ path: '/api/v1/search?q=%E6%B5%8E%E5%8D%97', status: 200 }),
  // imports
  // A dry run of a one-row ledger: the policy, without writing.
  'POST /api/v1/imports': () => ({
    path: '/api/v1/imports?kind=enterprises&dry_run=true', status: 200,
    body: '企业名称,统一社会信用代码\r\n策略测试企业,91370100MA3C5E7Q6D\r\n',
    headers: { 'Content-Type': 'text/csv' },
  }),
};

// An appeal made with the admin token, inside (or, scope 'out', outside) role's scope.
async function policyAppeal(role, scope) {
  const out = scope === 'out';
  const r = await api(srv, 'POST', '/api/v1/appeals', {
    enterprise_id: role === 'enterprise' && out ? ctx.ids.enterprise.out.enterprise : ctx.entId,
    lead_unit_id: role === 'handler' && out ? 5 : 3, category: 'other', text: '策略测试',
  });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

// Send the request of route for role (null: no credentials) with the given scope.
async function send(route, role, scope) {
  const method = route.split(' ')[0];
  const req = await REQUESTS[route](role, scope);
  const who = role === null ? anonymous(srv) : (req.session || as[role]);
  const r = await who.request(method, req.path, req.body, req.headers);
  return { req, r, what: `${method} ${req.path} as ${role ?? 'nobody'}${scope ? ` (${scope} of scope)` : ''}` };
}

function assertAllowed({ req, r, what }, role) {
  assert.ok(![401, 403, 404].includes(r.status) && r.status < 500,
    `${what}: the role may call this route, got ${r.status}: ${r.text}`);
  assert.ok((r.status >= 200 && r.status < 300) || [400, 409, 422].includes(r.status),
    `${what}: ${r.status}: ${r.text}`);
  if (req.status !== undefined) assert.equal(r.status, req.status, `${what}: ${r.text}`);
  if (req.list && ctx.inScope[role]) {
    const outside = r.json.items.filter((x) => !ctx.inScope[role][req.list](x));
    assert.deepEqual(outside.map((x) => x.id), [], `${what}: rows outside the scope of ${role}`);
  }
}

// ---- the table against the binary --------------------------------------------------------

describe('the policy table matches `guanlan routes`', () => {
  test('every route has a row', () => {
    const missing = [...PRINTED.keys()].filter((route) => !EXPECT.has(route));
    assert.deepEqual(missing, [], 'routes without a row in POLICY (add one, with the expected outcome per role)');
  });

  test('every row is a route', () => {
    const stale = [...EXPECT.keys()].filter((route) => !PRINTED.has(route));
    assert.deepEqual(stale, [], 'rows of POLICY for routes the server no longer has');
  });

  test('no route appears twice', () => {
    assert.equal(EXPECT.size, POLICY.length, 'POLICY has duplicate rows');
    const lines = run(['routes']).stdout.trim().split('\n');
    assert.equal(PRINTED.size, lines.length, '`guanlan routes` prints a route twice');
  });

  test('every row has six cells of ok / forbidden / scoped, or is public', () => {
    for (const [route, ...cells] of POLICY) {
      if (cells[0] === PUBLIC) {
        assert.equal(cells.length, 1, `${route}: public rows have no role cells`);
        continue;
      }
      assert.equal(cells.length, ROLES.length, `${route}: one cell per role`);
      for (const c of cells) assert.ok([ok, no, scoped].includes(c), `${route}: bad cell ${c}`);
    }
  });

  test('the roles allowed in each row are the roles the server allows', () => {
    const drift = [];
    for (const [route, printed] of PRINTED) {
      const expected = EXPECT.get(route);
      if (!expected) continue;
      const mine = expected === PUBLIC ? PUBLIC
        : ROLES.filter((role) => expected[role] !== no).join(' ');
      const theirs = printed === PUBLIC ? PUBLIC : ROLES.filter((role) => printed.has(role)).join(' ');
      if (printed !== PUBLIC) {
        for (const role of printed) if (!ROLES.includes(role)) drift.push(`${route}: unknown role ${role}`);
      }
      if (mine !== theirs) drift.push(`${route}: table says [${mine}], server says [${theirs}]`);
    }
    assert.deepEqual(drift, []);
  });

  test('every route has a request to exercise it', () => {
    assert.deepEqual(Object.keys(REQUESTS).filter((r) => !EXPECT.has(r)), [], 'requests for unknown routes');
    assert.deepEqual([...EXPECT.keys()].filter((r) => !REQUESTS[r]), [], 'routes without a request');
  });
});

// ---- every cell --------------------------------------------------------------------------

describe('every route, every role', () => {
  for (const [route, expected] of EXPECT) {
    if (expected === PUBLIC) {
      test(`${route}: public, answers without credentials and to every role`, async () => {
        for (const role of [null, ...ROLES]) {
          const x = await send(route, role);
          assert.ok(x.r.status >= 200 && x.r.status < 300, `${x.what}: ${x.r.status} ${x.r.text}`);
        }
      });
      continue;
    }
    describe(route, () => {
      test('401 without credentials, and with credentials that are not valid', async () => {
        const x = await send(route, null);
        assertError(x.r, 401, 'unauthenticated');
        const method = route.split(' ')[0];
        const bogusToken = await bearer(srv, 'glt_not-a-token').request(method, x.req.path, x.req.body, x.req.headers);
        assertError(bogusToken, 401, 'unauthenticated');
        const bogusCookie = await api(srv, method, x.req.path, x.req.body,
          { ...x.req.headers, Authorization: null, Cookie: 'guanlan_session=not-a-session', 'X-CSRF-Token': 'x' });
        assertError(bogusCookie, 401, 'unauthenticated');
      });
      for (const role of ROLES) {
        const cell = expected[role];
        test(`${role}: ${cell}`, async () => {
          if (cell === no) {
            const x = await send(route, role, ctx.ids[role] ? 'in' : undefined);
            assertError(x.r, 403, 'forbidden');
          } else if (cell === ok) {
            assertAllowed(await send(route, role), role);
          } else {
            assert.ok(ctx.inScope[role], `${role} has no scope to check`);
            assertAllowed(await send(route, role, 'in'), role);
            if (route.includes('{id}')) {
              const x = await send(route, role, 'out');
              assert.equal(x.r.status, 404, `${x.what}: a row outside the scope is not found (not 403): ${x.r.text}`);
              assertError(x.r, 404, 'not_found');
            }
          }
        });
      }
    });
  }

  test('a refused write changes nothing: forbidden DELETE leaves the enterprise', async () => {
    const e = await createEnterprise(srv);
    for (const role of ['leader', 'handler', 'enterprise', 'viewer']) {
      assertError(await as[role].delete(`${ENT}/${e.id}`), 403, 'forbidden');
    }
    assert.equal((await get(srv, `${ENT}/${e.id}`)).version, 1);
  });

  test('an out-of-scope PATCH by an enterprise user changes nothing', async () => {
    const id = ctx.ids.enterprise.out.enterprise;
    const before = await get(srv, `${ENT}/${id}`);
    const r = await as.enterprise.patch(`${ENT}/${id}`, { name: '被篡改的名字' }, { 'If-Match': '*' });
    assertError(r, 404, 'not_found');
    assert.deepEqual(await get(srv, `${ENT}/${id}`), before);
  });
});

// ---- the scopes themselves ---------------------------------------------------------------

describe('scopes', () => {
  // GET a list as role and check it holds exactly the rows expected, with the right total.
  async function assertListIs(role, path, expectedIds) {
    const r = await as[role].get(`${path}${path.includes('?') ? '&' : '?'}limit=200`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.items.map((x) => x.id).sort((a, b) => a - b), [...expectedIds].sort((a, b) => a - b),
      `${role} ${path}: the rows of the scope`);
    assert.equal(r.json.total, expectedIds.length, `${role} ${path}: total counts the scope only`);
    const one = await as[role].get(`${path}${path.includes('?') ? '&' : '?'}limit=1`);
    assert.equal(one.json.total, expectedIds.length, `${role} ${path}?limit=1: total counts the scope only`);
    assert.ok(one.json.items.length <= 1);
  }

  test('enterprise user: projects naming 比亚迪 only, with a matching total', async () => {
    const expected = ctx.projects.filter((p) => p.enterprise_ids.includes(ctx.entId)).map((p) => p.id);
    assert.ok(expected.length >= 2, 'the demo has BYD projects (一期, 二期)');
    await assertListIs('enterprise', PRJ, expected);
    const r = await as.enterprise.get(`${PRJ}?limit=200`);
    for (const p of r.json.items) assert.ok(p.enterprise_ids.includes(ctx.entId), `project ${p.id} does not name 比亚迪`);
  });

  test('enterprise user: their own enterprise only', async () => {
    await assertListIs('enterprise', ENT, [ctx.entId]);
    assert.equal((await as.enterprise.get(`${ENT}/${ctx.entId}`)).status, 200);
  });

  test('enterprise user: another project or enterprise is 404, not 403', async () => {
    for (const p of ctx.projects.filter((x) => !x.enterprise_ids.includes(ctx.entId)).slice(0, 5)) {
      assertError(await as.enterprise.get(`${PRJ}/${p.id}`), 404, 'not_found');
    }
    for (const e of ctx.enterprises.filter((x) => x.id !== ctx.entId).slice(0, 5)) {
      assertError(await as.enterprise.get(`${ENT}/${e.id}`), 404, 'not_found');
    }
    // A row outside the scope looks exactly like a row that does not exist.
    const outside = await as.enterprise.get(`${PRJ}/${ctx.ids.enterprise.out.project}`);
    const missing = await as.enterprise.get(`${PRJ}/99999999`);
    assert.equal(outside.text, missing.text);
  });

  test('enterprise user: filters do not widen the scope', async () => {
    const other = ctx.ids.enterprise.out.enterprise;
    await assertListIs('enterprise', `${PRJ}?enterprise=${other}`, []);
    assert.ok(ctx.projects.some((p) => !p.enterprise_ids.includes(ctx.entId) && p.name.includes('项目')),
      'the demo has projects outside the scope that match the query');
    await assertListIs('enterprise', `${PRJ}?q=${encodeURIComponent('项目')}`,
      ctx.projects.filter((p) => p.enterprise_ids.includes(ctx.entId) && p.name.includes('项目')).map((p) => p.id));
  });

  test('handler: projects of their units only, with a matching total', async () => {
    const expected = ctx.projects.filter((p) => ctx.units.includes(p.unit_id)).map((p) => p.id);
    assert.ok(expected.length > 0, 'the demo has projects of unit 3');
    await assertListIs('handler', PRJ, expected);
  });

  test('handler: the enterprises of those projects only, with a matching total', async () => {
    const expected = ctx.enterprises.filter((e) => ctx.handlerEnterprises.has(e.id)).map((e) => e.id);
    assert.ok(expected.length > 0);
    await assertListIs('handler', ENT, expected);
  });

  test('handler: other projects and enterprises are 404, not 403', async () => {
    for (const p of ctx.projects.filter((x) => !ctx.units.includes(x.unit_id)).slice(0, 5)) {
      assertError(await as.handler.get(`${PRJ}/${p.id}`), 404, 'not_found');
    }
    for (const e of ctx.enterprises.filter((x) => !ctx.handlerEnterprises.has(x.id)).slice(0, 5)) {
      assertError(await as.handler.get(`${ENT}/${e.id}`), 404, 'not_found');
    }
    for (const p of ctx.projects.filter((x) => ctx.units.includes(x.unit_id)).slice(0, 5)) {
      assert.equal((await as.handler.get(`${PRJ}/${p.id}`)).status, 200);
    }
  });

  test('handler: filters do not widen the scope', async () => {
    const outsideEnt = ctx.ids.handler.out.enterprise;
    await assertListIs('handler', `${PRJ}?enterprise=${outsideEnt}`, []);
  });

  test('a handler of another unit sees that unit\'s projects', async () => {
    const unit = ctx.projects.find((p) => p.unit_id && !ctx.units.includes(p.unit_id)).unit_id;
    const other = await throwawaySession(srv, 'handler', { unitIds: [unit] });
    const r = await other.get(`${PRJ}?limit=200`);
    assert.equal(r.status, 200, r.text);
    const expected = ctx.projects.filter((p) => p.unit_id === unit).map((p) => p.id);
    assert.deepEqual(r.json.items.map((p) => p.id).sort((a, b) => a - b), expected.sort((a, b) => a - b));
    assert.equal(r.json.total, expected.length);
  });

  test('roles without a scope see every row', async () => {
    // The matrix above added rows: count them now, with the admin token.
    const projects = (await get(srv, `${PRJ}?limit=1`)).total;
    const enterprises = (await get(srv, `${ENT}?limit=1`)).total;
    assert.ok(projects >= ctx.projects.length && enterprises >= ctx.enterprises.length);
    for (const role of ['admin', 'leader', 'officer']) {
      const p = await as[role].get(`${PRJ}?limit=1`);
      assert.equal(p.json.total, projects, `${role} projects total`);
      const e = await as[role].get(`${ENT}?limit=1`);
      assert.equal(e.json.total, enterprises, `${role} enterprises total`);
    }
  });
});
