/* test_arrangement.c - arrangements (具体安排) and what a roundtable session shows.
 *
 * The domain part judges deadlines on boundary days across 春节 2023, whose schedule (from
 * data/cn-holidays-2023-2026.tsv) is: 01-21..01-27 off, Saturday 01-28 and Sunday 01-29 working
 * days.  Counts by hand (W = working day counted, w = a weekend day made a working day):
 *   2023-01-19 (Thu) + 2 -> 01-20 W, 01-28 w                    = 2023-01-28 (a Saturday)
 *   2023-01-20 (Fri) + 5 -> 01-28 w, 01-29 w, 01-30, 01-31, 02-01 = 2023-02-01
 *   2023-01-18 (Wed) + 3 -> 01-19, 01-20, 01-28                  = 2023-01-28
 *
 * The store part reads the appeals raised at a session.  Appeals are made by another module's
 * API, so this test writes appeal rows with raw SQL into a database in a temporary directory
 * (as test_migrate.c does) and reads them back through store.h.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "domain/arrangement.h"
#include "domain/workday.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/date.h"

struct fixture {
	char dir[256], path[320];
	struct store *s;
	struct arena a;
	struct calendar cal;
};

static void remove_suffixed(const char *path, const char *suffix)
{
	char p[400];

	snprintf(p, sizeof(p), "%s%s", path, suffix);
	unlink(p);
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	if (!f)
		return 0;
	store_close(f->s);
	arena_release(&f->a);
	remove_suffixed(f->path, "");
	remove_suffixed(f->path, "-wal");
	remove_suffixed(f->path, "-shm");
	rmdir(f->dir);
	free(f);
	return 0;
}

static int setup(void **state)
{
	const char *tmp = getenv("TMPDIR");
	struct fixture *f = calloc(1, sizeof(*f));
	int from, to;

	if (!f)
		return -1;
	*state = f;
	snprintf(f->dir, sizeof(f->dir), "%s/guanlan-test-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(f->dir)) {
		free(f);
		*state = NULL;
		return -1;
	}
	snprintf(f->path, sizeof(f->path), "%s/guanlan.db", f->dir);
	arena_init(&f->a);
	if (store_open(f->path, &f->s) != GL_OK || store_migrate(f->s, &from, &to) != GL_OK ||
	    store_calendar_load(f->s, &f->a, &f->cal) != GL_OK) {
		teardown(state);
		return -1;
	}
	return 0;
}

static struct ymd day(const char *iso)
{
	struct ymd d = {0, 0, 0};

	assert_int_equal(date_parse_iso(iso, &d), 0);
	return d;
}

/* An open arrangement made on made with n working days, dated by arrangement_due. */
static struct arrangement made(struct fixture *f, const char *on, int n, char *buf)
{
	struct arrangement x = {.roundtable_id = 1, .text = "落实", .unit_id = 3, .made_on = on,
				.deadline_days = n, .status = ARRANGEMENT_OPEN};

	arrangement_due(&x, &f->cal, buf);
	(void)f;
	return x;
}

static void due_across_spring_festival(void **state)
{
	struct fixture *f = *state;
	char buf[11];
	struct arrangement x;

	x = made(f, "2023-01-19", 2, buf);
	assert_string_equal(x.due_on, "2023-01-28");
	assert_false(x.due_fallback);
	x = made(f, "2023-01-20", 5, buf);
	assert_string_equal(x.due_on, "2023-02-01");
	x = made(f, "2023-01-18", 3, buf);
	assert_string_equal(x.due_on, "2023-01-28");
	/* Made on a holiday: counting starts after it all the same. */
	x = made(f, "2023-01-24", 1, buf);
	assert_string_equal(x.due_on, "2023-01-28");
	/* Beyond the loaded years: Monday-Friday, and said so. */
	x = made(f, "2026-12-28", 5, buf);
	assert_string_equal(x.due_on, "2027-01-04");
	assert_true(x.due_fallback);
	/* A given due_on is kept and is no guess. */
	x = (struct arrangement){.made_on = "2023-01-19", .due_on = "2023-03-31",
				 .due_fallback = true};
	arrangement_due(&x, &f->cal, buf);
	assert_string_equal(x.due_on, "2023-03-31");
	assert_false(x.due_fallback);
}

