// enterprises.test.mjs - /api/v1/enterprises: create, credit codes, validation, get, list,
// PATCH with versions, DELETE.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { api, startServer } from './lib.mjs';
import {
  ENT, PRJ, assertError, assertInvalid, createEnterprise, createProject, creditCode, get,
  nextCreditCode, patch, refusedWithoutChange, uniqueName, withWrongCheck,
} from './helpers.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); });

const post = (body) => api(srv, 'POST', ENT, body);
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/;

// POST that must fail with a 422 naming fields, leaving every record as it was.
async function refusedCreate(body, fields) {
  const r = await refusedWithoutChange(srv, () => post(body));
  return assertInvalid(r, fields);
}

describe('POST /api/v1/enterprises', () => {
  test('creates an enterprise: 201 with Location, ETag and every field', async () => {
    const code = nextCreditCode();
    const body = {
      name: '比亚迪汽车工业（济南）有限公司',
      credit_code: code,
      industry_code: '3612',
      address: '济南新旧动能转换起步区崔寨街道',
      tags: ['新能源汽车', '链主企业'],
      contacts: [
        { name: '张伟', title: '总经理', phone: '+86 (531) 8888-0000', email: 'zhang.wei@example.com' },
        { name: '李娜' },
      ],
    };
    const r = await post(body);
    assert.equal(r.status, 201, r.text);
    const e = r.json;
    assert.ok(Number.isInteger(e.id) && e.id > 0);
    assert.equal(r.headers.get('location'), `/api/v1/enterprises/${e.id}`);
    assert.equal(r.headers.get('etag'), '"1"');
    assert.match(r.headers.get('content-type'), /^application\/json/);
    assert.equal(e.name, body.name);
    assert.equal(e.credit_code, code);
    assert.equal(e.industry_code, '3612');
    assert.equal(e.address, body.address);
    assert.deepEqual(e.tags, body.tags);
    assert.deepEqual(e.contacts, [
      body.contacts[0],
      { name: '李娜', title: null, phone: null, email: null },
    ]);
    assert.equal(e.project_count, 0);
    assert.equal(e.version, 1);
    assert.match(e.created_at, TIMESTAMP);
    assert.equal(e.updated_at, e.created_at);
    assert.equal('warnings' in e, false, 'a valid code gives no warnings');

    const again = await api(srv, 'GET', r.headers.get('location'));
    assert.equal(again.status, 200);
    assert.deepEqual(again.json, e);
  });

  test('a name alone is enough; optional fields come back null or empty', async () => {
    const r = await post({ name: '济南某科技有限公司' });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.credit_code, null);
    assert.equal(r.json.industry_code, null);
    assert.equal(r.json.address, null);
    assert.deepEqual(r.json.tags, []);
    assert.deepEqual(r.json.contacts, []);
  });

  test('name is required, must not be blank or null, and at most 100 characters', async () => {
    await refusedCreate({ address: '无名' }, { name: 'required' });
    await refusedCreate({ name: '' }, ['name']);
    await refusedCreate({ name: ' \t\u3000 ' }, { name: 'required' });
    await refusedCreate({ name: null }, { name: 'required' });
    await refusedCreate({ name: '企'.repeat(101) }, { name: 'too_long' });
    const r = await post({ name: '企'.repeat(100) });
    assert.equal(r.status, 201, '100 characters (300 bytes) are allowed');
  });

  test('address is at most 200 characters', async () => {
    await refusedCreate({ name: uniqueName('地址'), address: '路'.repeat(201) }, { address: 'too_long' });
  });

  test('version cannot be set on create', async () => {
    await refusedCreate({ name: uniqueName('版本'), version: 1 }, { version: 'read_only' });
  });
});

