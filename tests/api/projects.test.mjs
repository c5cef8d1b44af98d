// projects.test.mjs - /api/v1/projects: create, codes, stage requirements, references,
// dates, get, list filters and sorts, PATCH with versions.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, startServer } from './lib.mjs';
import {
  PRJ, assertError, assertInvalid, createEnterprise, createProject, get, patch,
  refusedWithoutChange, shanghaiYear, signedIn, uniqueName, yi,
} from './helpers.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); });

const post = (body) => api(srv, 'POST', PRJ, body);
const CODE = /^QH-(\d{4})-(\d{4})$/;

// POST that must fail with a 422 naming fields, leaving every record as it was.
async function refusedCreate(body, fields) {
  const r = await refusedWithoutChange(srv, () => post({ name: uniqueName('被拒项目'), ...body }));
  return assertInvalid(r, fields);
}

describe('POST /api/v1/projects', () => {
  test('a name alone makes a lead in the zone: 201 with Location, ETag and defaults', async () => {
    const r = await post({ name: '某新能源汽车配套项目' });
    assert.equal(r.status, 201, r.text);
    const p = r.json;
    assert.equal(r.headers.get('location'), `/api/v1/projects/${p.id}`);
    assert.equal(r.headers.get('etag'), '"1"');
    assert.equal(p.name, '某新能源汽车配套项目');
    assert.equal(p.stage, 'lead');
    assert.equal(p.stage_name, '线索');
    assert.equal(p.location, 'zone');
    assert.equal(p.version, 1);
    assert.deepEqual(p.enterprise_ids, []);
    for (const f of ['industry_code', 'chain', 'channel', 'total_investment', 'total_investment_yi', 'signed_on',
      'started_on', 'production_on', 'phase_parent_id', 'phase', 'chain_anchor_id', 'leader', 'unit_id']) {
      assert.equal(p[f], null, `${f} defaults to null`);
    }
    assert.equal(p.industrial, false);
    assert.equal(p.key_project, false);
    assert.match(p.code, CODE);
    assert.equal(Number(p.code.match(CODE)[1]), shanghaiYear(), 'unsigned: numbered in the current year');
    assert.deepEqual(await get(srv, r.headers.get('location')), p);
  });

  test('every field is stored and returned', async () => {
    const ent = await createEnterprise(srv);
    const ent2 = await createEnterprise(srv);
    const parent = await createProject(srv);
    const anchor = await createProject(srv);
    const body = {
      name: '比亚迪新能源整车二期',
      enterprise_ids: [ent2.id, ent.id],
      industry_code: '3612',
      chain: 'nev',
      channel: 'chain',
      stage: 'production',
      total_investment: 1500000,
      location: '370115',
      signed_on: '2022-03-18',
      started_on: '2022-05-01',
      production_on: '2023-06-30',
      phase_parent_id: parent.id,
      phase: '二期',
      chain_anchor_id: anchor.id,
      industrial: true,
      key_project: true,
      leader: '王副主任',
      unit_id: 11,
    };
    const r = await post(body);
    assert.equal(r.status, 201, r.text);
    for (const [k, v] of Object.entries(body)) assert.deepEqual(r.json[k], v, k);
    assert.equal(r.json.stage_name, '投产');
    assert.equal(r.json.total_investment_yi, '150');
    assert.match(r.json.code, /^QH-2022-\d{4}$/);
  });

  test('the code is QH-<signing year>-NNNN, numbered per year', async () => {
    const a = await createProject(srv, signedIn(2019, 100));
    const b = await createProject(srv, signedIn(2019, 100));
    const c = await createProject(srv, signedIn(2018, 100));
    assert.equal(a.code, 'QH-2019-0001');
    assert.equal(b.code, 'QH-2019-0002');
    assert.equal(c.code, 'QH-2018-0001');
    const dropped = await createProject(srv, { stage: 'dropped', signed_on: '2017-01-05' });
    assert.equal(dropped.code, 'QH-2017-0001', 'a signing date gives the year at any stage');
  });

  test('the code does not change when the signing date does', async () => {
    const p = await createProject(srv, signedIn(2016, 100));
    let r = await api(srv, 'POST', `${PRJ}/${p.id}/stage`,
      { to: 'negotiating', effective_on: '2020-01-01', reason: '合同重签', version: 1 });
    assert.equal(r.status, 200, r.text);
    r = await api(srv, 'POST', `${PRJ}/${p.id}/stage`,
      { to: 'signed', effective_on: '2021-01-01', signed_amount: 100, version: 2 });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.project.signed_on, '2021-01-01');
    assert.equal(r.json.project.code, p.code);
  });

  test('total_investment_yi is the exact 亿元 text of the 万元 amount', async () => {
    for (const wan of [0, 12, 15000, 10000, 1234567, 4000000]) {
      const p = await createProject(srv, { total_investment: wan });
      assert.equal(p.total_investment, wan);
      assert.equal(p.total_investment_yi, yi(wan), `${wan} 万元`);
    }
  });

  test('a negative investment is refused', async () => {
    await refusedCreate({ total_investment: -1 }, { total_investment: 'invalid' });
  });

  test('name is required, not blank, at most 100 characters', async () => {
    const r = await refusedWithoutChange(srv, () => post({ stage: 'lead' }));
    assertInvalid(r, { name: 'required' });
    await refusedCreate({ name: '' }, ['name']);
    await refusedCreate({ name: '\u3000 ' }, { name: 'required' });
    await refusedCreate({ name: null }, { name: 'required' });
    await refusedCreate({ name: '项'.repeat(101) }, { name: 'too_long' });
  });

  test('phase, leader and enterprise_ids have limits', async () => {
    await refusedCreate({ phase: '期'.repeat(21) }, { phase: 'too_long' });
    await refusedCreate({ leader: '领'.repeat(51) }, { leader: 'too_long' });
    const ents = [];
    for (let i = 0; i < 21; i++) ents.push((await createEnterprise(srv)).id);
    await refusedCreate({ enterprise_ids: ents }, { enterprise_ids: 'too_many' });
    const p = await createProject(srv, { enterprise_ids: ents.slice(0, 20) });
    assert.deepEqual(p.enterprise_ids, ents.slice(0, 20), 'kept in the order given');
  });

  test('an enterprise named twice is refused', async () => {
    const e = await createEnterprise(srv);
    await refusedCreate({ enterprise_ids: [e.id, e.id] }, { enterprise_ids: 'duplicate' });
  });

  test('a null location is refused', async () => {
    await refusedCreate({ location: null }, { location: 'required' });
  });

  test('an empty location is refused with 422, not a 500', async () => {
    await refusedCreate({ location: '' }, ['location']);
  });
});

