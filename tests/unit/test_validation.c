/* test_validation.c - unit tests for the rules of enterprises and projects that need no
 * database: enterprise_validate, project_validate and the stage and sort parsers. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "domain/creditcode.h"
#include "domain/enterprise.h"
#include "domain/project.h"
#include "domain/verr.h"

/* 91350100M000100Y43 is the example printed in GB 32100-2015 (see test_creditcode.c). */
#define GOOD_CODE "91350100M000100Y43"

/* ---- helpers ------------------------------------------------------------------------- */

static int count_field(const struct verrors *v, const char *field)
{
	int n = 0;

	for (int i = 0; i < v->n; i++)
		n += strcmp(v->items[i].field, field) == 0;
	return n;
}

/* field has a problem with this code (and a non-empty message). */
static void assert_problem(const struct verrors *v, const char *field, const char *code)
{
	for (int i = 0; i < v->n; i++) {
		if (strcmp(v->items[i].field, field) == 0 && strcmp(v->items[i].code, code) == 0) {
			assert_true(v->items[i].message[0] != '\0');
			return;
		}
	}
	print_error("no \"%s\" problem on field \"%s\"; found:\n", code, field);
	for (int i = 0; i < v->n; i++)
		print_error("  %s: %s (%s)\n", v->items[i].field, v->items[i].code,
			    v->items[i].message);
	fail();
}

/* n copies of the UTF-8 string unit into buf. */
static const char *repeat(char *buf, size_t size, const char *unit, int n)
{
	size_t len = strlen(unit), at = 0;

	assert_true((size_t)n * len < size);
	for (int i = 0; i < n; i++, at += len)
		memcpy(buf + at, unit, len);
	buf[at] = '\0';
	return buf;
}

/* ---- enterprises --------------------------------------------------------------------- */

struct ent_result {
	struct verrors errs, warns;
	int rc;
};

static void validate_ent(const struct enterprise *e, struct ent_result *r)
{
	verr_init(&r->errs);
	verr_init(&r->warns);
	r->rc = enterprise_validate(e, &r->errs, &r->warns);
	/* The return value is always the number of errors added. */
	assert_int_equal(r->rc, r->errs.n + r->errs.dropped);
}

static void test_enterprise_minimal_and_full_valid(void **state)
{
	static const char *tags[] = { "新能源汽车", "链主企业", "专精特新" };
	struct contact contacts[] = {
		{ "张伟", "总经理", "0531-88886666", "zhang.wei@example.com.cn" },
		{ "李娜", NULL, "+86 (138) 0013-8000", NULL },
		{ "王强", "项目经理", NULL, "wq@byd.com" },
	};
	struct enterprise e = { .name = "比亚迪汽车工业有限公司" };
	struct ent_result r;

	(void)state;
	validate_ent(&e, &r);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.warns.n, 0);

	e.credit_code = GOOD_CODE;
	e.industry_code = "3612";
	e.address = "济南市起步区崔寨街道比亚迪大道1号";
	e.tags = tags;
	e.ntags = 3;
	e.contacts = contacts;
	e.ncontacts = 3;
	validate_ent(&e, &r);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.errs.n, 0);
	assert_int_equal(r.warns.n, 0);
}

static void test_enterprise_name(void **state)
{
	char buf[512];
	struct enterprise e = { 0 };
	struct ent_result r;

	(void)state;
	/* Missing, empty and blank (ASCII and ideographic spaces) names. */
	const char *blank[] = { NULL, "", "   ", "\t\r\n", "\xE3\x80\x80\xE3\x80\x80",
				" \xE3\x80\x80 " };
	for (size_t i = 0; i < sizeof(blank) / sizeof(blank[0]); i++) {
		e.name = blank[i];
		validate_ent(&e, &r);
		assert_int_equal(r.rc, 1);
		assert_problem(&r.errs, "name", "required");
	}

	/* Length is counted in characters, not bytes: 100 Chinese characters are 300 bytes. */
	e.name = repeat(buf, sizeof(buf), "企", 100);
	assert_int_equal(strlen(e.name), 300);
	validate_ent(&e, &r);
	assert_int_equal(r.rc, 0);

	e.name = repeat(buf, sizeof(buf), "企", 101);
	validate_ent(&e, &r);
	assert_int_equal(r.rc, 1);
	assert_problem(&r.errs, "name", "too_long");

	e.name = repeat(buf, sizeof(buf), "a", 100);
	validate_ent(&e, &r);
	assert_int_equal(r.rc, 0);
	e.name = repeat(buf, sizeof(buf), "a", 101);
	validate_ent(&e, &r);
	assert_problem(&r.errs, "name", "too_long");

	/* A four-byte character (U+20BB7 𠮷) counts as one. */
	e.name = repeat(buf, sizeof(buf), "\xF0\xA0\xAE\xB7", 100);
	validate_ent(&e, &r);
	assert_int_equal(r.rc, 0);
}

