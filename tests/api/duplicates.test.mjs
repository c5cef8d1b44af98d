// duplicates.test.mjs - duplicate appeals: the flags at intake (same enterprise and category
// within the window, near-identical text from anyone), merge, links and systemic issues.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, startServer } from './lib.mjs';
import { createEnterprise } from './helpers.mjs';
import { createUser, login, sqlOk } from './sessions.mjs';

const AP = '/api/v1/appeals';
const ISSUES = '/api/v1/appeal-issues';
let srv, entA, entB, officer, entUser;
const T1 = '园区东门道路破损严重，大货车无法通行，请尽快组织维修。';

async function create(body, who = null) {
  const r = who ? await who.post(AP, body) : await api(srv, 'POST', AP, body);
  assert.equal(r.status, 201, r.text);
  return r.json;
}

// "YYYY-MM-DD" n days before today in Asia/Shanghai.
function daysAgo(n) {
  const d = new Date(Date.now() + 8 * 3600e3 - n * 86400e3);
  return d.toISOString().slice(0, 10);
}

before(async () => {
  srv = await startServer();
  entA = await createEnterprise(srv);
  entB = await createEnterprise(srv);
  let u = await createUser(srv, 'officer');
  officer = await login(srv, u.username, u.password);
  u = await createUser(srv, 'enterprise', { enterprise_id: entA.id });
  entUser = await login(srv, u.username, u.password);
});
after(async () => { await srv.stop(); });

