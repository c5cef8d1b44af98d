/* project.h - an investment project (项目) and its stages.
 *
 * Stages: 线索 lead -> 洽谈 negotiating -> 签约 signed -> 开工 started -> 投产 production ->
 * 达产 capacity, with the side states 搁置 on hold and 终止 dropped.
 */
#ifndef GL_PROJECT_H
#define GL_PROJECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "account.h"
#include "money.h"
#include "verr.h"

enum project_stage {
	STAGE_LEAD,
	STAGE_NEGOTIATING,
	STAGE_SIGNED,
	STAGE_STARTED,
	STAGE_PRODUCTION,
	STAGE_CAPACITY,
	STAGE_ON_HOLD,
	STAGE_DROPPED,
	STAGE__MAX
};

struct stage_info {
	const char *code;  /* API name, e.g. "signed" */
	const char *name;  /* Chinese name, e.g. "签约" */
	int order;         /* position in the main line; side states are -1 */
};

extern const struct stage_info project_stages[STAGE__MAX];

/* The stage with this API code, or -1. */
int project_stage_parse(const char *code);

/* The location code for the zone itself (the starting area has no GB/T 2260 code). */
#define PROJECT_LOCATION_ZONE "zone"

enum { PROJECT_MAX_ENTERPRISES = 20 };

/* The largest total investment accepted, in 万元 (100万亿元): far beyond any project, small
 * enough that a million of them sum without overflow and JavaScript clients read it exactly. */
#define PROJECT_MAX_INVESTMENT INT64_C(10000000000)

struct project {
	int64_t id, version;
	const char *code;           /* QH-2023-0001, generated when stored */
	const char *name;
	int64_t *enterprise_ids;
	size_t nenterprises;
	const char *industry_code;  /* GB/T 4754 */
	const char *chain;          /* industry chain code (ref_chain) */
	const char *channel;        /* 招商方式 code (ref_channel) */
	enum project_stage stage;
	bool has_investment;
	int64_t total_investment;   /* 万元, when has_investment */
	const char *location;       /* GB/T 2260 code or PROJECT_LOCATION_ZONE */
	const char *signed_on, *started_on, *production_on; /* "YYYY-MM-DD" or NULL */
	/* The stage ledger (ledger.h): 达产 date, 签约金额 in 万元, and for a project on hold
	 * the main-line stage it holds (read from the ledger; STAGE_LEAD when none). */
	const char *capacity_on;
	bool has_signed_amount;
	int64_t signed_amount;
	enum project_stage held;
	int64_t phase_parent_id;    /* 0 = none */
	const char *phase;          /* "一期", "二期"... */
	int64_t chain_anchor_id;    /* 0 = none: the project this one supports (配套) */
	bool industrial;            /* 产业类 */
	bool key_project;           /* 重点项目 */
	const char *leader;         /* leader in charge (包挂领导) */
	int64_t unit_id;            /* responsible unit, 0 = none */
	const char *created_at, *updated_at;
	struct project_money money; /* fixed-asset and foreign investment, land, output, tax, jobs */
};

/* Check every rule that needs no database: lengths, dates, what each stage requires.
 * Returns the number of errors added to errs. */
int project_validate(const struct project *p, struct verrors *errs);

enum project_sort {
	PROJECT_SORT_ID,
	PROJECT_SORT_ID_DESC,
	PROJECT_SORT_SIGNED_DESC,
	PROJECT_SORT_INVESTMENT_DESC,
	PROJECT_SORT_NAME,
	PROJECT_SORT__MAX
};

int project_sort_parse(const char *s);

struct project_query {
	int stage;              /* -1 = any */
	const char *chain, *channel, *location;
	int64_t enterprise_id;  /* 0 = any */
	int signed_year;        /* 0 = any */
	int industrial;         /* -1 = any, 0, 1 */
	const char *name_contains;
	enum project_sort sort;
	int64_t limit, offset;
	const struct scope *scope;  /* rows the caller may see; NULL = all */
};

#endif