static void test_enterprise_credit_code(void **state)
{
	struct enterprise e = { .name = "济南某公司" };
	struct ent_result r;
	char code[19];

	(void)state;
	/* Absent: fine, the code is optional. */
	validate_ent(&e, &r);
	assert_int_equal(r.rc, 0);

	e.credit_code = GOOD_CODE;
	validate_ent(&e, &r);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.warns.n, 0);

	/* Only the 18th character is wrong: a warning, never an error. */
	e.credit_code = "91350100M000100Y44";
	validate_ent(&e, &r);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.errs.n, 0);
	assert_int_equal(r.warns.n, 1);
	assert_problem(&r.warns, "credit_code", "check_failed");

	/* Only the embedded organisation code's check is wrong: a warning as well. */
	memcpy(code, "91350100M000100Y5", 17);
	code[17] = uscc_check_char(code);
	code[18] = '\0';
	assert_int_equal(uscc_check(code), USCC_BAD_ORG_CHECK);
	e.credit_code = code;
	validate_ent(&e, &r);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.warns.n, 1);
	assert_problem(&r.warns, "credit_code", "check_failed");

	/* Structural faults are errors, with no warning. */
	const char *bad[] = {
		"91350100M000100Y4",   /* 17 characters */
		"91350100M000100Y430", /* 19 characters */
		"",
		"91350100I000100Y43",  /* I never occurs */
		"91350100M000100O43",  /* nor O */
		"91350100M0001-0Y43",  /* punctuation */
		"91350100m000100y43",  /* lower case is not accepted as stored */
		"比亚迪股份公",         /* 18 bytes of UTF-8 */
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		e.credit_code = bad[i];
		validate_ent(&e, &r);
		assert_int_equal(r.rc, 1);
		assert_problem(&r.errs, "credit_code", "invalid");
		assert_int_equal(r.warns.n, 0);
	}
}

static void test_enterprise_industry_code(void **state)
{
	struct enterprise e = { .name = "济南某公司" };
	struct ent_result r;

	(void)state;
	/* Format only: a section letter A-T, or 2-4 digits.  Whether the code exists is the
	 * store's business. */
	const char *good[] = { "C", "A", "T", "36", "361", "3612", "0111" };
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		e.industry_code = good[i];
		validate_ent(&e, &r);
		assert_int_equal(r.rc, 0);
	}
	const char *bad[] = { "", "3", "U", "Z", "c", "CC", "36120", "36a", "3 12", "C36", "３６" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		e.industry_code = bad[i];
		validate_ent(&e, &r);
		assert_int_equal(r.rc, 1);
		assert_problem(&r.errs, "industry_code", "invalid");
	}
}

static void test_enterprise_address(void **state)
{
	char buf[1024];
	struct enterprise e = { .name = "济南某公司" };
	struct ent_result r;

	(void)state;
	e.address = repeat(buf, sizeof(buf), "路", 200);
	validate_ent(&e, &r);
	assert_int_equal(r.rc, 0);
	e.address = repeat(buf, sizeof(buf), "路", 201);
	validate_ent(&e, &r);
	assert_int_equal(r.rc, 1);
	assert_problem(&r.errs, "address", "too_long");
}