static void judged_on_boundary_days(void **state)
{
	struct fixture *f = *state;
	char buf[11], lim[11];
	struct arrangement x = made(f, "2023-01-19", 2, buf);   /* due Saturday 2023-01-28 */
	const int soon = ARRANGEMENT_DUE_SOON_DAYS;

	assert_int_equal(soon, 2);
	/* 01-18: 01-19, 01-20, 01-28 lie between: three working days, on track. */
	assert_int_equal(arrangement_judge(&x, &f->cal, day("2023-01-18"), soon, NULL),
			 ARRANGEMENT_ON_TRACK);
	assert_int_equal(arrangement_judge(&x, &f->cal, day("2023-01-19"), soon, NULL),
			 ARRANGEMENT_DUE_SOON);
	/* Through the holiday the deadline is one working day away. */
	assert_int_equal(arrangement_judge(&x, &f->cal, day("2023-01-25"), soon, NULL),
			 ARRANGEMENT_DUE_SOON);
	assert_int_equal(arrangement_judge(&x, &f->cal, day("2023-01-28"), soon, NULL),
			 ARRANGEMENT_DUE_SOON);
	assert_int_equal(arrangement_judge(&x, &f->cal, day("2023-01-29"), soon, NULL),
			 ARRANGEMENT_OVERDUE);
	/* The list's cut-off agrees: due soon exactly when today <= due_on < limit. */
	date_format_iso(arrangement_soon_limit(&f->cal, day("2023-01-18"), soon, NULL), lim, 11);
	assert_string_equal(lim, "2023-01-28");
	date_format_iso(arrangement_soon_limit(&f->cal, day("2023-01-19"), soon, NULL), lim, 11);
	assert_string_equal(lim, "2023-01-29");
	date_format_iso(arrangement_soon_limit(&f->cal, day("2023-01-21"), soon, NULL), lim, 11);
	assert_string_equal(lim, "2023-01-30");
	/* Closed arrangements are neither overdue nor due soon. */
	x.status = ARRANGEMENT_DONE;
	x.done_on = "2023-01-30";
	assert_int_equal(arrangement_judge(&x, &f->cal, day("2023-02-10"), soon, NULL),
			 ARRANGEMENT_CLOSED);
	assert_false(arrangement_on_time(&x));
	x.done_on = "2023-01-28";
	assert_true(arrangement_on_time(&x));
	x.status = ARRANGEMENT_CANCELLED;
	assert_int_equal(arrangement_judge(&x, &f->cal, day("2023-02-10"), soon, NULL),
			 ARRANGEMENT_CLOSED);
	assert_false(arrangement_on_time(&x));
}

static void status_moves(void **state)
{
	char buf[64];

	(void)state;
	assert_true(arrangement_transition_ok(ARRANGEMENT_OPEN, ARRANGEMENT_DONE));
	assert_true(arrangement_transition_ok(ARRANGEMENT_OPEN, ARRANGEMENT_CANCELLED));
	assert_true(arrangement_transition_ok(ARRANGEMENT_DONE, ARRANGEMENT_OPEN));
	assert_true(arrangement_transition_ok(ARRANGEMENT_CANCELLED, ARRANGEMENT_OPEN));
	assert_false(arrangement_transition_ok(ARRANGEMENT_DONE, ARRANGEMENT_CANCELLED));
	assert_false(arrangement_transition_ok(ARRANGEMENT_CANCELLED, ARRANGEMENT_DONE));
	assert_false(arrangement_transition_ok(ARRANGEMENT_OPEN, ARRANGEMENT_OPEN));
	assert_false(arrangement_transition_ok(ARRANGEMENT_DONE, ARRANGEMENT_DONE));
	assert_false(arrangement_needs_reason(ARRANGEMENT_OPEN, ARRANGEMENT_DONE));
	assert_true(arrangement_needs_reason(ARRANGEMENT_OPEN, ARRANGEMENT_CANCELLED));
	assert_true(arrangement_needs_reason(ARRANGEMENT_DONE, ARRANGEMENT_OPEN));
	assert_string_equal(arrangement_transitions(ARRANGEMENT_OPEN, buf, sizeof(buf)),
			    "done, cancelled");
	assert_string_equal(arrangement_transitions(ARRANGEMENT_DONE, buf, sizeof(buf)), "open");
	assert_int_equal(arrangement_status_parse("cancelled"), ARRANGEMENT_CANCELLED);
	assert_int_equal(arrangement_status_parse("closed"), -1);
}

