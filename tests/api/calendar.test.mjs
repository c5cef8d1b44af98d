// calendar.test.mjs - the working-day calendar through the API: a year's schedule, the
// deadline calculator across holidays and 调休 weekends, and an admin replacing a year.
// Expected dates were worked out by hand from data/cn-holidays-2023-2026.tsv (the day-by-day
// counts are in tests/unit/test_workday.c).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, startServer } from './lib.mjs';
import { PRJ, assertError, assertInvalid, createProject, get, shanghaiYear } from './helpers.mjs';
import { createUser, login } from './sessions.mjs';

const CAL = '/api/v1/calendar';
const deadline = (from, days) => `${CAL}/deadline?from=${from}&days=${days}`;

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); });

describe('GET /api/v1/calendar', () => {
  test('2024: 36 rows, 28 days off and 8 调休 working days, covered', async () => {
    const y = await get(srv, `${CAL}?year=2024`);
    assert.equal(y.year, 2024);
    assert.equal(y.covered, true);
    assert.deepEqual(y.covered_years, [2023, 2024, 2025, 2026]);
    assert.equal(y.days.length, 36);
    assert.deepEqual(y.days.filter((d) => d.kind === 'workday').map((d) => d.date),
      ['2024-02-04', '2024-02-18', '2024-04-07', '2024-04-28', '2024-05-11', '2024-09-14',
        '2024-09-29', '2024-10-12']);
    assert.deepEqual(y.days.find((d) => d.date === '2024-02-10'),
      { date: '2024-02-10', kind: 'holiday', name: '春节' });
  });

  test('a year beyond the schedule is not covered and has no rows', async () => {
    const y = await get(srv, `${CAL}?year=2030`);
    assert.deepEqual(y, { year: 2030, covered: false, covered_years: [2023, 2024, 2025, 2026], days: [] });
  });

  test('the current year by default', async () => {
    assert.equal((await get(srv, CAL)).year, shanghaiYear());
  });

  test('bad parameters are 400', async () => {
    assertError(await api(srv, 'GET', `${CAL}?year=abc`), 400, 'bad_parameter', 'year');
    assertError(await api(srv, 'GET', `${CAL}?year=1800`), 400, 'bad_parameter', 'year');
    assertError(await api(srv, 'GET', `${CAL}?yaer=2024`), 400, 'bad_parameter', 'yaer');
  });
});

describe('GET /api/v1/calendar/deadline', () => {
  const cases = [
    // [from, days, due_on]
    ['2023-01-20', 1, '2023-01-28'],   // 春节 2023: Sat 01-28 is a working day
    ['2023-01-20', 3, '2023-01-30'],
    ['2024-02-02', 1, '2024-02-04'],   // Sun 2024-02-04 调休
    ['2024-02-08', 2, '2024-02-18'],   // over 春节 2024 to Sun 02-18 调休
    ['2025-01-24', 3, '2025-02-05'],   // 春节 2025
    ['2023-09-28', 1, '2023-10-07'],   // 国庆 2023: Sat 10-07 调休
    ['2024-09-27', 1, '2024-09-29'],   // Sun 2024-09-29 调休
    ['2024-09-27', 3, '2024-10-08'],
    ['2024-09-27', 7, '2024-10-12'],   // Sat 2024-10-12 调休
    ['2025-09-30', 3, '2025-10-11'],   // 国庆 2025: Sat 10-11 调休
    ['2024-02-12', 0, '2024-02-12'],   // 0 days: the day itself
  ];
  for (const [from, days, due] of cases) {
    test(`${from} + ${days} working days = ${due}`, async () => {
      assert.deepEqual(await get(srv, deadline(from, days)), { from, days, due_on: due, fallback: false });
    });
  }

  test('beyond the schedule: Monday to Friday assumed, flagged and explained', async () => {
    const r = await get(srv, deadline('2026-12-30', 2));
    assert.equal(r.due_on, '2027-01-01');
    assert.equal(r.fallback, true);
    assert.match(r.note, /2023, 2024, 2025, 2026/);
  });

  test('bad parameters are 400', async () => {
    assertError(await api(srv, 'GET', `${CAL}/deadline?days=3`), 400, 'bad_parameter', 'from');
    assertError(await api(srv, 'GET', deadline('2023-02-30', 3)), 400, 'bad_parameter', 'from');
    assertError(await api(srv, 'GET', `${CAL}/deadline?from=2023-01-20`), 400, 'bad_parameter', 'days');
    assertError(await api(srv, 'GET', deadline('2023-01-20', -1)), 400, 'bad_parameter', 'days');
    assertError(await api(srv, 'GET', deadline('2023-01-20', 1001)), 400, 'bad_parameter', 'days');
    assertError(await api(srv, 'GET', `${deadline('2023-01-20', 1)}&n=2`), 400, 'bad_parameter', 'n');
  });
});

