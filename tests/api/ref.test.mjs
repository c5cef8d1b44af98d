// ref.test.mjs - /api/v1/ref/...: the reference lists (industries, stages, channels, chains,
// regions, units) and the OpenAPI document.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, startServer } from './lib.mjs';
import { PRJ, assertError, createProject } from './helpers.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); });

const REF = '/api/v1/ref';

async function items(path) {
  const r = await api(srv, 'GET', path);
  assert.equal(r.status, 200, `${path}: ${r.text}`);
  assert.deepEqual(Object.keys(r.json), ['items']);
  assert.ok(Array.isArray(r.json.items));
  return r.json.items;
}
const codes = (list) => list.map((x) => x.code);

describe('GET /api/v1/ref/industries', () => {
  test('q=3612 finds 新能源车整车制造 by code prefix', async () => {
    assert.deepEqual(await items(`${REF}/industries?q=3612`),
      [{ code: '3612', name: '新能源车整车制造', section: 'C', level: 4 }]);
  });

  test('q= finds 3612 by a part of its name', async () => {
    for (const q of ['新能源车整车制造', '新能源车', '整车制造']) {
      const list = await items(`${REF}/industries?q=${encodeURIComponent(q)}`);
      assert.ok(list.some((x) => x.code === '3612'), `q=${q}`);
      assert.ok(list.every((x) => x.name.includes(q) || x.code.startsWith(q)), `q=${q} finds only matches`);
    }
  });

  test('q=汽车 finds the automobile industries, every one naming 汽车', async () => {
    const list = await items(`${REF}/industries?q=${encodeURIComponent('汽车')}`);
    for (const code of ['36', '361', '3620', '3670', '5172', '8111']) {
      assert.ok(codes(list).includes(code), `${code} is found`);
    }
    assert.ok(list.every((x) => x.name.includes('汽车')), 'every match names 汽车');
    assert.deepEqual(list.find((x) => x.code === '36'), { code: '36', name: '汽车制造业', section: 'C', level: 2 });
  });

  test('q=36 finds the whole division by code prefix', async () => {
    assert.deepEqual(codes(await items(`${REF}/industries?q=36`)).sort(),
      ['36', '361', '3611', '3612', '3620', '3630', '3640', '3650', '3660', '3670']);
  });

  test('q=C finds the manufacturing section itself', async () => {
    const list = await items(`${REF}/industries?q=C`);
    assert.deepEqual(list.find((x) => x.code === 'C'), { code: 'C', name: '制造业', section: 'C', level: 1 });
  });

  test('no match is an empty list', async () => {
    assert.deepEqual(await items(`${REF}/industries?q=${encodeURIComponent('不存在的行业')}`), []);
  });

  test('lists 50 by default, up to limit, and the whole GB/T 4754-2017 table at most', async () => {
    assert.equal((await items(`${REF}/industries`)).length, 50);
    assert.equal((await items(`${REF}/industries?limit=5`)).length, 5);
    const all = await items(`${REF}/industries?limit=5000`);
    assert.equal(all.length, 1772);
    assert.equal(new Set(codes(all)).size, 1772);
    const sections = all.filter((x) => x.level === 1);
    assert.equal(sections.length, 20);
    assert.deepEqual(codes(sections), [...'ABCDEFGHIJKLMNOPQRST']);
    for (const x of all) {
      assert.match(x.code, /^([A-T]|\d{2,4})$/);
      assert.equal(x.level, x.code.length === 1 ? 1 : x.code.length);
      assert.match(x.section, /^[A-T]$/);
      assert.ok(x.name.length > 0);
    }
  });

  test('answers are cacheable', async () => {
    const r = await api(srv, 'GET', `${REF}/industries?q=3612`);
    assert.match(r.headers.get('cache-control'), /max-age=\d+/);
  });
});

describe('GET /api/v1/ref/stages', () => {
  test('eight stages in order: the main line lead…capacity, then on_hold and dropped', async () => {
    assert.deepEqual(await items(`${REF}/stages`), [
      { code: 'lead', name: '线索', order: 0 },
      { code: 'negotiating', name: '洽谈', order: 1 },
      { code: 'signed', name: '签约', order: 2 },
      { code: 'started', name: '开工', order: 3 },
      { code: 'production', name: '投产', order: 4 },
      { code: 'capacity', name: '达产', order: 5 },
      { code: 'on_hold', name: '搁置', order: null },
      { code: 'dropped', name: '终止', order: null },
    ]);
  });

  test('takes no query parameters', async () => {
    assertError(await api(srv, 'GET', `${REF}/stages?q=lead`), 400, 'bad_parameter', 'q');
  });

  test('answers are cacheable', async () => {
    const r = await api(srv, 'GET', `${REF}/stages`);
    assert.match(r.headers.get('cache-control'), /max-age=\d+/);
  });
});