describe('credit codes', () => {
  test('a valid code is accepted without warnings', async () => {
    const code = creditCode('91370100MA3C5YLX');
    assert.equal(code, '91370100MA3C5YLX73');
    const r = await post({ name: uniqueName('信用码'), credit_code: code });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.credit_code, code);
    assert.equal(r.json.warnings, undefined);
  });

  test('a wrong check character (18th) is accepted with a warning on credit_code', async () => {
    const code = withWrongCheck(nextCreditCode());
    const r = await post({ name: uniqueName('试点码'), credit_code: code });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.credit_code, code);
    assert.ok(Array.isArray(r.json.warnings), `expected warnings: ${r.text}`);
    const w = r.json.warnings.find((x) => x.field === 'credit_code');
    assert.ok(w, 'a warning names credit_code');
    assert.equal(w.code, 'check_failed');
    assert.equal(typeof w.message, 'string');
    const stored = await get(srv, `${ENT}/${r.json.id}`);
    assert.equal(stored.credit_code, code);
    assert.equal(stored.warnings, undefined, 'warnings belong to the write, not the record');
  });

  test('a wrong organisation-code check character (17th) is accepted with a warning', async () => {
    const good = nextCreditCode();
    const wrong17 = good.slice(0, 16) + (good[16] === '1' ? '2' : '1');
    // Recompute the 18th so that only the embedded organisation code is wrong.
    const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    let sum = 0; let w = 1;
    for (const c of wrong17) { sum = (sum + alphabet.indexOf(c) * w) % 31; w = (w * 3) % 31; }
    const code = wrong17 + alphabet[(31 - sum) % 31];
    const r = await post({ name: uniqueName('组织码'), credit_code: code });
    assert.equal(r.status, 201, r.text);
    assert.ok(r.json.warnings?.some((x) => x.field === 'credit_code'), r.text);
  });

  test('lower-case input is stored upper-cased', async () => {
    const code = creditCode('91370100MA3BQ7W3');
    assert.match(code, /[A-Z]/);
    const r = await post({ name: uniqueName('小写'), credit_code: code.toLowerCase() });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.credit_code, code);
    assert.equal(r.json.warnings, undefined, 'upper-cased, the code is valid');
  });

  test('a code of the wrong length is refused naming credit_code', async () => {
    const code = nextCreditCode();
    for (const bad of [code.slice(0, 17), code + '1', 'X']) {
      await refusedCreate({ name: uniqueName('长度'), credit_code: bad }, { credit_code: 'invalid' });
    }
  });

  for (const letter of ['I', 'O', 'S', 'V', 'Z']) {
    test(`the letter ${letter} is refused naming credit_code`, async () => {
      const code = nextCreditCode();
      const bad = code.slice(0, 10) + letter + code.slice(11);
      await refusedCreate({ name: uniqueName('字母'), credit_code: bad }, { credit_code: 'invalid' });
    });
  }

  test('a forbidden letter typed in lower case is still refused', async () => {
    const code = nextCreditCode();
    await refusedCreate({ name: uniqueName('小写字母'), credit_code: code.slice(0, 10) + 'i' + code.slice(11) },
      { credit_code: 'invalid' });
  });

  test('punctuation, spaces and full-width characters are refused', async () => {
    const code = nextCreditCode();
    for (const bad of [code.slice(0, 17) + '-', ' ' + code.slice(1), code.slice(0, 17) + '１']) {
      await refusedCreate({ name: uniqueName('符号'), credit_code: bad }, ['credit_code']);
    }
  });

  test('a credit code must be a string', async () => {
    await refusedCreate({ name: uniqueName('类型'), credit_code: 913701 }, { credit_code: 'type' });
  });

  test('a duplicate code is a 409 naming credit_code, also when typed in lower case', async () => {
    const code = creditCode('91370112MA3BQ7W3');
    await createEnterprise(srv, { credit_code: code });
    for (const dup of [code, code.toLowerCase()]) {
      const r = await refusedWithoutChange(srv, () => post({ name: uniqueName('重复'), credit_code: dup }));
      assertError(r, 409, 'duplicate', 'credit_code');
    }
  });

  test('any number of enterprises may have no credit code', async () => {
    const a = await createEnterprise(srv, {});
    const b = await createEnterprise(srv, { credit_code: null });
    assert.equal(a.credit_code, null);
    assert.equal(b.credit_code, null);
  });
});