describe('PUT /api/v1/calendar/{year}', () => {
  // A made-up schedule for 2027 (the real one is not published yet): 元旦 Fri 01-01 to
  // Sun 01-03, a break Fri 02-05 to Thu 02-11, and Sat 02-13 made a working day.
  const days2027 = [
    { date: '2027-01-01', kind: 'holiday', name: '元旦' },
    { date: '2027-01-02', kind: 'holiday', name: '元旦' },
    { date: '2027-01-03', kind: 'holiday', name: '元旦' },
    ...['05', '06', '07', '08', '09', '10', '11'].map((d) => ({ date: `2027-02-${d}`, kind: 'holiday', name: '春节' })),
    { date: '2027-02-13', kind: 'workday', name: '春节调休上班' },
  ];

  test('every bad row is named by index, and nothing changes', async () => {
    const before = await get(srv, `${CAL}?year=2027`);
    const r = await api(srv, 'PUT', `${CAL}/2027`, {
      extra: 1,
      days: [
        { date: '2026-12-31', kind: 'holiday', name: '元旦' },           // not in 2027
        { date: '2027-01-01', kind: 'day-off', name: '元旦' },           // bad kind
        { date: '2027-01-04', kind: 'workday', name: '调休' },           // a Monday
        { date: '2027-01-01', kind: 'holiday', name: '元旦' },           // twice
        { date: '2027-01-02', kind: 'holiday' },                         // no name
        { date: '2027-01-03', kind: 'holiday', name: '元旦', note: 'x' }, // unknown member
        { date: '2027-02-30', kind: 'holiday', name: '春节' },           // no such day
        'not an object',
      ],
    });
    assertInvalid(r, {
      extra: 'unknown', 'days[0].date': 'invalid', 'days[1].kind': 'invalid',
      'days[2].kind': 'invalid', 'days[3].date': 'duplicate', 'days[4].name': 'required',
      'days[5].note': 'unknown', 'days[6].date': 'invalid', 'days[7]': 'type',
    });
    assert.match(r.json.error.details.find((d) => d.field === 'days[2].kind').message, /Monday/);
    assertInvalid(await api(srv, 'PUT', `${CAL}/2027`, { days: [] }), { days: 'required' });
    assertInvalid(await api(srv, 'PUT', `${CAL}/2027`, { days: 'all of them' }), { days: 'type' });
    assertError(await api(srv, 'PUT', `${CAL}/2027`, '{"days": ['), 400, 'malformed');
    assertError(await api(srv, 'PUT', `${CAL}/1800`, { days: days2027 }), 404, 'not_found');
    assertError(await api(srv, 'PUT', `${CAL}/next`, { days: days2027 }), 404, 'not_found');
    assert.deepEqual(await get(srv, `${CAL}?year=2027`), before);
  });

  test('only an admin may replace a year; a refused PUT changes nothing', async () => {
    const u = await createUser(srv, 'officer');
    const officer = await login(srv, u.username, u.password);
    const before = await get(srv, `${CAL}?year=2027`);
    assertError(await officer.request('PUT', `${CAL}/2027`, { days: days2027 }), 403, 'forbidden');
    assert.deepEqual(await get(srv, `${CAL}?year=2027`), before);
  });

  test('replacing 2027 covers it, re-dates guessed due dates, and is audited', async () => {
    // Opened Wed 2026-12-30 with 2 working days: Thu 12-31, then Fri 2027-01-01 guessed.
    const p = await createProject(srv);
    const made = await api(srv, 'POST', `${PRJ}/${p.id}/problems`,
      { type: 'land', description: '跨年问题', unit_id: 4, opened_on: '2026-12-30', deadline_days: 2 });
    assert.equal(made.status, 201, made.text);
    assert.equal(made.json.due_on, '2027-01-01');
    assert.equal(made.json.due_fallback, true);

    const r = await api(srv, 'PUT', `${CAL}/2027`, { days: days2027 });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.covered, true);
    assert.deepEqual(r.json.covered_years, [2023, 2024, 2025, 2026, 2027]);
    assert.equal(r.json.days.length, 11);
    assert.equal(r.json.redated_problems, 1);

    // Thu 12-31 W, Fri 01-01 .. Sun 01-03 off, Mon 01-04 W.
    assert.deepEqual(await get(srv, deadline('2026-12-30', 2)),
      { from: '2026-12-30', days: 2, due_on: '2027-01-04', fallback: false });
    // From Thu 02-04: 02-05 .. 02-11 off, Fri 02-12 W, Sat 02-13 调休 W.
    assert.equal((await get(srv, deadline('2027-02-04', 2))).due_on, '2027-02-13');
    const after = await get(srv, `/api/v1/problems/${made.json.id}`);
    assert.equal(after.due_on, '2027-01-04');
    assert.equal(after.due_fallback, false);
    assert.equal(after.version, 2);

    const audit = await get(srv, '/api/v1/audit?entity=calendar&entity_id=2027');
    assert.equal(audit.items.length, 1);
    assert.equal(audit.items[0].action, 'replace');
    const redate = await get(srv, `/api/v1/audit?entity=problem&entity_id=${made.json.id}&action=redate`);
    assert.equal(redate.items.length, 1);

    // Replacing again with fewer rows replaces, not merges.
    const again = await api(srv, 'PUT', `${CAL}/2027`, { days: days2027.slice(0, 3) });
    assert.equal(again.status, 200, again.text);
    assert.equal(again.json.days.length, 3);
    assert.equal(again.json.redated_problems, 0);
    assert.equal((await get(srv, deadline('2027-02-04', 2))).due_on, '2027-02-08');
  });
});
