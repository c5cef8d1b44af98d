/* test_briefing.c - the briefing paragraph from hand-computed figures, the period parser,
 * target progress, and the rollups at the store level: a project signed and later put on
 * hold still counts as signed; funds rows count in their month and follow their project. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "domain/briefing.h"
#include "store/store.h"

static void test_amounts(void **state)
{
	char b[32];
	(void)state;
	static const struct { int64_t wan; const char *text; } cases[] = {
		{4000000, "400亿元"}, {31285000, "3128.5亿元"}, {31284499, "3128.4亿元"},
		{31284500, "3128.5亿元"}, {10000, "1亿元"}, {9999, "9999万元"}, {0, "0万元"},
		{15000, "1.5亿元"}, {19990, "2亿元"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_true(briefing_amount(cases[i].wan, b, sizeof(b)) > 0);
		assert_string_equal(b, cases[i].text);
	}
}

static void test_spans(void **state)
{
	struct stats_span s;
	char label[32];
	(void)state;

	assert_int_equal(stats_span_parse("2023", &s), 0);
	assert_string_equal(s.from_day, "2023-01-01");
	assert_string_equal(s.to_day, "2023-12-31");
	assert_int_equal(stats_span_parse("2023-Q1", &s), 0);
	assert_string_equal(s.to_month, "2023-03");
	assert_string_equal(s.to_day, "2023-03-31");
	briefing_period_label(&s, label, sizeof(label));
	assert_string_equal(label, "2023年第一季度");
	assert_int_equal(stats_span_parse("2024-02", &s), 0);
	assert_string_equal(s.to_day, "2024-02-29");
	briefing_period_label(&s, label, sizeof(label));
	assert_string_equal(label, "2024年2月");
	assert_int_equal(stats_span_parse("2023-Q5", &s), -1);
	assert_int_equal(stats_span_parse("2023-00", &s), -1);
	assert_int_equal(stats_span_parse("2023-1", &s), -1);
	assert_int_equal(stats_span_parse("abcd", &s), -1);
	assert_int_equal(stats_span_parse(NULL, &s), -1);
}

static void test_permille(void **state)
{
	(void)state;
	assert_int_equal(target_permille(1, 3), 333);
	assert_int_equal(target_permille(2, 3), 667);
	assert_int_equal(target_permille(30000, 45000), 667);
	assert_int_equal(target_permille(5, 4), 1250);
	assert_int_equal(target_permille(0, 4), 0);
	assert_int_equal(target_permille(3, 0), -1);
}

static void test_text(void **state)
{
	struct briefing_county c[] = {{"济阳区", {4, 30000}}, {"商河县", {2, 5500}}};
	struct briefing_figures f = {
		.signed_all = {36, 4000000}, .signed_industrial = {36, 4000000},
		.started = {12, 1234567}, .production = {0, 0}, .funds_wan = 987654,
		.counties = c, .ncounties = 2,
	};
	char text[1024];
	(void)state;

	assert_int_equal(stats_span_parse("2023", &f.span), 0);
	strcpy(f.as_of, "2023-12-31");
	assert_true(briefing_write(&f, text, sizeof(text)) > 0);
	assert_string_equal(text,
		"截至2023年12月31日，2023年全区已签约项目36个，总投资400亿元，其中产业类项目36个、"
		"总投资400亿元；开工项目12个，总投资123.5亿元；投产项目0个；到位资金98.8亿元。"
		"另有协作县区签约项目6个（济阳区4个、商河县2个），总投资3.6亿元，计入所在地，"
		"不计入全区合计。");
	/* Too small a buffer fails cleanly. */
	assert_int_equal(briefing_write(&f, text, 40), -1);
}

/* ---- the rollups, through the store -------------------------------------------------- */

struct fx {
	char dir[256], path[300];
	struct store *s;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	const char *tmp = getenv("TMPDIR");
	int from, to;

	snprintf(f->dir, sizeof(f->dir), "%s/guanlan-test-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/t.db", f->dir);
	if (store_open(f->path, &f->s) != GL_OK || store_migrate(f->s, &from, &to) != GL_OK)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char p[320];

	store_close(f->s);
	unlink(f->path);
	snprintf(p, sizeof(p), "%s-wal", f->path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", f->path);
	unlink(p);
	rmdir(f->dir);
	free(f);
	return 0;
}

static void exec(const char *path, const char *sql)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

static void test_store(void **state)
{
	struct fx *f = *state;
	struct arena a;
	struct verrors errs;
	struct briefing_figures b;
	struct stats_span span;
	struct stats_result r;
	(void)state;

	arena_init(&a);
	verr_init(&errs);
	struct project p = {.name = "甲", .stage = STAGE_SIGNED, .location = "zone",
			    .signed_on = "2023-05-20", .has_investment = true,
			    .total_investment = 12000, .industrial = true, .unit_id = 2};
	assert_int_equal(store_project_create(f->s, &p, &a, &errs), GL_OK);
	/* Later put on hold, the signing date standing (as the ledger leaves it). */
	exec(f->path, "UPDATE project SET stage = 'on_hold' WHERE id = 1;"
		      "INSERT INTO project_funds (project_id, month, amount) VALUES"
		      " (1, '2023-06', 300), (1, '2023-07', 450), (1, '2024-01', 99);");
	assert_int_equal(stats_span_parse("2023", &span), 0);
	assert_int_equal(store_briefing_figures(f->s, &span, &a, &b), GL_OK);
	assert_int_equal(b.signed_all.count, 1);
	assert_int_equal(b.signed_all.amount_wan, 12000);
	assert_int_equal(b.signed_industrial.count, 1);
	assert_int_equal(b.funds_wan, 750);

	struct stats_query q = {.measures = 1u << SM_SIGNED | 1u << SM_FUNDS,
				.dims = 1u << SD_STAGE, .industrial = -1};
	strcpy(q.from, "2023-01");
	strcpy(q.to, "2023-12");
	assert_int_equal(store_stats_query(f->s, &q, &a, &r), GL_OK);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.rows[0].key[SD_STAGE].code, "on_hold");
	assert_int_equal(r.rows[0].v[SM_SIGNED].count, 1);
	assert_int_equal(r.rows[0].v[SM_FUNDS].amount_wan, 750);
	assert_int_equal(r.rows[0].v[SM_FUNDS].count, 2);

	/* A funds correction and a deletion move the figures. */
	exec(f->path, "UPDATE project_funds SET amount = 500 WHERE month = '2023-06';"
		      "DELETE FROM project_funds WHERE month = '2023-07';");
	assert_int_equal(store_briefing_figures(f->s, &span, &a, &b), GL_OK);
	assert_int_equal(b.funds_wan, 500);

	/* A backward move past 签约 clears the date: no longer signed in 2023. */
	exec(f->path, "UPDATE project SET stage = 'negotiating', signed_on = NULL WHERE id = 1");
	assert_int_equal(store_briefing_figures(f->s, &span, &a, &b), GL_OK);
	assert_int_equal(b.signed_all.count, 0);
	assert_int_equal(b.signed_all.amount_wan, 0);
	assert_int_equal(b.funds_wan, 500);
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_amounts),
		cmocka_unit_test(test_spans),
		cmocka_unit_test(test_permille),
		cmocka_unit_test(test_text),
		cmocka_unit_test_setup_teardown(test_store, setup, teardown),
	};

	return cmocka_run_group_tests_name("briefing", tests, NULL, NULL);
}