describe('industry codes', () => {
  test('GB/T 4754-2017 codes of any level are accepted', async () => {
    for (const code of ['C', '36', '361', '3612']) {
      const e = await createEnterprise(srv, { industry_code: code });
      assert.equal(e.industry_code, code);
    }
  });

  test('a well-formed but unknown code is refused naming industry_code', async () => {
    await refusedCreate({ name: uniqueName('行业'), industry_code: '9999' }, { industry_code: 'unknown' });
    await refusedCreate({ name: uniqueName('行业'), industry_code: '3699' }, { industry_code: 'unknown' });
  });

  test('a malformed code is refused naming industry_code', async () => {
    for (const bad of ['36A', '12345', 'c', 'CC', 'Z']) {
      await refusedCreate({ name: uniqueName('行业'), industry_code: bad }, ['industry_code']);
    }
  });
});

describe('tags and contacts', () => {
  test('tags must be an array of strings', async () => {
    await refusedCreate({ name: uniqueName('标签'), tags: '新能源' }, { tags: 'type' });
    await refusedCreate({ name: uniqueName('标签'), tags: ['新能源', 5] }, { 'tags[1]': 'type' });
    await refusedCreate({ name: uniqueName('标签'), tags: [null] }, { 'tags[0]': 'required' });
  });

  test('a blank tag is refused', async () => {
    await refusedCreate({ name: uniqueName('标签'), tags: [''] }, { 'tags[0]': 'required' });
    await refusedCreate({ name: uniqueName('标签'), tags: ['   '] }, { 'tags[0]': 'required' });
  });

  test('a blank tag after another tag is refused with 422 (and the server survives)', async () => {
    // On a server of its own: this request once crashed the process.
    const own = await startServer();
    const died = (err) => assert.fail(`the server died on this request: ${err.cause?.message || err.message}`);
    try {
      const r = await api(own, 'POST', ENT, { name: '空标签企业', tags: ['新能源', ''] }).catch(died);
      assertInvalid(r, { 'tags[1]': 'required' });
      const r2 = await api(own, 'POST', ENT, { name: '空标签企业', tags: ['', '新能源'] }).catch(died);
      assertInvalid(r2, { 'tags[0]': 'required' });
      assert.equal((await api(own, 'GET', '/healthz')).status, 200);
      assert.equal((await api(own, 'GET', ENT)).json.total, 0);
    } finally {
      await own.stop();
      rmSync(own.dir, { recursive: true, force: true });
    }
  });

  test('repeated, over-long and too many tags are refused', async () => {
    await refusedCreate({ name: uniqueName('标签'), tags: ['链主', '链主'] }, { 'tags[1]': 'duplicate' });
    await refusedCreate({ name: uniqueName('标签'), tags: ['签'.repeat(21)] }, { 'tags[0]': 'too_long' });
    const many = Array.from({ length: 21 }, (_, i) => `t${i}`);
    await refusedCreate({ name: uniqueName('标签'), tags: many }, { tags: 'too_many' });
    const e = await createEnterprise(srv, { tags: many.slice(0, 20) });
    assert.equal(e.tags.length, 20);
  });

  test('a contact e-mail must look like an address', async () => {
    for (const email of ['zhang', 'zhang@', '@example.com', 'zhang@example', 'zhang wei@example.com', 'a@b@c.cn']) {
      await refusedCreate({ name: uniqueName('邮箱'), contacts: [{ name: '张伟', email }] },
        { 'contacts[0].email': 'invalid' });
    }
  });

  test('a contact phone must be 5-20 digits with + - ( ) and spaces', async () => {
    for (const phone of ['call me', '1234', '138-0000-000x', '1'.repeat(21)]) {
      await refusedCreate({ name: uniqueName('电话'), contacts: [{ name: '张伟', phone }] },
        { 'contacts[0].phone': 'invalid' });
    }
    const e = await createEnterprise(srv, { contacts: [{ name: '张伟', phone: '0531-88880000' }] });
    assert.equal(e.contacts[0].phone, '0531-88880000');
  });

  test('a contact needs a name, known members and to be an object', async () => {
    await refusedCreate({ name: uniqueName('联系人'), contacts: [{ phone: '13800000000' }] },
      { 'contacts[0].name': 'required' });
    await refusedCreate({ name: uniqueName('联系人'), contacts: [{ name: '张伟', fax: '123456' }] },
      { 'contacts[0].fax': 'unknown' });
    await refusedCreate({ name: uniqueName('联系人'), contacts: ['张伟'] }, { 'contacts[0]': 'type' });
    await refusedCreate({ name: uniqueName('联系人'), contacts: { name: '张伟' } }, { contacts: 'type' });
  });

  test('every problem of a body is reported at once', async () => {
    const e = await refusedCreate({
      name: '',
      industry_code: '36A',
      tags: ['a', 'a'],
      contacts: [{ name: '张伟', phone: 'x', email: 'y' }],
    }, ['name', 'industry_code', 'tags[1]', 'contacts[0].phone', 'contacts[0].email']);
    assert.equal(e.details.length, 5);
  });
});