static void test_enterprise_tags(void **state)
{
	char long_tag[128], max_tag[128], names[21][16];
	const char *tags[21];
	struct enterprise e = { .name = "济南某公司", .tags = tags };
	struct ent_result r;

	(void)state;
	/* Empty and blank tags. */
	tags[0] = "新能源";
	tags[1] = "";
	tags[2] = "  ";
	e.ntags = 3;
	validate_ent(&e, &r);
	assert_int_equal(r.rc, 2);
	assert_problem(&r.errs, "tags[1]", "required");
	assert_problem(&r.errs, "tags[2]", "required");
	assert_false(verr_has(&r.errs, "tags[0]"));

	/* A duplicate is reported on the later one, once even when it repeats twice. */
	tags[0] = "新能源";
	tags[1] = "汽车";
	tags[2] = "新能源";
	tags[3] = "新能源";
	e.ntags = 4;
	validate_ent(&e, &r);
	assert_int_equal(r.rc, 2);
	assert_problem(&r.errs, "tags[2]", "duplicate");
	assert_problem(&r.errs, "tags[3]", "duplicate");
	assert_int_equal(count_field(&r.errs, "tags[3]"), 1);
	assert_false(verr_has(&r.errs, "tags[0]"));

	/* 20 characters is the limit, in characters. */
	tags[0] = repeat(max_tag, sizeof(max_tag), "标", 20);
	tags[1] = repeat(long_tag, sizeof(long_tag), "标", 21);
	e.ntags = 2;
	validate_ent(&e, &r);
	assert_int_equal(r.rc, 1);
	assert_problem(&r.errs, "tags[1]", "too_long");

	/* 20 tags are fine, 21 are too many. */
	for (int i = 0; i < 21; i++) {
		snprintf(names[i], sizeof(names[i]), "t%d", i);
		tags[i] = names[i];
	}
	e.ntags = 20;
	validate_ent(&e, &r);
	assert_int_equal(r.rc, 0);
	e.ntags = 21;
	validate_ent(&e, &r);
	assert_int_equal(r.rc, 1);
	assert_problem(&r.errs, "tags", "too_many");

	/* No tags at all is fine. */
	e.ntags = 0;
	e.tags = NULL;
	validate_ent(&e, &r);
	assert_int_equal(r.rc, 0);
}

static void test_enterprise_contacts(void **state)
{
	struct contact c[3];
	struct enterprise e = { .name = "济南某公司", .contacts = c, .ncontacts = 3 };
	struct ent_result r;

	(void)state;
	c[0] = (struct contact){ .name = NULL, .phone = "13800138000" };
	c[1] = (struct contact){ .name = "李娜", .email = "lina.example.com", .phone = "电话" };
	c[2] = (struct contact){ .name = "王强", .email = "wq@byd.com" };
	validate_ent(&e, &r);
	assert_int_equal(r.rc, 3);
	assert_problem(&r.errs, "contacts[0].name", "required");
	assert_problem(&r.errs, "contacts[1].email", "invalid");
	assert_problem(&r.errs, "contacts[1].phone", "invalid");
	assert_false(verr_has(&r.errs, "contacts[0].phone"));
	assert_false(verr_has(&r.errs, "contacts[2].email"));
	assert_false(verr_has(&r.errs, "contacts[2].name"));

	/* A blank name is missing too. */
	c[0].name = " \xE3\x80\x80";
	c[1] = c[2];
	validate_ent(&e, &r);
	assert_int_equal(r.rc, 1);
	assert_problem(&r.errs, "contacts[0].name", "required");

	/* E-mail addresses. */
	e.ncontacts = 1;
	c[0] = (struct contact){ .name = "张伟" };
	const char *good_mail[] = { "a@b.cn", "zhang.wei@example.com.cn", "x+y@mail.sdu.edu.cn" };
	for (size_t i = 0; i < sizeof(good_mail) / sizeof(good_mail[0]); i++) {
		c[0].email = good_mail[i];
		validate_ent(&e, &r);
		assert_int_equal(r.rc, 0);
	}
	const char *bad_mail[] = { "", "a@b", "@b.cn", "a@@b.cn", "a@b@c.cn", "a b@c.cn", "a@b.",
				   "a@.cn", "ab.cn" };
	for (size_t i = 0; i < sizeof(bad_mail) / sizeof(bad_mail[0]); i++) {
		c[0].email = bad_mail[i];
		validate_ent(&e, &r);
		assert_int_equal(r.rc, 1);
		assert_problem(&r.errs, "contacts[0].email", "invalid");
	}

	/* Phone numbers: 5-20 digits with + - ( ) and spaces. */
	c[0].email = NULL;
	const char *good_phone[] = { "12345", "13800138000", "0531-88886666", "+86 (531) 8888 6666",
				     "12345678901234567890" };
	for (size_t i = 0; i < sizeof(good_phone) / sizeof(good_phone[0]); i++) {
		c[0].phone = good_phone[i];
		validate_ent(&e, &r);
		assert_int_equal(r.rc, 0);
	}
	const char *bad_phone[] = { "", "1234", "123456789012345678901", "138-0013-800x", "转8001",
				    "1380013800０", "+86.531.88886666" };
	for (size_t i = 0; i < sizeof(bad_phone) / sizeof(bad_phone[0]); i++) {
		c[0].phone = bad_phone[i];
		validate_ent(&e, &r);
		assert_int_equal(r.rc, 1);
		assert_problem(&r.errs, "contacts[0].phone", "invalid");
	}
}