static bool names(const struct verrors *v, const char *field, const char *code)
{
	for (int i = 0; i < v->n; i++)
		if (strcmp(v->items[i].field, field) == 0)
			return strcmp(v->items[i].code, code) == 0;
	return false;
}

static void validation(void **state)
{
	struct verrors v;
	struct arrangement x = {.text = " ", .made_on = "2023-02-03", .deadline_days = 251};

	(void)state;
	verr_init(&v);
	assert_int_equal(arrangement_validate(&x, day("2023-03-01"), &v), 4);
	assert_true(names(&v, "roundtable_id", "required"));
	assert_true(names(&v, "text", "required"));
	assert_true(names(&v, "unit_id", "required"));
	assert_true(names(&v, "deadline_days", "invalid"));

	x = (struct arrangement){.appeal_id = 7, .text = "修路", .unit_id = 5,
				 .made_on = "2023-02-03", .due_on = "2023-02-02",
				 .status = ARRANGEMENT_DONE, .done_on = "2023-02-02"};
	verr_init(&v);
	assert_int_equal(arrangement_validate(&x, day("2023-03-01"), &v), 3);
	assert_true(names(&v, "due_on", "invalid"));
	assert_true(names(&v, "result", "required"));
	assert_true(names(&v, "done_on", "invalid"));

	x.due_on = "2023-02-10";
	x.result = "已修通";
	x.done_on = "2023-03-02";
	verr_init(&v);
	assert_int_equal(arrangement_validate(&x, day("2023-03-01"), &v), 1);
	assert_true(names(&v, "done_on", "future"));
	x.done_on = "2023-03-01";
	verr_init(&v);
	assert_int_equal(arrangement_validate(&x, day("2023-03-01"), &v), 0);

	x.status = ARRANGEMENT_CANCELLED;
	verr_init(&v);
	assert_int_equal(arrangement_validate(&x, day("2023-03-01"), &v), 2);
	assert_true(names(&v, "reason", "required"));
	assert_true(names(&v, "done_on", "invalid"));
}

/* ---- the session view over appeal rows ------------------------------------------------------ */

static void raw(struct fixture *f, const char *sql)
{
	sqlite3 *db;
	char *err = NULL;

	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
		print_error("%s: %s\n", sql, err ? err : "?");
		sqlite3_free(err);
		sqlite3_close(db);
		fail();
	}
	assert_int_equal(sqlite3_close(db), SQLITE_OK);
}

/* Session 1 (2023-02-03) of 鹊华观澜会 with enterprises 1-3 invited, session 2 with none, and
 * five appeals: three answered (on the day in +08:00, on the day written in UTC, three days
 * later after the first answer on the day), one only submitted, and one raised at session 2. */