describe('GET /api/v1/enterprises/{id}', () => {
  test('returns the record with its version as ETag', async () => {
    const e = await createEnterprise(srv, { address: '历城区' });
    const r = await api(srv, 'GET', `${ENT}/${e.id}`);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('etag'), '"1"');
    assert.equal(r.headers.get('cache-control'), 'no-store');
    assert.deepEqual(r.json, e);
  });

  test('an unknown id is 404', async () => {
    assertError(await api(srv, 'GET', `${ENT}/987654`), 404, 'not_found');
  });

  test('project_count counts the projects that name the enterprise', async () => {
    const e = await createEnterprise(srv);
    await createProject(srv, { enterprise_ids: [e.id] });
    await createProject(srv, { enterprise_ids: [e.id] });
    assert.equal((await get(srv, `${ENT}/${e.id}`)).project_count, 2);
  });
});

describe('GET /api/v1/enterprises (list)', () => {
  let tag;
  let made;
  before(async () => {
    tag = uniqueName('列表');
    made = [];
    for (const [name, industry_code] of [
      ['Delta 新能源汽车零部件', '3670'],
      ['Alpha 新能源整车', '3612'],
      ['Echo 汽车批发', '5172'],
      ['Bravo 制造业总部', 'C'],
      ['Charlie 无行业', null],
    ]) {
      made.push(await createEnterprise(srv, { name: `${name} ${tag}`, industry_code, tags: [tag, name.split(' ')[0]] }));
    }
  });

  async function list(query) {
    const r = await api(srv, 'GET', `${ENT}?${query}`);
    assert.equal(r.status, 200, r.text);
    return r.json;
  }
  const words = (page) => page.items.map((e) => e.name.split(' ')[0]);

  test('pages by limit and offset, reporting total, limit and offset', async () => {
    const q = `tag=${encodeURIComponent(tag)}`;
    const seen = [];
    for (const offset of [0, 2, 4]) {
      const page = await list(`${q}&limit=2&offset=${offset}`);
      assert.equal(page.total, 5);
      assert.equal(page.limit, 2);
      assert.equal(page.offset, offset);
      assert.equal(page.items.length, offset === 4 ? 1 : 2);
      seen.push(...page.items.map((e) => e.id));
    }
    assert.deepEqual(seen, made.map((e) => e.id), 'pages cover every record once, in id order');
    const past = await list(`${q}&limit=2&offset=5`);
    assert.equal(past.total, 5);
    assert.deepEqual(past.items, []);
  });

  test('defaults to limit 20, offset 0', async () => {
    const page = await list('');
    assert.equal(page.limit, 20);
    assert.equal(page.offset, 0);
    assert.ok(page.items.length <= 20);
    assert.ok(page.total >= 5);
  });

  test('items are full records', async () => {
    const page = await list(`tag=${encodeURIComponent(tag)}&limit=1`);
    assert.deepEqual(page.items[0], made[0]);
  });

  test('q= matches a name substring', async () => {
    const cars = await list(`q=${encodeURIComponent('汽车')}&tag=${encodeURIComponent(tag)}`);
    assert.deepEqual(words(cars), ['Delta', 'Echo']);
    const one = await list(`q=${encodeURIComponent('Alpha 新能源整车 ' + tag)}`);
    assert.deepEqual(words(one), ['Alpha']);
    const none = await list(`q=${encodeURIComponent('不存在的企业名')}`);
    assert.equal(none.total, 0);
  });

  test('industry= takes a section letter or a code prefix', async () => {
    const t = `tag=${encodeURIComponent(tag)}`;
    assert.deepEqual(words(await list(`${t}&industry=C`)), ['Delta', 'Alpha', 'Bravo']);
    assert.deepEqual(words(await list(`${t}&industry=F`)), ['Echo']);
    assert.deepEqual(words(await list(`${t}&industry=36`)), ['Delta', 'Alpha']);
    assert.deepEqual(words(await list(`${t}&industry=3612`)), ['Alpha']);
    assert.deepEqual(words(await list(`${t}&industry=51`)), ['Echo']);
    assert.deepEqual(words(await list(`${t}&industry=37`)), []);
  });

  test('industry= refuses anything but a section letter or a code prefix (no wildcards)', async () => {
    for (const bad of ['%', '3_', '36%', 'c', 'CC']) {
      const r = await api(srv, 'GET', `${ENT}?industry=${encodeURIComponent(bad)}`);
      assertError(r, 400, 'bad_parameter', 'industry');
    }
  });

  test('tag= matches a whole tag', async () => {
    assert.deepEqual(words(await list(`tag=Echo&q=${encodeURIComponent(tag)}`)), ['Echo']);
    assert.equal((await list(`tag=${encodeURIComponent(tag.slice(0, -1))}`)).total, 0, 'no prefix matching');
  });

  test('sort=name, -name and -id order the list', async () => {
    const t = `tag=${encodeURIComponent(tag)}`;
    assert.deepEqual(words(await list(`${t}&sort=name`)), ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo']);
    assert.deepEqual(words(await list(`${t}&sort=-name`)), ['Echo', 'Delta', 'Charlie', 'Bravo', 'Alpha']);
    assert.deepEqual(words(await list(`${t}&sort=-id`)), ['Charlie', 'Bravo', 'Echo', 'Alpha', 'Delta']);
    assert.deepEqual(words(await list(`${t}&sort=id`)), ['Delta', 'Alpha', 'Echo', 'Bravo', 'Charlie']);
    const page = await list(`${t}&sort=name&limit=2&offset=2`);
    assert.deepEqual(words(page), ['Charlie', 'Delta']);
  });

  test('sort=-updated_at orders by last change, newest first (ties by id, newest first)', async () => {
    const t = `tag=${encodeURIComponent(tag)}`;
    const bravo = made[3];
    const r = await patch(srv, `${ENT}/${bravo.id}`, { address: '最近修改' }, bravo.version);
    assert.equal(r.status, 200, r.text);
    made[3] = r.json;
    const items = (await list(`${t}&sort=-updated_at`)).items;
    assert.equal(items.length, 5);
    for (let i = 1; i < items.length; i++) {
      const [a, b] = [items[i - 1], items[i]];
      assert.ok(a.updated_at > b.updated_at || (a.updated_at === b.updated_at && a.id > b.id),
        `${a.name} (${a.updated_at}) should come after ${b.name} (${b.updated_at})`);
    }
  });

  test('an unknown sort is a 400 naming sort', async () => {
    assertError(await api(srv, 'GET', `${ENT}?sort=created_at`), 400, 'bad_parameter', 'sort');
  });
});

describe('PATCH /api/v1/enterprises/{id}', () => {
  test('with If-Match: 200, the change, a new version and ETag, other fields kept', async () => {
    const e = await createEnterprise(srv, { address: '旧地址', tags: ['a'] });
    const r = await patch(srv, `${ENT}/${e.id}`, { address: '新地址' }, 1);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.headers.get('etag'), '"2"');
    assert.equal(r.json.version, 2);
    assert.equal(r.json.address, '新地址');
    assert.equal(r.json.name, e.name);
    assert.deepEqual(r.json.tags, ['a']);
    assert.equal(r.json.created_at, e.created_at);
    assert.ok(r.json.updated_at >= e.updated_at);
    assert.deepEqual(await get(srv, `${ENT}/${e.id}`), r.json);
  });

  test('with "version" in the body', async () => {
    const e = await createEnterprise(srv);
    const r = await api(srv, 'PATCH', `${ENT}/${e.id}`, { version: 1, name: '改名后的企业' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.version, 2);
    assert.equal(r.json.name, '改名后的企业');
    assert.equal(r.json.warnings, undefined);
  });

  test('If-Match may be a weak tag or a bare number', async () => {
    const e = await createEnterprise(srv);
    let r = await api(srv, 'PATCH', `${ENT}/${e.id}`, { address: 'w' }, { 'If-Match': 'W/"1"' });
    assert.equal(r.status, 200, r.text);
    r = await api(srv, 'PATCH', `${ENT}/${e.id}`, { address: 'n' }, { 'If-Match': '2' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.version, 3);
  });

  test('a stale version is a 409 and the record is unchanged', async () => {
    const e = await createEnterprise(srv, { address: '原地址' });
    const ok = await patch(srv, `${ENT}/${e.id}`, { address: '第一次修改' }, 1);
    assert.equal(ok.status, 200);
    let r = await refusedWithoutChange(srv, () => patch(srv, `${ENT}/${e.id}`, { address: '过期修改' }, 1));
    assertError(r, 409, 'version_conflict', 'version');
    r = await refusedWithoutChange(srv, () => api(srv, 'PATCH', `${ENT}/${e.id}`, { version: 1, address: '过期修改' }));
    assertError(r, 409, 'version_conflict', 'version');
    r = await refusedWithoutChange(srv, () => patch(srv, `${ENT}/${e.id}`, { address: '未来版本' }, 9));
    assertError(r, 409, 'version_conflict');
    const now = await get(srv, `${ENT}/${e.id}`);
    assert.equal(now.version, 2);
    assert.equal(now.address, '第一次修改');
  });

  test('If-Match and a body version that disagree are a 409', async () => {
    const e = await createEnterprise(srv);
    const r = await refusedWithoutChange(srv, () => patch(srv, `${ENT}/${e.id}`, { version: 2, address: 'x' }, 1));
    assertError(r, 409, 'version_conflict', 'version');
  });

  test('without a version: 428 and the record is unchanged', async () => {
    const e = await createEnterprise(srv, { address: '不变' });
    const r = await refusedWithoutChange(srv, () => api(srv, 'PATCH', `${ENT}/${e.id}`, { address: '变了' }));
    assertError(r, 428, 'version_required', 'version');
    assert.equal((await get(srv, `${ENT}/${e.id}`)).address, '不变');
  });

  test('a malformed If-Match is a 400; a bad body version a 422', async () => {
    const e = await createEnterprise(srv);
    for (const h of ['abc', '"1', '"0"', '-1', '""', '1.0']) {
      const r = await refusedWithoutChange(srv, () => api(srv, 'PATCH', `${ENT}/${e.id}`, { address: 'x' }, { 'If-Match': h }));
      assertError(r, 400, 'bad_header', 'If-Match');
    }
    for (const version of [0, -1, '1', 1.5, null]) {
      const r = await refusedWithoutChange(srv, () => api(srv, 'PATCH', `${ENT}/${e.id}`, { version, address: 'x' }));
      assertError(r, 422, 'invalid', 'version');
    }
  });

  test('invalid changes are refused and the version does not move', async () => {
    const e = await createEnterprise(srv);
    for (const body of [{ name: '' }, { name: null }, { credit_code: 'SHORT' }, { industry_code: '9999' },
      { contacts: [{ name: 'x', email: 'bad' }] }, { tags: ['a', 'a'] }]) {
      const r = await refusedWithoutChange(srv, () => patch(srv, `${ENT}/${e.id}`, body, 1));
      assertError(r, 422, 'invalid');
    }
    assert.equal((await get(srv, `${ENT}/${e.id}`)).version, 1);
  });

  test('read-only and unknown fields are refused', async () => {
    const e = await createEnterprise(srv);
    for (const [field, code] of [['id', 'read_only'], ['project_count', 'read_only'], ['created_at', 'read_only'],
      ['updated_at', 'read_only'], ['website', 'unknown']]) {
      const r = await refusedWithoutChange(srv, () => patch(srv, `${ENT}/${e.id}`, { [field]: 1 }, 1));
      assertInvalid(r, { [field]: code });
    }
  });

  test('taking another enterprise\'s credit code is a 409', async () => {
    const code = nextCreditCode();
    await createEnterprise(srv, { credit_code: code });
    const e = await createEnterprise(srv);
    const r = await refusedWithoutChange(srv, () => patch(srv, `${ENT}/${e.id}`, { credit_code: code.toLowerCase() }, 1));
    assertError(r, 409, 'duplicate', 'credit_code');
  });

  test('a check-character failure is accepted with a warning; lower case is upper-cased', async () => {
    const e = await createEnterprise(srv);
    const code = nextCreditCode();
    let r = await patch(srv, `${ENT}/${e.id}`, { credit_code: withWrongCheck(code).toLowerCase() }, 1);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.credit_code, withWrongCheck(code));
    assert.ok(r.json.warnings?.some((w) => w.field === 'credit_code'), r.text);
    r = await patch(srv, `${ENT}/${e.id}`, { credit_code: code }, 2);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.warnings, undefined);
  });

  test('null clears optional fields; arrays are replaced whole', async () => {
    const e = await createEnterprise(srv, {
      credit_code: nextCreditCode(), industry_code: '36', address: '地址', tags: ['a', 'b'],
      contacts: [{ name: '张伟' }, { name: '李娜' }],
    });
    const r = await patch(srv, `${ENT}/${e.id}`, {
      credit_code: null, industry_code: null, address: null, tags: null, contacts: [{ name: '王芳', email: 'wf@example.cn' }],
    }, 1);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.credit_code, null);
    assert.equal(r.json.industry_code, null);
    assert.equal(r.json.address, null);
    assert.deepEqual(r.json.tags, []);
    assert.deepEqual(r.json.contacts, [{ name: '王芳', title: null, phone: null, email: 'wf@example.cn' }]);
    assert.deepEqual(await get(srv, `${ENT}/${e.id}`), r.json);
  });

  test('an empty body object changes nothing but the version', async () => {
    const e = await createEnterprise(srv);
    const r = await patch(srv, `${ENT}/${e.id}`, {}, 1);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.version, 2);
    assert.equal(r.json.name, e.name);
  });

  test('an unknown id is 404', async () => {
    const r = await refusedWithoutChange(srv, () => patch(srv, `${ENT}/987654`, { address: 'x' }, 1));
    assertError(r, 404, 'not_found');
  });
});