static void test_enterprise_contact_limits(void **state)
{
	char name51[256], title51[256];
	struct contact c[21];
	struct enterprise e = { .name = "济南某公司", .contacts = c };
	struct ent_result r;

	(void)state;
	for (int i = 0; i < 21; i++)
		c[i] = (struct contact){ .name = "联系人" };
	e.ncontacts = 20;
	validate_ent(&e, &r);
	assert_int_equal(r.rc, 0);
	e.ncontacts = 21;
	validate_ent(&e, &r);
	assert_int_equal(r.rc, 1);
	assert_problem(&r.errs, "contacts", "too_many");

	e.ncontacts = 2;
	c[1].name = repeat(name51, sizeof(name51), "名", 51);
	c[1].title = repeat(title51, sizeof(title51), "职", 51);
	validate_ent(&e, &r);
	assert_int_equal(r.rc, 2);
	assert_problem(&r.errs, "contacts[1].name", "too_long");
	assert_problem(&r.errs, "contacts[1].title", "too_long");
}

static void test_enterprise_all_problems_reported(void **state)
{
	static const char *tags[] = { "新能源", "", "新能源" };
	struct contact contacts[] = {
		{ "张伟", NULL, "13800138000", "zhang@example.com" },
		{ "", NULL, "12", "not-an-email" },
	};
	struct enterprise e = {
		.name = "   ",
		.credit_code = "91350100I000100Y43",
		.industry_code = "36120",
		.tags = tags,
		.ntags = 3,
		.contacts = contacts,
		.ncontacts = 2,
	};
	struct ent_result r;

	(void)state;
	validate_ent(&e, &r);
	assert_problem(&r.errs, "name", "required");
	assert_problem(&r.errs, "credit_code", "invalid");
	assert_problem(&r.errs, "industry_code", "invalid");
	assert_problem(&r.errs, "tags[1]", "required");
	assert_problem(&r.errs, "tags[2]", "duplicate");
	assert_problem(&r.errs, "contacts[1].name", "required");
	assert_problem(&r.errs, "contacts[1].phone", "invalid");
	assert_problem(&r.errs, "contacts[1].email", "invalid");
	assert_int_equal(r.rc, 8);
	assert_int_equal(r.warns.n, 0);

	/* A warning and errors together land in their own lists. */
	e.credit_code = "91350100M000100Y44";
	validate_ent(&e, &r);
	assert_int_equal(r.rc, 7);
	assert_false(verr_has(&r.errs, "credit_code"));
	assert_problem(&r.warns, "credit_code", "check_failed");

	/* The return counts only what this call added to an existing list, and a field keeps
	 * its first problem: validating again adds nothing. */
	e.credit_code = NULL;
	verr_init(&r.warns);
	r.rc = enterprise_validate(&e, &r.errs, &r.warns);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.errs.n, 7);
}

/* ---- projects ------------------------------------------------------------------------ */

static int validate_prj(const struct project *p, struct verrors *errs)
{
	int rc;

	verr_init(errs);
	rc = project_validate(p, errs);
	assert_int_equal(rc, errs->n + errs->dropped);
	return rc;
}