static void session_fixture(struct fixture *f)
{
	raw(f,
	    "INSERT INTO enterprise (id, name, created_at, updated_at) VALUES"
	    " (1, '比亚迪', 'x', 'x'), (2, '京东', 'x', 'x'), (3, '西门子', 'x', 'x');"
	    "INSERT INTO roundtable_series (id, name, created_at) VALUES (1, '鹊华观澜会', 'x');"
	    "INSERT INTO roundtable (id, series_id, number, held_on, venue, created_at, updated_at)"
	    " VALUES (1, 1, 1, '2023-02-03', '管委会大楼15楼', 'x', 'x'),"
	    " (2, 1, 2, '2023-06-09', NULL, 'x', 'x');"
	    "INSERT INTO roundtable_enterprise VALUES (1, 1, 1), (1, 2, 1), (1, 3, 0);"
	    "INSERT INTO appeal (id, code, enterprise_id, category, channel, roundtable_id, text,"
	    " state, lead_unit_id, submitted_at, accept_due_on, answered_at, answer, created_at,"
	    " updated_at) VALUES"
	    " (1, 'SQ2023-00001', 1, 'policy', 'onsite', 1, '配套政策何时出台', 'answered', 3,"
	    "  '2023-02-03T09:10:00+08:00', '2023-02-06', '2023-02-03T09:40:00+08:00',"
	    "  '一周内出台细则', 'x', 'x'),"
	    " (2, 'SQ2023-00002', 2, 'park', 'onsite', 1, '园区道路', 'answered', 5,"
	    "  '2023-02-03T09:20:00+08:00', '2023-02-06', '2023-02-02T17:30:00Z',"
	    "  '月底前接通', 'x', 'x'),"
	    " (3, 'SQ2023-00003', 1, 'talent', 'onsite', 1, '人才公寓', 'answered', 9,"
	    "  '2023-02-03T09:30:00+08:00', '2023-02-06', '2023-02-06T10:00:00+08:00',"
	    "  '再次答复', 'x', 'x'),"
	    " (4, 'SQ2023-00004', 3, 'talent', 'onsite', 1, '子女入学', 'submitted', NULL,"
	    "  '2023-02-03T09:50:00+08:00', '2023-02-06', NULL, NULL, 'x', 'x'),"
	    " (5, 'SQ2023-00005', 2, 'finance', 'onsite', 2, '融资', 'submitted', NULL,"
	    "  '2023-06-09T09:00:00+08:00', '2023-06-12', NULL, NULL, 'x', 'x');"
	    "INSERT INTO appeal_unit VALUES (1, 3, 'lead'), (1, 9, 'co'), (2, 5, 'lead'),"
	    " (3, 9, 'lead');"
	    /* Appeal 3 was first answered at the table, reopened, and answered again on 02-06. */
	    "INSERT INTO appeal_event (appeal_id, at, kind) VALUES"
	    " (3, '2023-02-03T10:00:00+08:00', 'answer'), (3, '2023-02-04T10:00:00+08:00', 'reopen'),"
	    " (3, '2023-02-06T10:00:00+08:00', 'answer');");
}

static void session_appeals(void **state)
{
	struct fixture *f = *state;
	struct rt_appeal *items;
	struct roundtable r;
	size_t n;

	session_fixture(f);
	assert_int_equal(store_roundtable_appeals(f->s, 1, NULL, &f->a, &items, &n), GL_OK);
	assert_int_equal(n, 4);
	assert_string_equal(items[0].code, "SQ2023-00001");
	assert_string_equal(items[0].enterprise_name, "比亚迪");
	assert_string_equal(items[0].category_name, "政策配套");
	assert_string_equal(items[0].lead_unit_name, "经济发展局");
	assert_string_equal(items[0].answer, "一周内出台细则");
	assert_true(items[0].on_spot);
	assert_string_equal(items[1].category_name, "园区建设");
	assert_true(items[1].on_spot);        /* 17:30 UTC on 02-02 is 01:30 on 02-03 here */
	assert_true(items[2].on_spot);        /* its first answer was at the table */
	assert_string_equal(items[2].answered_at, "2023-02-06T10:00:00+08:00");
	assert_false(items[3].on_spot);
	assert_null(items[3].answer);
	assert_null(items[3].lead_unit_name);

	assert_int_equal(store_roundtable_get(f->s, 1, NULL, "2023-02-10", &f->a, &r), GL_OK);
	assert_int_equal(r.counts.appeals, 4);
	assert_int_equal(r.counts.answered_on_spot, 3);
	assert_int_equal(r.counts.enterprises_invited, 3);
	assert_int_equal(r.counts.enterprises_attended, 2);
	assert_string_equal(r.series_name, "鹊华观澜会");
	assert_int_equal(r.nenterprises, 3);
	assert_string_equal(r.enterprises[2].name, "西门子");
	assert_false(r.enterprises[2].attended);
}