describe('DELETE /api/v1/enterprises/{id}', () => {
  test('204 with no body; then 404 for GET, PATCH and DELETE', async () => {
    const e = await createEnterprise(srv);
    const before = (await get(srv, ENT)).total;
    const r = await api(srv, 'DELETE', `${ENT}/${e.id}`);
    assert.equal(r.status, 204);
    assert.equal(r.text, '');
    assert.equal((await get(srv, ENT)).total, before - 1);
    assertError(await api(srv, 'GET', `${ENT}/${e.id}`), 404, 'not_found');
    assertError(await refusedWithoutChange(srv, () => patch(srv, `${ENT}/${e.id}`, { address: 'x' }, 1)), 404, 'not_found');
    assertError(await refusedWithoutChange(srv, () => api(srv, 'DELETE', `${ENT}/${e.id}`)), 404, 'not_found');
  });

  test('409 while a project references it; allowed once the project lets go', async () => {
    const e = await createEnterprise(srv);
    const other = await createEnterprise(srv);
    const p = await createProject(srv, { enterprise_ids: [other.id, e.id] });
    const r = await refusedWithoutChange(srv, () => api(srv, 'DELETE', `${ENT}/${e.id}`));
    assertError(r, 409, 'referenced');
    assert.equal((await get(srv, `${ENT}/${e.id}`)).project_count, 1);

    const freed = await patch(srv, `${PRJ}/${p.id}`, { enterprise_ids: [other.id] }, p.version);
    assert.equal(freed.status, 200, freed.text);
    assert.equal((await get(srv, `${ENT}/${e.id}`)).project_count, 0);
    assert.equal((await api(srv, 'DELETE', `${ENT}/${e.id}`)).status, 204);
    assertError(await api(srv, 'GET', `${ENT}/${e.id}`), 404);
  });

  test('If-Match must name the current version', async () => {
    const e = await createEnterprise(srv);
    const edited = await patch(srv, `${ENT}/${e.id}`, { address: 'v2' }, 1);
    assert.equal(edited.status, 200);
    const r = await refusedWithoutChange(srv, () => api(srv, 'DELETE', `${ENT}/${e.id}`, undefined, { 'If-Match': '"1"' }));
    assertError(r, 409, 'version_conflict');
    assertError(await refusedWithoutChange(srv, () => api(srv, 'DELETE', `${ENT}/${e.id}`, undefined, { 'If-Match': 'nope' })),
      400, 'bad_header');
    assert.equal((await api(srv, 'DELETE', `${ENT}/${e.id}`, undefined, { 'If-Match': '"2"' })).status, 204);
  });

  test('a deleted enterprise cannot be named by a project', async () => {
    const e = await createEnterprise(srv);
    assert.equal((await api(srv, 'DELETE', `${ENT}/${e.id}`)).status, 204);
    const r = await refusedWithoutChange(srv, () => api(srv, 'POST', PRJ, { name: '引用已删企业', enterprise_ids: [e.id] }));
    assertInvalid(r, { 'enterprise_ids[0]': 'unknown' });
  });

  test('its credit code is free again after delete', async () => {
    const code = nextCreditCode();
    const e = await createEnterprise(srv, { credit_code: code });
    assert.equal((await api(srv, 'DELETE', `${ENT}/${e.id}`)).status, 204);
    const again = await createEnterprise(srv, { credit_code: code });
    assert.equal(again.credit_code, code);
  });

  test('the id of a deleted enterprise stays 404 and is not given to a new one', async () => {
    const e = await createEnterprise(srv, { name: '将被删除的企业' });
    assert.equal((await api(srv, 'DELETE', `${ENT}/${e.id}`)).status, 204);
    const next = await createEnterprise(srv, { name: '之后新建的企业' });
    assert.notEqual(next.id, e.id, 'a stale link or project reference would reach the new enterprise');
    assertError(await api(srv, 'GET', `${ENT}/${e.id}`), 404, 'not_found');
  });
});