describe('stage requirements', () => {
  test('signed without signed_on and total_investment lists BOTH fields', async () => {
    const e = await refusedCreate({ stage: 'signed' }, { signed_on: 'required', total_investment: 'required' });
    assert.deepEqual(e.details.map((d) => d.field).sort(), ['signed_on', 'total_investment']);
  });

  test('signed with only one of them names the other', async () => {
    await refusedCreate({ stage: 'signed', signed_on: '2023-01-01' }, { total_investment: 'required' });
    await refusedCreate({ stage: 'signed', total_investment: 100 }, { signed_on: 'required' });
  });

  test('each later stage needs what every earlier one needed', async () => {
    const cases = {
      started: ['signed_on', 'total_investment', 'started_on'],
      production: ['signed_on', 'total_investment', 'started_on', 'production_on'],
      capacity: ['signed_on', 'total_investment', 'started_on', 'production_on', 'capacity_on'],
    };
    for (const [stage, fields] of Object.entries(cases)) {
      const e = await refusedCreate({ stage }, fields);
      assert.deepEqual(e.details.map((d) => d.field).sort(), [...fields].sort(), stage);
    }
    const full = { signed_on: '2023-01-01', total_investment: 1, started_on: '2023-02-01', production_on: '2023-12-01' };
    const dates = { started: ['signed_on', 'started_on'], production: ['signed_on', 'started_on', 'production_on'] };
    for (const stage of Object.keys(cases)) {
      const mine = stage === 'capacity' ? { ...full, capacity_on: '2024-03-01' }
        : Object.fromEntries(Object.entries(full).filter(([k]) => k === 'total_investment' || dates[stage].includes(k)));
      const p = await createProject(srv, { stage, ...mine });
      assert.equal(p.stage, stage);
    }
  });

  test('lead, negotiating, on_hold and dropped need nothing', async () => {
    for (const stage of ['lead', 'negotiating', 'on_hold', 'dropped']) {
      const p = await createProject(srv, { stage });
      assert.equal(p.stage, stage);
    }
  });

  test('stage names come with the stage', async () => {
    const names = { lead: '线索', negotiating: '洽谈', on_hold: '搁置', dropped: '终止' };
    for (const [stage, name] of Object.entries(names)) {
      assert.equal((await createProject(srv, { stage })).stage_name, name);
    }
  });

  test('an unknown or null stage is refused naming stage', async () => {
    await refusedCreate({ stage: 'approved' }, { stage: 'invalid' });
    await refusedCreate({ stage: 'Signed' }, { stage: 'invalid' });
    await refusedCreate({ stage: '签约' }, { stage: 'invalid' });
    await refusedCreate({ stage: null }, { stage: 'required' });
  });

  test('an empty stage is refused, not silently taken as lead', async () => {
    await refusedCreate({ stage: '' }, ['stage']);
  });

  test('production_on must not be before started_on', async () => {
    await refusedCreate({ started_on: '2023-05-02', production_on: '2023-05-01' }, { production_on: 'invalid' });
    const same = await createProject(srv, { stage: 'production', signed_on: '2023-05-01', total_investment: 1, started_on: '2023-05-02', production_on: '2023-05-02' });
    assert.equal(same.production_on, '2023-05-02');
  });
});

