/* test_appeal.c - the appeal workflow: every action in every state for every role (own and
 * not own), the state each action leads to, and deadlines across 春节, 国庆 and the 调休
 * weekends of 2023-2026 (from data/cn-holidays-2023-2026.tsv, worked out by hand: W = a
 * working day counted, H = a listed holiday, w = a weekend day made a working day, - = an
 * ordinary weekend day), and the Monday-Friday guess beyond 2026.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "domain/appeal.h"
#include "store/store.h"
#include "util/arena.h"

#define A(x) (1u << APPEAL_##x)
enum { NO = 0 };

/* [state][role] -> the allowed set when the appeal is not the caller's own, and when it is;
 * no extension pending, not supervised. */
static const struct {
	enum appeal_state state;
	enum role role;
	unsigned other, own;
} table[] = {
	{APPEAL_SUBMITTED, ROLE_ADMIN, A(ACCEPT) | A(DECLINE) | A(SUPERVISE),
	 A(ACCEPT) | A(DECLINE) | A(SUPERVISE)},
	{APPEAL_SUBMITTED, ROLE_LEADER, A(SUPERVISE), A(SUPERVISE)},
	{APPEAL_SUBMITTED, ROLE_OFFICER, A(ACCEPT) | A(DECLINE), A(ACCEPT) | A(DECLINE)},
	{APPEAL_SUBMITTED, ROLE_HANDLER, NO, A(ACCEPT) | A(DECLINE)},
	{APPEAL_SUBMITTED, ROLE_ENTERPRISE, NO, NO},
	{APPEAL_SUBMITTED, ROLE_VIEWER, NO, NO},

	{APPEAL_ACCEPTED, ROLE_ADMIN, A(ASSIGN) | A(SUPERVISE), A(ASSIGN) | A(SUPERVISE)},
	{APPEAL_ACCEPTED, ROLE_LEADER, A(SUPERVISE), A(SUPERVISE)},
	{APPEAL_ACCEPTED, ROLE_OFFICER, A(ASSIGN), A(ASSIGN)},
	{APPEAL_ACCEPTED, ROLE_HANDLER, NO, NO},
	{APPEAL_ACCEPTED, ROLE_ENTERPRISE, NO, NO},
	{APPEAL_ACCEPTED, ROLE_VIEWER, NO, NO},

	{APPEAL_DECLINED, ROLE_ADMIN, NO, NO},
	{APPEAL_DECLINED, ROLE_LEADER, NO, NO},
	{APPEAL_DECLINED, ROLE_OFFICER, NO, NO},
	{APPEAL_DECLINED, ROLE_HANDLER, NO, NO},
	{APPEAL_DECLINED, ROLE_ENTERPRISE, NO, NO},
	{APPEAL_DECLINED, ROLE_VIEWER, NO, NO},

	{APPEAL_ASSIGNED, ROLE_ADMIN,
	 A(START) | A(ANSWER) | A(TRANSFER) | A(REQUEST_EXTENSION) | A(SUPERVISE),
	 A(START) | A(ANSWER) | A(TRANSFER) | A(REQUEST_EXTENSION) | A(SUPERVISE)},
	{APPEAL_ASSIGNED, ROLE_LEADER, A(SUPERVISE), A(SUPERVISE)},
	{APPEAL_ASSIGNED, ROLE_OFFICER, A(TRANSFER), A(TRANSFER)},
	{APPEAL_ASSIGNED, ROLE_HANDLER, NO,
	 A(START) | A(ANSWER) | A(TRANSFER) | A(REQUEST_EXTENSION)},
	{APPEAL_ASSIGNED, ROLE_ENTERPRISE, NO, NO},
	{APPEAL_ASSIGNED, ROLE_VIEWER, NO, NO},

	{APPEAL_IN_PROGRESS, ROLE_ADMIN,
	 A(ANSWER) | A(TRANSFER) | A(REQUEST_EXTENSION) | A(SUPERVISE),
	 A(ANSWER) | A(TRANSFER) | A(REQUEST_EXTENSION) | A(SUPERVISE)},
	{APPEAL_IN_PROGRESS, ROLE_LEADER, A(SUPERVISE), A(SUPERVISE)},
	{APPEAL_IN_PROGRESS, ROLE_OFFICER, A(TRANSFER), A(TRANSFER)},
	{APPEAL_IN_PROGRESS, ROLE_HANDLER, NO, A(ANSWER) | A(TRANSFER) | A(REQUEST_EXTENSION)},
	{APPEAL_IN_PROGRESS, ROLE_ENTERPRISE, NO, NO},
	{APPEAL_IN_PROGRESS, ROLE_VIEWER, NO, NO},

	{APPEAL_ANSWERED, ROLE_ADMIN, A(RATE), A(RATE)},
	{APPEAL_ANSWERED, ROLE_LEADER, NO, NO},
	{APPEAL_ANSWERED, ROLE_OFFICER, NO, NO},
	{APPEAL_ANSWERED, ROLE_HANDLER, NO, NO},
	{APPEAL_ANSWERED, ROLE_ENTERPRISE, NO, A(RATE)},
	{APPEAL_ANSWERED, ROLE_VIEWER, NO, NO},

	{APPEAL_RATED, ROLE_ADMIN, NO, NO},
	{APPEAL_RATED, ROLE_LEADER, NO, NO},
	{APPEAL_RATED, ROLE_OFFICER, NO, NO},
	{APPEAL_RATED, ROLE_HANDLER, NO, NO},
	{APPEAL_RATED, ROLE_ENTERPRISE, NO, NO},
	{APPEAL_RATED, ROLE_VIEWER, NO, NO},

	{APPEAL_CLOSED, ROLE_ADMIN, NO, NO},
	{APPEAL_CLOSED, ROLE_LEADER, NO, NO},
	{APPEAL_CLOSED, ROLE_OFFICER, NO, NO},
	{APPEAL_CLOSED, ROLE_HANDLER, NO, NO},
	{APPEAL_CLOSED, ROLE_ENTERPRISE, NO, NO},
	{APPEAL_CLOSED, ROLE_VIEWER, NO, NO},
};