static void session_appeals_in_scope(void **state)
{
	struct fixture *f = *state;
	struct scope byd = {.enterprise_id = 1};
	struct scope siemens = {.enterprise_id = 3};
	const int64_t talent[] = {9};
	struct scope handler = {.unit_ids = talent, .nunits = 1, .restricted = true};
	struct rt_appeal *items;
	struct roundtable r;
	size_t n;

	session_fixture(f);
	assert_int_equal(store_roundtable_appeals(f->s, 1, &byd, &f->a, &items, &n), GL_OK);
	assert_int_equal(n, 2);
	assert_int_equal(items[0].id, 1);
	assert_int_equal(items[1].id, 3);
	assert_int_equal(store_roundtable_get(f->s, 1, &byd, "2023-02-10", &f->a, &r), GL_OK);
	assert_int_equal(r.counts.appeals, 2);
	assert_int_equal(r.counts.answered_on_spot, 2);
	/* Session 2 did not invite 比亚迪. */
	assert_int_equal(store_roundtable_get(f->s, 2, &byd, "2023-06-10", &f->a, &r),
			 GL_ENOTFOUND);
	assert_int_equal(store_roundtable_appeals(f->s, 1, &siemens, &f->a, &items, &n), GL_OK);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].id, 4);
	/* Unit 9 leads appeal 3 and helps with appeal 1. */
	assert_int_equal(store_roundtable_appeals(f->s, 1, &handler, &f->a, &items, &n), GL_OK);
	assert_int_equal(n, 2);
	assert_int_equal(items[0].id, 1);
	assert_int_equal(items[1].id, 3);
	assert_int_equal(store_roundtable_get(f->s, 2, &handler, "2023-06-10", &f->a, &r), GL_OK);
	assert_int_equal(r.counts.appeals, 0);
}

static void arrangements_on_appeals(void **state)
{
	struct fixture *f = *state;
	struct scope byd = {.enterprise_id = 1}, jd = {.enterprise_id = 2};
	struct arrangement x = {.appeal_id = 3, .text = "人才公寓配租", .unit_id = 9,
				.made_on = "2023-02-03", .deadline_days = 15};
	struct arrangement got;
	struct roundtable r;
	struct verrors errs;

	session_fixture(f);
	verr_init(&errs);
	assert_int_equal(store_arrangement_create(f->s, &x, &f->a, &errs), GL_OK);
	assert_int_equal(x.roundtable_id, 1);      /* raised at session 1: made there too */
	assert_string_equal(x.due_on, "2023-02-24");
	assert_int_equal(store_arrangement_get(f->s, x.id, &byd, &f->a, &got), GL_OK);
	assert_string_equal(got.appeal_code, "SQ2023-00003");
	assert_string_equal(got.series_name, "鹊华观澜会");
	assert_int_equal(got.roundtable_number, 1);
	assert_int_equal(store_arrangement_get(f->s, x.id, &jd, &f->a, &got), GL_ENOTFOUND);
	assert_int_equal(store_roundtable_get(f->s, 1, NULL, "2023-02-27", &f->a, &r), GL_OK);
	assert_int_equal(r.counts.arrangements_open, 1);
	assert_int_equal(r.counts.arrangements_overdue, 1);
	assert_int_equal(store_roundtable_get(f->s, 1, NULL, "2023-02-24", &f->a, &r), GL_OK);
	assert_int_equal(r.counts.arrangements_overdue, 0);
	assert_int_equal(store_roundtable_get(f->s, 1, &jd, "2023-02-27", &f->a, &r), GL_OK);
	assert_int_equal(r.counts.arrangements_open, 0);

	/* Appeal 5 was raised at session 2, and appeal 99 does not exist. */
	x = (struct arrangement){.roundtable_id = 1, .appeal_id = 5, .text = "融资对接",
				 .unit_id = 7, .made_on = "2023-06-09", .deadline_days = 3};
	verr_init(&errs);
	assert_int_equal(store_arrangement_create(f->s, &x, &f->a, &errs), GL_EINVALID);
	assert_true(names(&errs, "roundtable_id", "invalid"));
	x.appeal_id = 99;
	x.unit_id = 999;
	verr_init(&errs);
	assert_int_equal(store_arrangement_create(f->s, &x, &f->a, &errs), GL_EINVALID);
	assert_true(names(&errs, "appeal_id", "unknown"));
	assert_true(names(&errs, "unit_id", "unknown"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(due_across_spring_festival, setup, teardown),
		cmocka_unit_test_setup_teardown(judged_on_boundary_days, setup, teardown),
		cmocka_unit_test(status_moves),
		cmocka_unit_test(validation),
		cmocka_unit_test_setup_teardown(session_appeals, setup, teardown),
		cmocka_unit_test_setup_teardown(session_appeals_in_scope, setup, teardown),
		cmocka_unit_test_setup_teardown(arrangements_on_appeals, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
