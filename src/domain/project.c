/* project.c - stages and rules for investment projects. */
#include "project.h"

#include <string.h>

#include "../util/date.h"
#include "ledger.h"
#include "text.h"

const struct stage_info project_stages[STAGE__MAX] = {
	[STAGE_LEAD] = {"lead", "线索", 0},
	[STAGE_NEGOTIATING] = {"negotiating", "洽谈", 1},
	[STAGE_SIGNED] = {"signed", "签约", 2},
	[STAGE_STARTED] = {"started", "开工", 3},
	[STAGE_PRODUCTION] = {"production", "投产", 4},
	[STAGE_CAPACITY] = {"capacity", "达产", 5},
	[STAGE_ON_HOLD] = {"on_hold", "搁置", -1},
	[STAGE_DROPPED] = {"dropped", "终止", -1},
};

int project_stage_parse(const char *code)
{
	for (int i = 0; i < STAGE__MAX; i++)
		if (strcmp(code, project_stages[i].code) == 0)
			return i;
	return -1;
}

static int check_date(struct verrors *errs, const char *field, const char *s, struct ymd *out)
{
	if (!s)
		return 0;
	if (date_parse_iso(s, out) != 0) {
		verr_add(errs, field, "invalid", "must be a date as YYYY-MM-DD");
		return 0;
	}
	return 1;
}

/* What a stage needs before a project may stand in it.  A project stands in a stage only
 * once everything the earlier stages of the main line needed is known. */
static void check_stage_requirements(const struct project *p, struct verrors *errs)
{
	int order = project_stages[p->stage].order;
	const char *stage = project_stages[p->stage].name;

	if (order >= project_stages[STAGE_SIGNED].order) {
		if (!p->signed_on)
			verr_add(errs, "signed_on", "required", "is required at stage %s", stage);
		if (!p->has_investment)
			verr_add(errs, "total_investment", "required", "is required at stage %s",
				 stage);
	}
	if (order >= project_stages[STAGE_STARTED].order && !p->started_on)
		verr_add(errs, "started_on", "required", "is required at stage %s", stage);
	if (order >= project_stages[STAGE_PRODUCTION].order && !p->production_on)
		verr_add(errs, "production_on", "required", "is required at stage %s", stage);
}

int project_validate(const struct project *p, struct verrors *errs)
{
	int before = errs->n + errs->dropped;
	struct ymd started, production;
	int have_started, have_production;

	if (text_blank(p->name))
		verr_add(errs, "name", "required", "is required");
	else if (text_chars(p->name) > 100)
		verr_add(errs, "name", "too_long", "must be at most 100 characters");
	if (text_blank(p->location))
		verr_add(errs, "location", "required",
			 "is required: a GB/T 2260 code or \"zone\"");
	if ((unsigned)p->stage >= STAGE__MAX)
		verr_add(errs, "stage", "invalid", "is not a known stage");
	else
		check_stage_requirements(p, errs);
	if (p->has_investment && p->total_investment < 0)
		verr_add(errs, "total_investment", "invalid", "must not be negative (万元)");
	else if (p->has_investment && p->total_investment > PROJECT_MAX_INVESTMENT)
		verr_add(errs, "total_investment", "too_large", "must be at most %lld (万元)",
			 (long long)PROJECT_MAX_INVESTMENT);
	if (p->nenterprises > PROJECT_MAX_ENTERPRISES)
		verr_add(errs, "enterprise_ids", "too_many", "at most %d enterprises",
			 PROJECT_MAX_ENTERPRISES);
	for (size_t i = 0; i < p->nenterprises; i++)
		for (size_t j = 0; j < i; j++)
			if (p->enterprise_ids[i] == p->enterprise_ids[j]) {
				verr_add(errs, "enterprise_ids", "duplicate",
					 "names enterprise %lld twice", (long long)p->enterprise_ids[i]);
				i = p->nenterprises - 1;
				break;
			}

	struct ymd signed_on;
	check_date(errs, "signed_on", p->signed_on, &signed_on);
	have_started = check_date(errs, "started_on", p->started_on, &started);
	have_production = check_date(errs, "production_on", p->production_on, &production);
	if (have_started && have_production && date_to_days(production) < date_to_days(started))
		verr_add(errs, "production_on", "invalid", "must not be before started_on");

	ledger_check_project(p, errs);

	if (p->id && p->phase_parent_id == p->id)
		verr_add(errs, "phase_parent_id", "invalid", "a project cannot be its own phase");
	if (p->id && p->chain_anchor_id == p->id)
		verr_add(errs, "chain_anchor_id", "invalid", "a project cannot support itself");
	if (p->phase && text_chars(p->phase) > 20)
		verr_add(errs, "phase", "too_long", "must be at most 20 characters");
	if (p->leader && text_chars(p->leader) > 50)
		verr_add(errs, "leader", "too_long", "must be at most 50 characters");
	money_validate(&p->money, p->has_investment, p->total_investment, errs);
	return errs->n + errs->dropped - before;
}

int project_sort_parse(const char *s)
{
	static const char *const names[PROJECT_SORT__MAX] = {
		[PROJECT_SORT_ID] = "id",
		[PROJECT_SORT_ID_DESC] = "-id",
		[PROJECT_SORT_SIGNED_DESC] = "-signed_on",
		[PROJECT_SORT_INVESTMENT_DESC] = "-total_investment",
		[PROJECT_SORT_NAME] = "name",
	};

	for (int i = 0; i < PROJECT_SORT__MAX; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}