static struct project lead(void)
{
	struct project p = { .name = "比亚迪零部件配套项目", .stage = STAGE_LEAD,
			     .location = PROJECT_LOCATION_ZONE };

	return p;
}

static void test_project_name(void **state)
{
	char buf[512];
	struct project p = lead();
	struct verrors errs;

	(void)state;
	assert_int_equal(validate_prj(&p, &errs), 0);

	const char *blank[] = { NULL, "", "  ", "\xE3\x80\x80" };
	for (size_t i = 0; i < sizeof(blank) / sizeof(blank[0]); i++) {
		p.name = blank[i];
		assert_int_equal(validate_prj(&p, &errs), 1);
		assert_problem(&errs, "name", "required");
	}
	p.name = repeat(buf, sizeof(buf), "项", 100);
	assert_int_equal(validate_prj(&p, &errs), 0);
	p.name = repeat(buf, sizeof(buf), "项", 101);
	assert_int_equal(validate_prj(&p, &errs), 1);
	assert_problem(&errs, "name", "too_long");
}

static void test_project_stage_requirements(void **state)
{
	struct project p = lead();
	struct verrors errs;

	(void)state;
	/* Early stages and the side states need nothing. */
	const enum project_stage free_stages[] = { STAGE_LEAD, STAGE_NEGOTIATING, STAGE_ON_HOLD,
						   STAGE_DROPPED };
	for (size_t i = 0; i < sizeof(free_stages) / sizeof(free_stages[0]); i++) {
		p.stage = free_stages[i];
		assert_int_equal(validate_prj(&p, &errs), 0);
	}

	/* Signed: a signing date and the total investment. */
	p.stage = STAGE_SIGNED;
	assert_int_equal(validate_prj(&p, &errs), 2);
	assert_problem(&errs, "signed_on", "required");
	assert_problem(&errs, "total_investment", "required");
	p.signed_on = "2023-03-15";
	assert_int_equal(validate_prj(&p, &errs), 1);
	assert_problem(&errs, "total_investment", "required");
	p.has_investment = true;
	p.total_investment = 1500000;
	assert_int_equal(validate_prj(&p, &errs), 0);
	/* Zero is a known amount. */
	p.total_investment = 0;
	assert_int_equal(validate_prj(&p, &errs), 0);

	/* Started: also a start date. */
	p.stage = STAGE_STARTED;
	assert_int_equal(validate_prj(&p, &errs), 1);
	assert_problem(&errs, "started_on", "required");
	p.started_on = "2023-06-01";
	assert_int_equal(validate_prj(&p, &errs), 0);

	/* Production and capacity: also a production date; capacity its own date too. */
	p.stage = STAGE_PRODUCTION;
	assert_int_equal(validate_prj(&p, &errs), 1);
	assert_problem(&errs, "production_on", "required");
	p.stage = STAGE_CAPACITY;
	assert_int_equal(validate_prj(&p, &errs), 2);
	assert_problem(&errs, "production_on", "required");
	assert_problem(&errs, "capacity_on", "required");
	p.production_on = "2024-12-31";
	assert_int_equal(validate_prj(&p, &errs), 1);
	p.capacity_on = "2025-06-30";
	assert_int_equal(validate_prj(&p, &errs), 0);
	p.capacity_on = NULL;
	p.stage = STAGE_PRODUCTION;
	assert_int_equal(validate_prj(&p, &errs), 0);

	/* Capacity with nothing known: every earlier requirement is reported. */
	p = lead();
	p.stage = STAGE_CAPACITY;
	assert_int_equal(validate_prj(&p, &errs), 5);
	assert_problem(&errs, "signed_on", "required");
	assert_problem(&errs, "total_investment", "required");
	assert_problem(&errs, "started_on", "required");
	assert_problem(&errs, "production_on", "required");
	assert_problem(&errs, "capacity_on", "required");

	/* Started without signing data: the signing requirements are reported too. */
	p.stage = STAGE_STARTED;
	p.started_on = "2023-06-01";
	assert_int_equal(validate_prj(&p, &errs), 2);
	assert_problem(&errs, "signed_on", "required");
	assert_problem(&errs, "total_investment", "required");

	/* A side state keeps the dates it has, which must be those of the stages it passed
	 * through in order: a start date without a signing date is not a ledger. */
	p.stage = STAGE_ON_HOLD;
	assert_int_equal(validate_prj(&p, &errs), 1);
	assert_problem(&errs, "signed_on", "required");
	p.signed_on = "2023-05-01";
	assert_int_equal(validate_prj(&p, &errs), 0);
	p.stage = STAGE_DROPPED;
	assert_int_equal(validate_prj(&p, &errs), 0);
	p.signed_on = NULL;

	/* An unknown stage. */
	p.stage = STAGE__MAX;
	assert_int_equal(validate_prj(&p, &errs), 1);
	assert_problem(&errs, "stage", "invalid");
}