describe('GET /api/v1/ref/channels and /chains', () => {
  test('channels: the ten 招商方式 in order', async () => {
    const list = await items(`${REF}/channels`);
    assert.deepEqual(codes(list),
      ['leader', 'thinktank', 'chain', 'business', 'resident', 'fund', 'agency', 'expo', 'online', 'other']);
    assert.deepEqual(list.find((x) => x.code === 'chain'), { code: 'chain', name: '产业链招商' });
    assert.deepEqual(list[0], { code: 'leader', name: '一把手招商' });
  });

  test('chains: the ten industry chains in order', async () => {
    const list = await items(`${REF}/chains`);
    assert.deepEqual(codes(list),
      ['nev', 'space', 'robot', 'bigsci', 'energy', 'digital', 'biomed', 'newmat', 'service', 'infra']);
    assert.deepEqual(list[0], { code: 'nev', name: '新能源汽车' });
  });

  test('q= finds by code or by name', async () => {
    assert.deepEqual(await items(`${REF}/chains?q=nev`), [{ code: 'nev', name: '新能源汽车' }]);
    assert.deepEqual(codes(await items(`${REF}/chains?q=${encodeURIComponent('新能源')}`)), ['nev', 'energy']);
    assert.deepEqual(codes(await items(`${REF}/channels?q=${encodeURIComponent('基金')}`)), ['fund']);
    assert.deepEqual(await items(`${REF}/channels?q=nothing`), []);
  });

  test('limit= caps the list', async () => {
    assert.deepEqual(codes(await items(`${REF}/chains?limit=2`)), ['nev', 'space']);
  });
});

describe('GET /api/v1/ref/regions', () => {
  test('the zone and the partner counties 济阳区 and 商河县', async () => {
    const list = await items(`${REF}/regions`);
    assert.deepEqual(list[0], { code: 'zone', name: '济南新旧动能转换起步区', parent: '370100', kind: 'zone' });
    assert.deepEqual(list.find((x) => x.code === '370115'), { code: '370115', name: '济阳区', parent: '370100', kind: 'partner' });
    assert.deepEqual(list.find((x) => x.code === '370126'), { code: '370126', name: '商河县', parent: '370100', kind: 'partner' });
    assert.deepEqual(list.find((x) => x.code === '370100'), { code: '370100', name: '济南市', parent: null, kind: 'city' });
    for (const x of list) assert.ok(['zone', 'city', 'district', 'partner'].includes(x.kind), x.code);
  });

  test('q= finds by code prefix or name', async () => {
    assert.deepEqual(codes(await items(`${REF}/regions?q=37011`)), ['370112', '370115']);
    assert.deepEqual(codes(await items(`${REF}/regions?q=${encodeURIComponent('济阳')}`)), ['370115']);
  });
});

describe('GET /api/v1/ref/units', () => {
  test('departments, task forces and counties with their ids', async () => {
    const list = await items(`${REF}/units`);
    assert.equal(list.length, 13);
    assert.deepEqual(list.map((x) => x.id), Array.from({ length: 13 }, (_, i) => i + 1));
    assert.deepEqual(list.find((x) => x.id === 2), { code: 'invest', name: '投资促进局', id: 2, kind: 'department' });
    assert.deepEqual(list.find((x) => x.id === 11), { code: 'byd-tf', name: '比亚迪项目建设服务专班', id: 11, kind: 'task_force' });
    assert.deepEqual(list.find((x) => x.id === 12), { code: 'jiyang', name: '济阳区', id: 12, kind: 'county' });
    for (const x of list) assert.ok(['department', 'task_force', 'county'].includes(x.kind), x.code);
  });

  test('q= finds by code or name', async () => {
    assert.deepEqual((await items(`${REF}/units?q=invest`)).map((x) => x.id), [2]);
    assert.deepEqual((await items(`${REF}/units?q=${encodeURIComponent('专班')}`)).map((x) => x.id), [11]);
  });
});

describe('reference lists and projects agree', () => {
  test('every chain, channel, region and unit listed is accepted by a project', async () => {
    for (const chain of codes(await items(`${REF}/chains`))) {
      assert.equal((await createProject(srv, { chain })).chain, chain);
    }
    for (const channel of codes(await items(`${REF}/channels`))) {
      assert.equal((await createProject(srv, { channel })).channel, channel);
    }
    for (const location of codes(await items(`${REF}/regions`))) {
      assert.equal((await createProject(srv, { location })).location, location);
    }
    for (const { id } of await items(`${REF}/units`)) {
      assert.equal((await createProject(srv, { unit_id: id })).unit_id, id);
    }
  });

  test('every stage listed filters the project list', async () => {
    for (const stage of codes(await items(`${REF}/stages`))) {
      const r = await api(srv, 'GET', `${PRJ}?stage=${stage}`);
      assert.equal(r.status, 200, `${stage}: ${r.text}`);
    }
  });

  test('an industry found by search is accepted by a project', async () => {
    const [hit] = await items(`${REF}/industries?q=3612`);
    assert.equal((await createProject(srv, { industry_code: hit.code })).industry_code, '3612');
  });
});

describe('bad reference queries', () => {
  test('unknown parameters and bad limits are a 400', async () => {
    for (const list of ['industries', 'channels', 'chains', 'regions', 'units']) {
      assertError(await api(srv, 'GET', `${REF}/${list}?code=1`), 400, 'bad_parameter', 'code');
      assertError(await api(srv, 'GET', `${REF}/${list}?limit=0`), 400, 'bad_parameter', 'limit');
      assertError(await api(srv, 'GET', `${REF}/${list}?limit=x`), 400, 'bad_parameter', 'limit');
    }
  });
});

describe('GET /api/v1/openapi.json', () => {
  test('serves the OpenAPI document as cacheable JSON', async () => {
    const r = await api(srv, 'GET', '/api/v1/openapi.json');
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^application\/json/);
    assert.match(r.headers.get('cache-control'), /max-age=\d+/);
    assert.ok(r.json && typeof r.json === 'object', 'valid JSON');
    assert.match(r.json.openapi, /^3\./);
    assert.equal(typeof r.json.paths, 'object');
  });
});