describe('dates', () => {
  test('impossible or non-ISO dates are refused naming the field', async () => {
    await refusedCreate({ signed_on: '2023-02-30' }, { signed_on: 'invalid' });
    await refusedCreate({ signed_on: '2023/02/03' }, { signed_on: 'invalid' });
    await refusedCreate({ started_on: '2023-2-3' }, { started_on: 'invalid' });
    await refusedCreate({ production_on: '2023-13-01' }, { production_on: 'invalid' });
    await refusedCreate({ signed_on: '2023-02-03T00:00:00' }, { signed_on: 'invalid' });
    await refusedCreate({ signed_on: '2023-04-31' }, { signed_on: 'invalid' });
    await refusedCreate({ signed_on: '2100-02-29' }, { signed_on: 'invalid' });
    await refusedCreate({ signed_on: '20230203' }, { signed_on: 'invalid' });
    await refusedCreate({ signed_on: 20230203 }, { signed_on: 'type' });
  });

  test('every bad date is reported at once', async () => {
    await refusedCreate({ signed_on: '2023-02-30', started_on: '2023/02/03', production_on: 'soon' },
      ['signed_on', 'started_on', 'production_on']);
  });

  test('leap days are valid dates', async () => {
    const p = await createProject(srv, signedIn(2024, 100, { signed_on: '2024-02-29' }));
    assert.equal(p.signed_on, '2024-02-29');
    const q = await createProject(srv, { stage: 'started', signed_on: '2000-01-01', total_investment: 1, started_on: '2000-02-29' });
    assert.equal(q.started_on, '2000-02-29');
  });
});