static void test_project_investment(void **state)
{
	struct project p = lead();
	struct verrors errs;

	(void)state;
	p.has_investment = true;
	p.total_investment = -1;
	assert_int_equal(validate_prj(&p, &errs), 1);
	assert_problem(&errs, "total_investment", "invalid");
	p.total_investment = INT64_MIN;
	assert_int_equal(validate_prj(&p, &errs), 1);
	p.total_investment = 0;
	assert_int_equal(validate_prj(&p, &errs), 0);

	/* Negative at a stage that needs an investment: reported as invalid, not missing. */
	p.stage = STAGE_SIGNED;
	p.signed_on = "2023-03-15";
	p.total_investment = -500;
	assert_int_equal(validate_prj(&p, &errs), 1);
	assert_problem(&errs, "total_investment", "invalid");
}

static void test_project_dates(void **state)
{
	struct project p = lead();
	struct verrors errs;

	(void)state;
	/* A dropped project may carry the dates of the stages it had reached; a lead may not. */
	p.stage = STAGE_DROPPED;
	const char *bad[] = { "2023-02-30", "2023/02/03", "2023-2-3", "2023-02-03 ", "23-02-03",
			      "2023-13-01", "2023-00-10", "2023-04-31", "2023-02-29", "1899-12-31",
			      "3000-01-01", "２０２３-02-03", "2023-02-03T00:00:00", "" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		p.signed_on = bad[i];
		assert_int_equal(validate_prj(&p, &errs), 1);
		assert_problem(&errs, "signed_on", "invalid");
	}
	p.signed_on = "2024-02-29";
	assert_int_equal(validate_prj(&p, &errs), 0);

	/* Each date field is checked on its own, all reported together. */
	p.signed_on = "2023-02-30";
	p.started_on = "2023/02/03";
	p.production_on = "2023-04-31";
	assert_int_equal(validate_prj(&p, &errs), 3);
	assert_problem(&errs, "signed_on", "invalid");
	assert_problem(&errs, "started_on", "invalid");
	assert_problem(&errs, "production_on", "invalid");

	/* Production may not come before the start; the same day is fine. */
	p.signed_on = "2023-01-10";
	p.started_on = "2023-05-01";
	p.production_on = "2023-04-30";
	assert_int_equal(validate_prj(&p, &errs), 1);
	assert_problem(&errs, "production_on", "invalid");
	p.production_on = "2023-05-01";
	assert_int_equal(validate_prj(&p, &errs), 0);
	p.production_on = "2024-05-01";
	assert_int_equal(validate_prj(&p, &errs), 0);
	/* Across a year boundary: compared as whole dates, not by day or month alone. */
	p.started_on = "2023-12-31";
	p.production_on = "2024-01-01";
	assert_int_equal(validate_prj(&p, &errs), 0);
	p.started_on = "2024-01-01";
	p.production_on = "2023-12-31";
	assert_int_equal(validate_prj(&p, &errs), 1);
	assert_problem(&errs, "production_on", "invalid");

	/* A required date that is present but malformed is invalid, not missing. */
	p = lead();
	p.stage = STAGE_STARTED;
	p.signed_on = "2023-01-10";
	p.has_investment = true;
	p.total_investment = 100;
	p.started_on = "2023/05/01";
	assert_int_equal(validate_prj(&p, &errs), 1);
	assert_problem(&errs, "started_on", "invalid");
}