describe('duplicates', () => {
  let b1, b2, b3;

  test('flags at intake: same enterprise and category, near-identical text', async () => {
    b1 = await create({ enterprise_id: entA.id, category: 'park', text: T1 });
    assert.deepEqual(b1.possible_duplicates, []);
    assert.equal(b1.merged_into, null);
    assert.deepEqual(b1.links, []);
    assert.equal(b1.issue, null);

    b2 = await create({ enterprise_id: entA.id, category: 'park', text: '厂区污水管网尚未接通' }, officer);
    assert.deepEqual(b2.possible_duplicates.map((f) => [f.id, f.reason, f.code]),
      [[b1.id, 'same_enterprise_category', b1.code]]);

    // Another enterprise, another category, the same text but for punctuation and spaces.
    b3 = await create({ enterprise_id: entB.id, category: 'other', text: '园区东门 道路破损严重 大货车无法通行 请尽快组织维修' });
    assert.deepEqual(b3.possible_duplicates.map((f) => [f.id, f.reason, f.similarity]),
      [[b1.id, 'similar_text', 100]]);
    // A different problem in similar words is not flagged.
    const other = await create({ enterprise_id: entB.id, category: 'policy', text: '园区西门路灯损坏，夜间无法通行，请尽快更换。' });
    assert.deepEqual(other.possible_duplicates, []);
  });

  test('the window is 30 days: 30 days back is in, 31 is out', async () => {
    sqlOk(srv, `UPDATE appeal SET submitted_at = '${daysAgo(30)}T09:00:00+08:00' WHERE id = ${b2.id}`);
    let x = await create({ enterprise_id: entA.id, category: 'park', text: '园区内绿化带长期无人养护' });
    assert.ok(x.possible_duplicates.some((f) => f.id === b2.id && f.reason === 'same_enterprise_category'));
    sqlOk(srv, `UPDATE appeal SET submitted_at = '${daysAgo(31)}T23:00:00+08:00' WHERE id = ${b2.id}`);
    x = await create({ enterprise_id: entA.id, category: 'park', text: '园区内绿化带长期无人养护问题' });
    assert.ok(!x.possible_duplicates.some((f) => f.id === b2.id));
    sqlOk(srv, `UPDATE appeal SET submitted_at = '${daysAgo(0)}T08:00:00+08:00' WHERE id = ${b2.id}`);
  });

  test('an enterprise user is shown its own enterprise\'s appeals only', async () => {
    const x = await create({ category: 'other', text: T1 }, entUser);
    const flagged = x.possible_duplicates.map((f) => f.id);
    assert.ok(flagged.includes(b1.id));
    assert.ok(!flagged.includes(b3.id), 'b3 is another enterprise\'s');
  });

  test('merge: the duplicate closes, both timelines say so; illegal merges are 409', async () => {
    let r = await officer.post(`${AP}/${b2.id}/merge`, { into: b1.id });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.state, 'closed');
    assert.deepEqual(r.json.merged_into.id, b1.id);
    r = await api(srv, 'GET', `${AP}/${b1.id}`);
    assert.deepEqual(r.json.merged_from.map((x) => x.id), [b2.id]);
    assert.equal(r.json.events.at(-1).kind, 'merge');
    assert.equal(r.json.events.at(-1).note, `并入 ${b2.code}`);
    r = await api(srv, 'GET', `${AP}/${b2.id}`);
    assert.equal(r.json.events.at(-1).note, `合并至 ${b1.code}`);
    assert.equal(r.json.events.at(-1).to_state, 'closed');

    r = await api(srv, 'POST', `${AP}/${b3.id}/merge`, { into: b2.id });
    assert.equal(r.status, 409);
    assert.equal(r.json.error.code, 'illegal_move');
    assert.match(r.json.error.message, /itself merged/);
    r = await api(srv, 'POST', `${AP}/${b2.id}/merge`, { into: b3.id });
    assert.equal(r.status, 409);
    r = await api(srv, 'POST', `${AP}/${b3.id}/merge`, { into: b3.id });
    assert.equal(r.status, 422);
    r = await api(srv, 'POST', `${AP}/${b3.id}/merge`, {});
    assert.equal(r.status, 422);
    r = await api(srv, 'POST', `${AP}/${b3.id}/merge`, { into: 999999 });
    assert.equal(r.status, 422);
    r = await entUser.post(`${AP}/${b1.id}/merge`, { into: b3.id });
    assert.equal(r.status, 403);
  });

  test('links: add, shown on both, remove', async () => {
    let r = await api(srv, 'POST', `${AP}/${b1.id}/links`, { other_id: b3.id });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.links.map((x) => x.id), [b3.id]);
    r = await api(srv, 'POST', `${AP}/${b3.id}/links`, { other_id: b1.id });
    assert.equal(r.status, 200, 'linking again changes nothing');
    r = await api(srv, 'GET', `${AP}/${b3.id}`);
    assert.deepEqual(r.json.links.map((x) => x.id), [b1.id]);
    assert.equal(r.json.events.filter((e) => e.kind === 'link').length, 1);
    r = await api(srv, 'POST', `${AP}/${b3.id}/links`, { other_id: b3.id });
    assert.equal(r.status, 422);
    r = await api(srv, 'DELETE', `${AP}/${b3.id}/links/${b1.id}`);
    assert.equal(r.status, 204);
    r = await api(srv, 'DELETE', `${AP}/${b3.id}/links/${b1.id}`);
    assert.equal(r.status, 404);
    r = await api(srv, 'GET', `${AP}/${b1.id}`);
    assert.deepEqual(r.json.links, []);
  });

  test('systemic issues: several enterprises, counts of appeals open and closed', async () => {
    let r = await officer.post(ISSUES, { title: '园区东门道路破损', appeal_ids: [b1.id, b3.id] });
    assert.equal(r.status, 201, r.text);
    const issue = r.json;
    assert.deepEqual([issue.appeals, issue.open, issue.closed, issue.enterprises], [2, 2, 0, 2]);
    assert.deepEqual(issue.items.map((x) => x.id), [b1.id, b3.id]);
    r = await api(srv, 'POST', `${ISSUES}/${issue.id}/appeals`, { appeal_id: b2.id });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual([r.json.appeals, r.json.open, r.json.closed, r.json.enterprises], [3, 2, 1, 2]);
    r = await api(srv, 'GET', ISSUES);
    assert.equal(r.status, 200);
    assert.equal(r.json.total, 1);
    assert.deepEqual(r.json.items[0], { id: issue.id, title: '园区东门道路破损', created_at: issue.created_at, appeals: 3, open: 2, closed: 1, enterprises: 2 });
    r = await api(srv, 'GET', `${ISSUES}/${issue.id}`);
    assert.equal(r.json.items.length, 3);
    r = await api(srv, 'GET', `${AP}/${b1.id}`);
    assert.deepEqual(r.json.issue, { id: issue.id, title: '园区东门道路破损' });
    // An appeal belongs to one issue.
    r = await api(srv, 'POST', ISSUES, { title: '另一个问题', appeal_ids: [b1.id] });
    assert.equal(r.status, 422);
    assert.equal(r.json.error.details[0].field, 'appeal_ids[0]');
    r = await api(srv, 'POST', ISSUES, { appeal_ids: [] });
    assert.equal(r.status, 422);
    r = await api(srv, 'GET', `${ISSUES}/99999`);
    assert.equal(r.status, 404);
    r = await api(srv, 'POST', `${ISSUES}/${issue.id}/appeals`, { appeal_id: 999999 });
    assert.equal(r.status, 422);
  });
});