static void check(enum appeal_state st, enum role r, bool own, bool pending, bool supervised,
		  unsigned want)
{
	struct appeal_facts f = {st, r, own, pending, supervised};
	unsigned got = appeal_actions(&f);

	if (got != want) {
		char g[256], w[256];

		print_error("%s / %s / own=%d pending=%d supervised=%d: got [%s], want [%s]\n",
			    appeal_state_names[st], role_names[r], own, pending, supervised,
			    appeal_actions_text(got, g, sizeof(g)),
			    appeal_actions_text(want, w, sizeof(w)));
		fail();
	}
}

static void test_every_state_role_and_ownership(void **state)
{
	bool seen[APPEAL_STATE__MAX][ROLE__MAX] = {{false}};

	(void)state;
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		check(table[i].state, table[i].role, false, false, false, table[i].other);
		check(table[i].state, table[i].role, true, false, false, table[i].own);
		seen[table[i].state][table[i].role] = true;
	}
	for (int s = 0; s < APPEAL_STATE__MAX; s++)
		for (int r = 0; r < ROLE__MAX; r++)
			assert_true(seen[s][r]);
}

/* A pending extension: leaders and admins may decide it in any state, nobody may ask for
 * another; a supervised appeal is not supervised twice. */
static void test_pending_and_supervised(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		enum role r = table[i].role;
		unsigned decide = (r == ROLE_ADMIN || r == ROLE_LEADER) ? A(DECIDE_EXTENSION) : 0;

		for (int own = 0; own < 2; own++) {
			unsigned base = own ? table[i].own : table[i].other;

			check(table[i].state, r, own, true, false,
			      (base & ~A(REQUEST_EXTENSION)) | decide);
			check(table[i].state, r, own, false, true, base & ~A(SUPERVISE));
		}
	}
}

static void test_next_state(void **state)
{
	(void)state;
	assert_int_equal(appeal_next(APPEAL_SUBMITTED, APPEAL_ACCEPT, 0), APPEAL_ACCEPTED);
	assert_int_equal(appeal_next(APPEAL_SUBMITTED, APPEAL_DECLINE, 0), APPEAL_DECLINED);
	assert_int_equal(appeal_next(APPEAL_ACCEPTED, APPEAL_ASSIGN, 0), APPEAL_ASSIGNED);
	assert_int_equal(appeal_next(APPEAL_ASSIGNED, APPEAL_START, 0), APPEAL_IN_PROGRESS);
	assert_int_equal(appeal_next(APPEAL_ASSIGNED, APPEAL_ANSWER, 0), APPEAL_ANSWERED);
	assert_int_equal(appeal_next(APPEAL_IN_PROGRESS, APPEAL_ANSWER, 0), APPEAL_ANSWERED);
	assert_int_equal(appeal_next(APPEAL_ANSWERED, APPEAL_RATE, RATING_SATISFIED), APPEAL_CLOSED);
	assert_int_equal(appeal_next(APPEAL_ANSWERED, APPEAL_RATE, RATING_BASIC), APPEAL_CLOSED);
	assert_int_equal(appeal_next(APPEAL_ANSWERED, APPEAL_RATE, RATING_UNSATISFIED),
			 APPEAL_IN_PROGRESS);
	assert_int_equal(appeal_next(APPEAL_IN_PROGRESS, APPEAL_TRANSFER, 0), APPEAL_IN_PROGRESS);
	assert_int_equal(appeal_next(APPEAL_ASSIGNED, APPEAL_REQUEST_EXTENSION, 0), APPEAL_ASSIGNED);
	assert_int_equal(appeal_next(APPEAL_ASSIGNED, APPEAL_DECIDE_EXTENSION, 0), APPEAL_ASSIGNED);
	assert_int_equal(appeal_next(APPEAL_SUBMITTED, APPEAL_SUPERVISE, 0), APPEAL_SUBMITTED);
}