static void test_project_self_references(void **state)
{
	struct project p = lead();
	struct verrors errs;

	(void)state;
	/* Not yet stored (id 0): nothing to compare. */
	assert_int_equal(validate_prj(&p, &errs), 0);

	p.id = 42;
	p.phase_parent_id = 42;
	p.phase = "二期";
	assert_int_equal(validate_prj(&p, &errs), 1);
	assert_problem(&errs, "phase_parent_id", "invalid");

	p.phase_parent_id = 7;
	p.chain_anchor_id = 42;
	assert_int_equal(validate_prj(&p, &errs), 1);
	assert_problem(&errs, "chain_anchor_id", "invalid");

	p.phase_parent_id = 42;
	assert_int_equal(validate_prj(&p, &errs), 2);
	assert_problem(&errs, "phase_parent_id", "invalid");
	assert_problem(&errs, "chain_anchor_id", "invalid");

	p.phase_parent_id = 7;
	p.chain_anchor_id = 8;
	assert_int_equal(validate_prj(&p, &errs), 0);
}

static void test_project_enterprises(void **state)
{
	int64_t ids[21];
	struct project p = lead();
	struct verrors errs;

	(void)state;
	ids[0] = 1;
	ids[1] = 2;
	ids[2] = 3;
	p.enterprise_ids = ids;
	p.nenterprises = 3;
	assert_int_equal(validate_prj(&p, &errs), 0);

	ids[2] = 1;
	assert_int_equal(validate_prj(&p, &errs), 1);
	assert_problem(&errs, "enterprise_ids", "duplicate");

	/* Reported once however many repeats. */
	ids[1] = 1;
	assert_int_equal(validate_prj(&p, &errs), 1);
	assert_int_equal(count_field(&errs, "enterprise_ids"), 1);

	/* Duplicates at the end of a list. */
	ids[0] = 5;
	ids[1] = 6;
	ids[2] = 6;
	assert_int_equal(validate_prj(&p, &errs), 1);
	assert_problem(&errs, "enterprise_ids", "duplicate");

	for (int i = 0; i < 21; i++)
		ids[i] = 100 + i;
	p.nenterprises = 20;
	assert_int_equal(validate_prj(&p, &errs), 0);
	p.nenterprises = 21;
	assert_int_equal(validate_prj(&p, &errs), 1);
	assert_problem(&errs, "enterprise_ids", "too_many");
}

static void test_project_text_limits(void **state)
{
	char buf[512];
	struct project p = lead();
	struct verrors errs;

	(void)state;
	p.phase = repeat(buf, sizeof(buf), "期", 20);
	assert_int_equal(validate_prj(&p, &errs), 0);
	p.phase = repeat(buf, sizeof(buf), "期", 21);
	assert_int_equal(validate_prj(&p, &errs), 1);
	assert_problem(&errs, "phase", "too_long");
	p.phase = NULL;
	p.leader = repeat(buf, sizeof(buf), "领", 50);
	assert_int_equal(validate_prj(&p, &errs), 0);
	p.leader = repeat(buf, sizeof(buf), "领", 51);
	assert_int_equal(validate_prj(&p, &errs), 1);
	assert_problem(&errs, "leader", "too_long");
}

static void test_project_all_problems_reported(void **state)
{
	int64_t ids[] = { 3, 4, 3 };
	struct project p = {
		.id = 9,
		.name = "",
		.stage = STAGE_PRODUCTION,
		.has_investment = true,
		.total_investment = -10,
		.signed_on = "2023-02-30",
		.started_on = "2023-06-01",
		.production_on = "2023-05-01",
		.enterprise_ids = ids,
		.nenterprises = 3,
		.phase_parent_id = 9,
		.chain_anchor_id = 9,
		.location = "zone",
	};
	struct verrors errs;

	(void)state;
	validate_prj(&p, &errs);
	assert_problem(&errs, "name", "required");
	assert_problem(&errs, "total_investment", "invalid");
	assert_problem(&errs, "signed_on", "invalid");
	assert_problem(&errs, "production_on", "invalid");
	assert_problem(&errs, "enterprise_ids", "duplicate");
	assert_problem(&errs, "phase_parent_id", "invalid");
	assert_problem(&errs, "chain_anchor_id", "invalid");
	assert_int_equal(errs.n, 7);
}