describe('references', () => {
  test('every dangling reference is named, all at once', async () => {
    const e = await refusedCreate({
      enterprise_ids: [987654],
      industry_code: '9999',
      chain: 'no-such-chain',
      channel: 'no-such-channel',
      location: '110101',
      unit_id: 999,
      phase_parent_id: 987654,
      chain_anchor_id: 987655,
    }, {
      'enterprise_ids[0]': 'unknown', industry_code: 'unknown', chain: 'unknown', channel: 'unknown',
      location: 'unknown', unit_id: 'unknown', phase_parent_id: 'unknown', chain_anchor_id: 'unknown',
    });
    assert.equal(e.details.length, 8);
  });

  for (const [field, value] of [
    ['enterprise_ids', [987654]], ['chain', 'rockets'], ['channel', 'lottery'], ['location', '370199'],
    ['unit_id', 99], ['phase_parent_id', 987654], ['chain_anchor_id', 987654], ['industry_code', '3699'],
  ]) {
    test(`a dangling ${field} alone is refused naming it`, async () => {
      const name = field === 'enterprise_ids' ? 'enterprise_ids[0]' : field;
      const e = await refusedCreate({ [field]: value }, { [name]: 'unknown' });
      assert.equal(e.field, name);
    });
  }

  test('the second of two enterprise ids is named by its index', async () => {
    const ent = await createEnterprise(srv);
    await refusedCreate({ enterprise_ids: [ent.id, 987654] }, { 'enterprise_ids[1]': 'unknown' });
  });

  test('ids must be positive integers', async () => {
    await refusedCreate({ unit_id: 0 }, { unit_id: 'type' });
    await refusedCreate({ phase_parent_id: -1 }, { phase_parent_id: 'type' });
    await refusedCreate({ chain_anchor_id: '1' }, { chain_anchor_id: 'type' });
    await refusedCreate({ enterprise_ids: [0] }, { 'enterprise_ids[0]': 'type' });
    await refusedCreate({ enterprise_ids: ['1'] }, { 'enterprise_ids[0]': 'type' });
    await refusedCreate({ enterprise_ids: 1 }, { enterprise_ids: 'type' });
  });

  test('a project cannot be its own phase parent or chain anchor', async () => {
    const p = await createProject(srv);
    let r = await refusedWithoutChange(srv, () => patch(srv, `${PRJ}/${p.id}`, { phase_parent_id: p.id }, 1));
    assertInvalid(r, { phase_parent_id: 'invalid' });
    r = await refusedWithoutChange(srv, () => patch(srv, `${PRJ}/${p.id}`, { chain_anchor_id: p.id }, 1));
    assertInvalid(r, { chain_anchor_id: 'invalid' });
  });
});

describe('GET /api/v1/projects/{id}', () => {
  test('returns the project with its version as ETag', async () => {
    const p = await createProject(srv, signedIn(2023, 5000, { chain: 'robot' }));
    const r = await api(srv, 'GET', `${PRJ}/${p.id}`);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('etag'), '"1"');
    assert.deepEqual(r.json, p);
  });

  test('an unknown id is 404', async () => {
    assertError(await api(srv, 'GET', `${PRJ}/987654`), 404, 'not_found');
  });
});

