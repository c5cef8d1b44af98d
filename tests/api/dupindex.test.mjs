// dupindex.test.mjs - the similar_text flag through the prefix index (sql/018) over HTTP:
// a near-identical appeal is flagged while open and no longer once declined or merged.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, startServer } from './lib.mjs';
import { createEnterprise } from './helpers.mjs';

const AP = '/api/v1/appeals';
const T = '开发区北区雨污管网错接，雨天污水外溢到厂区门口，请协调排查整改。';
let srv, entA, entB;

async function create(body) {
  const r = await api(srv, 'POST', AP, body);
  assert.equal(r.status, 201, r.text);
  return r.json;
}

const flagged = (a) => a.possible_duplicates.map((f) => [f.id, f.reason, f.similarity]);

before(async () => {
  srv = await startServer();
  entA = await createEnterprise(srv);
  entB = await createEnterprise(srv);
});
after(async () => { await srv.stop(); });

describe('similar_text through the index', () => {
  test('flagged while open, not once declined or merged', async () => {
    const a1 = await create({ enterprise_id: entA.id, category: 'park', text: T });
    // Same words, other punctuation, the last character changed (改 → 治): of 29 distinct
    // bigrams in the two texts 27 are shared, 27/29 = 93%.
    const a2 = await create({ enterprise_id: entB.id, category: 'other',
      text: '开发区北区雨污管网错接 雨天污水外溢到厂区门口 请协调排查整治' });
    assert.deepEqual(flagged(a2), [[a1.id, 'similar_text', 93]]);

    const d = await api(srv, 'POST', `${AP}/${a1.id}/actions`,
      { action: 'decline', reason: '重复提交' }, { 'If-Match': `"${a1.version}"` });
    assert.equal(d.status, 200, d.text);
    const a3 = await create({ enterprise_id: entB.id, category: 'policy', text: T });
    assert.deepEqual(flagged(a3), [[a2.id, 'similar_text', 93]]);

    const m = await api(srv, 'POST', `${AP}/${a2.id}/merge`, { into: a3.id });
    assert.equal(m.status, 200, m.text);
    const a4 = await create({ enterprise_id: entA.id, category: 'talent', text: T });
    assert.deepEqual(flagged(a4), [[a3.id, 'similar_text', 100]]);
  });
});