/* ---- parsers ------------------------------------------------------------------------- */

static void test_project_stage_parse(void **state)
{
	static const struct {
		const char *code;
		int stage;
	} ok[] = {
		{ "lead", STAGE_LEAD },           { "negotiating", STAGE_NEGOTIATING },
		{ "signed", STAGE_SIGNED },       { "started", STAGE_STARTED },
		{ "production", STAGE_PRODUCTION }, { "capacity", STAGE_CAPACITY },
		{ "on_hold", STAGE_ON_HOLD },     { "dropped", STAGE_DROPPED },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		assert_int_equal(project_stage_parse(ok[i].code), ok[i].stage);
		assert_string_equal(project_stages[ok[i].stage].code, ok[i].code);
	}
	const char *bad[] = { "", "Signed", "SIGNED", "signed ", "sign", "签约", "on-hold", "onhold",
			      "lead\n" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(project_stage_parse(bad[i]), -1);

	/* The main line is ordered; the side states are off it. */
	for (int s = STAGE_LEAD; s <= STAGE_CAPACITY; s++)
		assert_int_equal(project_stages[s].order, s);
	assert_int_equal(project_stages[STAGE_ON_HOLD].order, -1);
	assert_int_equal(project_stages[STAGE_DROPPED].order, -1);
	assert_string_equal(project_stages[STAGE_SIGNED].name, "签约");
	assert_string_equal(project_stages[STAGE_DROPPED].name, "终止");
}

static void test_enterprise_sort_parse(void **state)
{
	(void)state;
	assert_int_equal(enterprise_sort_parse("id"), ENTERPRISE_SORT_ID);
	assert_int_equal(enterprise_sort_parse("-id"), ENTERPRISE_SORT_ID_DESC);
	assert_int_equal(enterprise_sort_parse("name"), ENTERPRISE_SORT_NAME);
	assert_int_equal(enterprise_sort_parse("-name"), ENTERPRISE_SORT_NAME_DESC);
	assert_int_equal(enterprise_sort_parse("-updated_at"), ENTERPRISE_SORT_UPDATED_DESC);
	const char *bad[] = { "", "updated_at", "+name", "Name", "-ID", "id ", "credit_code",
			      "-signed_on", "--id" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(enterprise_sort_parse(bad[i]), -1);
}

static void test_project_sort_parse(void **state)
{
	(void)state;
	assert_int_equal(project_sort_parse("id"), PROJECT_SORT_ID);
	assert_int_equal(project_sort_parse("-id"), PROJECT_SORT_ID_DESC);
	assert_int_equal(project_sort_parse("-signed_on"), PROJECT_SORT_SIGNED_DESC);
	assert_int_equal(project_sort_parse("-total_investment"), PROJECT_SORT_INVESTMENT_DESC);
	assert_int_equal(project_sort_parse("name"), PROJECT_SORT_NAME);
	const char *bad[] = { "", "signed_on", "total_investment", "-name", "-updated_at", "NAME",
			      " id", "+id" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(project_sort_parse(bad[i]), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_enterprise_minimal_and_full_valid),
		cmocka_unit_test(test_enterprise_name),
		cmocka_unit_test(test_enterprise_credit_code),
		cmocka_unit_test(test_enterprise_industry_code),
		cmocka_unit_test(test_enterprise_address),
		cmocka_unit_test(test_enterprise_tags),
		cmocka_unit_test(test_enterprise_contacts),
		cmocka_unit_test(test_enterprise_contact_limits),
		cmocka_unit_test(test_enterprise_all_problems_reported),
		cmocka_unit_test(test_project_name),
		cmocka_unit_test(test_project_stage_requirements),
		cmocka_unit_test(test_project_investment),
		cmocka_unit_test(test_project_dates),
		cmocka_unit_test(test_project_self_references),
		cmocka_unit_test(test_project_enterprises),
		cmocka_unit_test(test_project_text_limits),
		cmocka_unit_test(test_project_all_problems_reported),
		cmocka_unit_test(test_project_stage_parse),
		cmocka_unit_test(test_enterprise_sort_parse),
		cmocka_unit_test(test_project_sort_parse),
	};

	return cmocka_run_group_tests_name("validation", tests, NULL, NULL);
}