describe('GET /api/v1/projects (list)', () => {
  const MARK = 'LF-';
  let p; // A, B, C, D by letter
  let e1;
  let e2;
  before(async () => {
    e1 = await createEnterprise(srv);
    e2 = await createEnterprise(srv);
    p = {};
    p.A = await createProject(srv, signedIn(2022, 1000, {
      name: `${MARK}甲`, chain: 'nev', channel: 'leader', enterprise_ids: [e1.id], industrial: true,
    }));
    p.B = await createProject(srv, {
      name: `${MARK}乙`, stage: 'started', signed_on: '2023-03-01', total_investment: 5000, started_on: '2023-09-01',
      chain: 'robot', channel: 'chain', location: '370115', enterprise_ids: [e1.id, e2.id], industrial: false,
    });
    p.C = await createProject(srv, { name: `${MARK}丙`, chain: 'nev', channel: 'expo', industrial: true });
    p.D = await createProject(srv, {
      name: `${MARK}丁`, stage: 'negotiating', chain: 'space', channel: 'leader', location: '370126',
      enterprise_ids: [e2.id],
    });
  });

  async function list(query) {
    const r = await api(srv, 'GET', `${PRJ}?${query}`);
    assert.equal(r.status, 200, r.text);
    return r.json;
  }
  // The letters of the marked projects a query returns, in order.
  async function letters(query) {
    const page = await list(`q=${encodeURIComponent(MARK)}&${query}`);
    const ids = Object.fromEntries(Object.entries(p).map(([k, v]) => [v.id, k]));
    assert.equal(page.total, page.items.length, 'one page holds them all');
    return page.items.map((x) => ids[x.id]).join('');
  }

  test('q= matches a name substring', async () => {
    assert.equal(await letters(''), 'ABCD');
    const one = await list(`q=${encodeURIComponent('LF-乙')}`);
    assert.deepEqual(one.items.map((x) => x.id), [p.B.id]);
    assert.equal((await list(`q=${encodeURIComponent('乙')}`)).items.some((x) => x.id === p.B.id), true);
    assert.equal((await list(`q=${encodeURIComponent('没有这个项目')}`)).total, 0);
  });

  test('stage= filters by stage', async () => {
    assert.equal(await letters('stage=signed'), 'A');
    assert.equal(await letters('stage=started'), 'B');
    assert.equal(await letters('stage=lead'), 'C');
    assert.equal(await letters('stage=negotiating'), 'D');
    assert.equal(await letters('stage=dropped'), '');
  });

  test('chain= and channel= filter by code', async () => {
    assert.equal(await letters('chain=nev'), 'AC');
    assert.equal(await letters('chain=robot'), 'B');
    assert.equal(await letters('chain=biomed'), '');
    assert.equal(await letters('channel=leader'), 'AD');
    assert.equal(await letters('channel=chain'), 'B');
  });

  test('location= filters by place', async () => {
    assert.equal(await letters('location=zone'), 'AC');
    assert.equal(await letters('location=370115'), 'B');
    assert.equal(await letters('location=370126'), 'D');
  });

  test('enterprise= lists the projects that name an enterprise', async () => {
    const one = await list(`enterprise=${e1.id}`);
    assert.deepEqual(one.items.map((x) => x.id), [p.A.id, p.B.id]);
    assert.equal(one.total, 2);
    const two = await list(`enterprise=${e2.id}`);
    assert.deepEqual(two.items.map((x) => x.id), [p.B.id, p.D.id]);
    assert.equal((await list('enterprise=987654')).total, 0);
  });

  test('signed_year= filters by year of signing', async () => {
    assert.equal(await letters('signed_year=2022'), 'A');
    assert.equal(await letters('signed_year=2023'), 'B');
    assert.equal(await letters('signed_year=2021'), '');
  });

  test('industrial= takes true/false and 1/0', async () => {
    assert.equal(await letters('industrial=true'), 'AC');
    assert.equal(await letters('industrial=1'), 'AC');
    assert.equal(await letters('industrial=false'), 'BD');
    assert.equal(await letters('industrial=0'), 'BD');
  });

  test('filters combine', async () => {
    assert.equal(await letters('chain=nev&industrial=true&stage=lead'), 'C');
    assert.equal(await letters('channel=leader&location=zone'), 'A');
    assert.equal(await letters(`enterprise=${e2.id}&signed_year=2023`), 'B');
  });

  test('sort= orders the list', async () => {
    assert.equal(await letters('sort=id'), 'ABCD');
    assert.equal(await letters('sort=-id'), 'DCBA');
    assert.equal(await letters('sort=name'), 'DCBA', '丁 < 丙 < 乙 < 甲 in code point order');
    assert.equal(await letters('sort=-signed_on'), 'BADC', 'unsigned last, newest id first');
    assert.equal(await letters('sort=-total_investment'), 'BACD', 'no amount last, by id');
  });

  test('pages by limit and offset with total', async () => {
    const q = `q=${encodeURIComponent(MARK)}`;
    const page = await list(`${q}&limit=2&offset=1`);
    assert.equal(page.total, 4);
    assert.equal(page.limit, 2);
    assert.equal(page.offset, 1);
    assert.deepEqual(page.items.map((x) => x.id), [p.B.id, p.C.id]);
    const last = await list(`${q}&limit=3&offset=3&sort=-id`);
    assert.deepEqual(last.items.map((x) => x.id), [p.A.id]);
    const none = await list(`${q}&offset=4`);
    assert.deepEqual(none.items, []);
    assert.equal(none.total, 4);
    const dflt = await list(q);
    assert.equal(dflt.limit, 20);
    assert.equal(dflt.offset, 0);
  });

  test('items are full records', async () => {
    const page = await list(`q=${encodeURIComponent('LF-乙')}`);
    // Lists leave out what only one record shows: its phases and their rollup.
    const { phases, rollup, ...record } = p.B;
    assert.deepEqual([phases, rollup], [[], null]);
    assert.deepEqual(page.items, [record]);
  });

  test('bad filter values are a 400 naming the parameter', async () => {
    for (const [query, field] of [
      ['stage=approved', 'stage'], ['signed_year=abc', 'signed_year'], ['signed_year=23', 'signed_year'],
      ['industrial=yes', 'industrial'], ['enterprise=0', 'enterprise'], ['enterprise=x', 'enterprise'],
      ['sort=-name', 'sort'], ['limit=0', 'limit'], ['offset=-1', 'offset'],
    ]) {
      assertError(await api(srv, 'GET', `${PRJ}?${query}`), 400, 'bad_parameter', field);
    }
  });
});