static void test_names(void **state)
{
	char buf[128];

	(void)state;
	assert_string_equal(appeal_actions_text(0, buf, sizeof(buf)), "none");
	assert_string_equal(appeal_actions_text(A(ACCEPT) | A(DECLINE), buf, sizeof(buf)),
			    "accept, decline");
	assert_int_equal(appeal_action_parse("request_extension"), APPEAL_REQUEST_EXTENSION);
	assert_int_equal(appeal_action_parse("close"), -1);
	assert_int_equal(appeal_rating_parse("basic"), RATING_BASIC);
	assert_string_equal(appeal_rating_labels[RATING_BASIC], "基本满意");
	assert_true(appeal_open(APPEAL_IN_PROGRESS));
	assert_false(appeal_open(APPEAL_ANSWERED));
	assert_null(appeal_running_due(APPEAL_CLOSED, "2024-01-02", "2024-01-03"));
	assert_string_equal(appeal_running_due(APPEAL_SUBMITTED, "2024-01-02", NULL), "2024-01-02");
	assert_string_equal(appeal_running_due(APPEAL_IN_PROGRESS, "2024-01-02", "2024-01-03"),
			    "2024-01-03");
}

struct fixture {
	struct store *s;
	struct arena a;
	struct calendar cal;
};

static int setup(void **state)
{
	static struct fixture f;
	int from, to;

	memset(&f, 0, sizeof(f));
	arena_init(&f.a);
	if (store_open(":memory:", &f.s) != GL_OK || store_migrate(f.s, &from, &to) != GL_OK ||
	    store_calendar_load(f.s, &f.a, &f.cal) != GL_OK)
		return -1;
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	store_close(f->s);
	arena_release(&f->a);
	return 0;
}

static void due(const struct calendar *c, const char *from, int n, const char *want,
		bool want_fallback)
{
	char buf[11];
	bool fb = false;
	const char *got = appeal_due(c, from, n, buf, &fb);

	assert_non_null(got);
	if (strcmp(got, want) != 0 || fb != want_fallback) {
		print_error("%s + %d: got %s (fallback %d), want %s (fallback %d)\n", from, n, got,
			    fb, want, want_fallback);
		fail();
	}
}

static void test_deadlines(void **state)
{
	struct fixture *f = *state;
	const struct calendar *c = &f->cal;

	/* 春节 2024: 02-09 (除夕, a Friday) was still a working day; 02-10..17 H; Sunday 02-18 w. */
	due(c, "2024-02-08", 1, "2024-02-09", false);
	due(c, "2024-02-09", 1, "2024-02-18", false);
	due(c, "2024-02-09", 2, "2024-02-19", false);
	/* Accept on Sunday 2024-02-04 (w, the day itself does not count): 02-05 Mon W1. */
	due(c, "2024-02-04", 1, "2024-02-05", false);
	/* 中秋+国庆 2023: 09-29..10-06 H, Saturday 10-07 w. */
	due(c, "2023-09-28", 1, "2023-10-07", false);
	/* 春节 2025: 01-25 Sat -, 01-26 Sun w W1, 01-27 W2, 01-28..02-04 H, 02-05 W3. */
	due(c, "2025-01-24", 3, "2025-02-05", false);
	/* 国庆 2024, simple (3): 09-28 -, 09-29 Sun w W1, 09-30 W2, 10-01..07 H, 10-08 W3. */
	due(c, "2024-09-27", 3, "2024-10-08", false);
	/* 国庆+中秋 2025, ordinary (15) from Tuesday 09-30: 10-01..08 H, 10-09 W1, 10-10 W2,
	 * 10-11 Sat w W3, 10-13..17 W4-W8, 10-20..24 W9-W13, 10-27 W14, 10-28 W15. */
	due(c, "2025-09-30", 15, "2025-10-28", false);
	/* 国庆 2026: 10-01..07 H, 10-08 W1, 10-09 W2, Saturday 10-10 w W3. */
	due(c, "2026-09-30", 2, "2026-10-09", false);
	due(c, "2026-09-30", 3, "2026-10-10", false);
	/* 春节 2026: Saturday 02-14 w W1, 02-15..23 H, 02-24 W2. */
	due(c, "2026-02-13", 1, "2026-02-14", false);
	due(c, "2026-02-13", 2, "2026-02-24", false);
	/* complex (30) from Tuesday 2023-01-03: 01-04..06 W1-3, 01-09..13 W4-8, 01-16..20
	 * W9-13, 01-21..27 H, 01-28 Sat w W14, 01-29 Sun w W15, 01-30..02-03 W16-20,
	 * 02-06..10 W21-25, 02-13..17 W26-30. */
	due(c, "2023-01-03", 30, "2023-02-17", false);
	/* Beyond 2026 the calendar guesses Monday-Friday and says so. */
	due(c, "2026-12-31", 1, "2027-01-01", true);
	due(c, "2027-03-05", 1, "2027-03-08", true);
	due(c, "2026-12-30", 1, "2026-12-31", false);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_state_role_and_ownership),
		cmocka_unit_test(test_pending_and_supervised),
		cmocka_unit_test(test_next_state),
		cmocka_unit_test(test_names),
		cmocka_unit_test_setup_teardown(test_deadlines, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