describe('PATCH /api/v1/projects/{id}', () => {
  test('with If-Match: 200, the change, version 2, ETag "2", other fields kept', async () => {
    const p = await createProject(srv, { chain: 'nev', leader: '张主任' });
    const r = await patch(srv, `${PRJ}/${p.id}`, { leader: '李主任' }, 1);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.headers.get('etag'), '"2"');
    assert.equal(r.json.version, 2);
    assert.equal(r.json.leader, '李主任');
    assert.equal(r.json.chain, 'nev');
    assert.equal(r.json.code, p.code);
    assert.equal(r.json.created_at, p.created_at);
    assert.deepEqual(await get(srv, `${PRJ}/${p.id}`), r.json);
  });

  test('with "version" in the body', async () => {
    const p = await createProject(srv);
    const r = await api(srv, 'PATCH', `${PRJ}/${p.id}`, { version: 1, leader: '王主任' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.leader, '王主任');
    assert.equal(r.json.version, 2);
  });

  test('a PATCH changing the stage or its dates is refused (409): the ledger moves stages', async () => {
    const p = await createProject(srv, { stage: 'negotiating' });
    const r = await refusedWithoutChange(srv, () => patch(srv, `${PRJ}/${p.id}`,
      { stage: 'signed', signed_on: '2024-08-08', total_investment: 30000 }, 1));
    const e = assertError(r, 409, 'use_stage_move', 'stage');
    assert.deepEqual(e.details.map((d) => d.field), ['stage', 'signed_on']);
    const same = await patch(srv, `${PRJ}/${p.id}`, { stage: 'negotiating', signed_on: null, total_investment: 30000 }, 1);
    assert.equal(same.status, 200, 'the stage and dates it has are accepted unchanged');
    assert.equal(same.json.total_investment_yi, '3');
  });

  test('clearing what the stage needs is refused', async () => {
    const p = await createProject(srv, signedIn(2023, 800));
    let r = await refusedWithoutChange(srv, () => patch(srv, `${PRJ}/${p.id}`, { total_investment: null }, 1));
    assertInvalid(r, { total_investment: 'required' });
    r = await refusedWithoutChange(srv, () => patch(srv, `${PRJ}/${p.id}`, { signed_on: null }, 1));
    assertError(r, 409, 'use_stage_move', 'signed_on');
  });

  test('a stale version is a 409 and the project is unchanged', async () => {
    const p = await createProject(srv, { leader: '原领导' });
    assert.equal((await patch(srv, `${PRJ}/${p.id}`, { leader: '新领导' }, 1)).status, 200);
    let r = await refusedWithoutChange(srv, () => patch(srv, `${PRJ}/${p.id}`, { leader: '过期' }, 1));
    assertError(r, 409, 'version_conflict', 'version');
    r = await refusedWithoutChange(srv, () => api(srv, 'PATCH', `${PRJ}/${p.id}`, { version: 1, leader: '过期' }));
    assertError(r, 409, 'version_conflict', 'version');
    const now = await get(srv, `${PRJ}/${p.id}`);
    assert.equal(now.leader, '新领导');
    assert.equal(now.version, 2);
  });

  test('without a version: 428 and the project is unchanged', async () => {
    const p = await createProject(srv);
    const r = await refusedWithoutChange(srv, () => api(srv, 'PATCH', `${PRJ}/${p.id}`, { leader: 'x' }));
    assertError(r, 428, 'version_required', 'version');
  });

  test('invalid dates are refused and the project is unchanged', async () => {
    const p = await createProject(srv, { stage: 'started', signed_on: '2022-12-01', total_investment: 1, started_on: '2023-01-01' });
    for (const started_on of ['2023-02-30', '2023/02/03']) {
      const r = await refusedWithoutChange(srv, () => patch(srv, `${PRJ}/${p.id}`, { started_on }, 1));
      assertError(r, 409, 'use_stage_move', 'started_on');
    }
  });

  test('dangling references are refused and the project is unchanged', async () => {
    const p = await createProject(srv);
    const r = await refusedWithoutChange(srv, () => patch(srv, `${PRJ}/${p.id}`,
      { chain: 'x', unit_id: 99, enterprise_ids: [987654] }, 1));
    assertInvalid(r, ['chain', 'unit_id', 'enterprise_ids[0]']);
  });

  test('an empty location is refused, not a server error', async () => {
    const p = await createProject(srv);
    const r = await refusedWithoutChange(srv, () => patch(srv, `${PRJ}/${p.id}`, { location: '' }, 1));
    assertInvalid(r, ['location']);
  });

  test('enterprise_ids are replaced whole; null empties them', async () => {
    const [a, b, c] = [await createEnterprise(srv), await createEnterprise(srv), await createEnterprise(srv)];
    const p = await createProject(srv, { enterprise_ids: [a.id, b.id] });
    let r = await patch(srv, `${PRJ}/${p.id}`, { enterprise_ids: [c.id, a.id] }, 1);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.enterprise_ids, [c.id, a.id]);
    assert.equal((await get(srv, `/api/v1/enterprises/${b.id}`)).project_count, 0);
    r = await patch(srv, `${PRJ}/${p.id}`, { enterprise_ids: null }, 2);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.enterprise_ids, []);
  });

  test('read-only fields are refused', async () => {
    const p = await createProject(srv);
    for (const field of ['id', 'code', 'created_at', 'updated_at', 'stage_name', 'total_investment_yi']) {
      const r = await refusedWithoutChange(srv, () => patch(srv, `${PRJ}/${p.id}`, { [field]: 'x' }, 1));
      assertInvalid(r, { [field]: 'read_only' });
    }
  });

  test('an unknown id is 404', async () => {
    assertError(await refusedWithoutChange(srv, () => patch(srv, `${PRJ}/987654`, { leader: 'x' }, 1)), 404, 'not_found');
  });
});
