/* resources.h - the handlers of each resource, for the route table in routes.c. */
#ifndef GL_RESOURCES_H
#define GL_RESOURCES_H

#include "../domain/enterprise.h"
#include "../domain/project.h"
#include "api.h"

/* health.c */
api_handler health_get, openapi_get;

/* enterprises.c */
api_handler enterprises_list, enterprises_create, enterprises_get, enterprises_patch,
	enterprises_delete;
json_t *enterprise_json(const struct enterprise *e);

/* projects.c */
api_handler projects_list, projects_create, projects_get, projects_patch;
json_t *project_json(const struct project *p);

/* refdata.c */
api_handler ref_industries, ref_stages, ref_channels, ref_chains, ref_regions, ref_units;

/* users.c, tokens.c, audit.c (auth.c's handlers are declared in auth.h) */
struct user;
api_handler users_list, users_create, users_get, users_patch, users_password;
json_t *user_json(const struct user *u);
api_handler tokens_list, tokens_create, tokens_delete;
api_handler audit_list;

/* stats.c */
api_handler stats_summary;

/* section: ledger */
struct stage_event;
api_handler ledger_move, ledger_list;
json_t *ledger_event_json(const struct stage_event *e);
/* The moves p may make now, each with what it requires (the project JSON's allowed_moves). */
json_t *ledger_options_json(const struct project *p);

/* section: problems */
/* calendar.c, problems.c, taskforces.c */
struct problem;
api_handler calendar_get, calendar_put, calendar_deadline, ref_problem_types;
api_handler problems_create, problems_list_project, problems_list, problems_get, problems_patch,
	problems_status;
json_t *problem_json(const struct problem *p);
api_handler taskforces_list, taskforces_create, taskforces_get, taskforces_patch, meetings_list,
	meetings_create;
struct meeting;
json_t *meeting_json(const struct meeting *m);

/* section: milestones */
/* milestones.c, followups.c */
api_handler milestones_get, milestones_put, milestones_warnings, stalled_list,
	settings_warnings_get, settings_warnings_put;
api_handler followups_create, followups_list, followups_overdue;
/* ?as_of=YYYY-MM-DD (400 when malformed), else today in Asia/Shanghai; OUT: the day and its
 * text.  Returns 0 or the status set in res. */
struct ymd;
int api_as_of(struct request *req, struct response *res, struct ymd *out, const char **text);

/* section: money */
/* money.c: funds in place; the money fields and phases of a project for projects.c */
api_handler funds_get, funds_put;
/* Decode key into m when it is one of the money fields; false when it is not one. */
bool money_decode(const char *key, json_t *v, struct verrors *errs, struct project_money *m);
/* Add the money fields and the countable/large flags to a project's JSON object. */
void money_json(json_t *o, const struct project *p);
/* Add "phases" and "rollup" to o (GET /projects/{id}); -1 when the store failed. */
int money_phases_json(struct request *req, const struct project *p, const struct scope *scope,
		      json_t *o);
/* chains.c */
api_handler chains_list, chains_get;

/* section: stats */
api_handler stats_get, stats_briefing;   /* stats.c */
api_handler targets_get, targets_put;    /* targets.c */

/* section: export */
/* export.c: the project and problem ledgers as .xlsx or .csv */
api_handler projects_export, problems_export;
/* problems.c: the filters of GET /api/v1/problems (and of its export) into q; project_id,
 * when not 0, is the path's project and "project" is then no filter.  Refuses parameters
 * that are neither filters nor in also.  Returns 0 or the 400 set in res. */
struct problem_query;
int problems_query(struct request *req, struct response *res, const char *const *also,
		   int64_t project_id, struct problem_query *q);
/* projects.c: the filters of GET /api/v1/projects (and of its export) into q, refusing
 * parameters that are neither filters nor in also (NULL-terminated, may be NULL).  Returns 0
 * or the 400 set in res. */
int projects_query(struct request *req, struct response *res, const char *const *also,
		   struct project_query *q);
/* section: roundtables */
/* roundtables.c, arrangements.c */
struct arrangement;
struct calendar;
api_handler rt_series_list, rt_series_create, roundtables_list, roundtables_create,
	roundtables_get, roundtables_patch, roundtables_link_project, roundtables_unlink_project;
api_handler arrangements_list, arrangements_create, arrangements_get, arrangements_patch;
/* An arrangement as the API shows it, judged (overdue, due soon) on day today. */
json_t *arrangement_json(const struct arrangement *x, const struct calendar *cal,
			 struct ymd today);

/* section: appeals */
/* appeals.c: intake, lists, the workflow, attachments, categories, limits, supervision. */
api_handler appeals_create, appeals_list, appeals_get, appeals_action, appeals_attach,
	appeals_attachment_get, ref_appeal_categories, ref_appeal_categories_put,
	settings_appeals_get, settings_appeals_put, supervisions_list;
struct appeal;
struct principal;
/* An appeal as lists show it, with the actions p may take (NULL p: all of them). */
json_t *appeal_json(const struct appeal *x, const struct principal *p);
enum { APPEAL_ATTACHMENT_MAX = 10 << 20 };
/* The directory attachments are kept in (by SHA-256); set once before serving. */
void appeals_configure(const char *attachments_dir);
/* For server_config.body_limit: uploads of attachments may be APPEAL_ATTACHMENT_MAX. */
size_t appeals_body_limit(const char *method, const char *path);

/* section: rates */
/* duplicates.c: merge, links, systemic issues; rates.c: the three rates. */
api_handler appeals_merge, appeals_link, appeals_unlink, appeal_issues_create,
	appeal_issues_list, appeal_issues_get, appeal_issues_add, appeal_rates_get;
/* Add to o (an appeal's JSON) merged_into, merged_from, links and issue, and at intake
 * possible_duplicates (scoped to what req's principal may see).  Returns an enum gl_err. */
int appeal_relations_add(struct request *req, const struct appeal *x, json_t *o, bool intake);

/* section: inbox */
/* inbox.c: GET /api/v1/appeals/inbox-counts, the count of every inbox tab. */
api_handler appeals_inbox_counts;

/* section: open311 */
/* appeals.c, arrangements.c: the filters of GET /api/v1/appeals and GET /api/v1/arrangements
 * (and of their exports) into q (whose scope and defaults the caller set), refusing parameters
 * that are neither filters nor in also (NULL-terminated, may be NULL).  arrangements_query
 * also loads the calendar and says the day the list is judged on.  0 or the 400 set in res. */
struct appeal_query;
struct arrangement_query;
int appeals_query(struct request *req, struct response *res, const char *const *also,
		  struct appeal_query *q);
/* The same with the inbox view given (as_view, e.g. "overdue") instead of read from ?view=:
 * the inbox counts ask each tab's list this way.  NULL: read ?view= as appeals_query does. */
int appeals_query_view(struct request *req, struct response *res, const char *const *also,
		       const char *as_view, struct appeal_query *q);
int arrangements_query(struct request *req, struct response *res, const char *const *also,
		       struct arrangement_query *q, struct calendar *cal, struct ymd *as_of);
/* export.c: the appeal and arrangement ledgers (诉求台账, 具体安排台账). */
api_handler appeals_export, arrangements_export;
/* open311.c: Open311 GeoReport v2 over the appeals (docs/open311.md). */
api_handler open311_services, open311_requests_list, open311_requests_create,
	open311_requests_get, open311_other;
/* The spec's api_key parameter (query, or a POST's form or JSON body) of a request under
 * /open311/, for auth_identify; NULL elsewhere or when absent. */
const char *open311_api_key(struct request *req);
/* Under /open311/, turn an error body into the spec's [{code, description}] (a 422 becomes
 * 400, with one entry per invalid field); anything else is left alone. */
void open311_reshape(const struct request *req, struct response *res);

/* section: imports */
/* POST /api/v1/imports?kind=enterprises|projects&dry_run=&sheet=&map=, the file as the body. */
enum { IMPORT_UPLOAD_MAX = 64 << 20 };
int imports_post(struct request *req, struct response *res);
/* For server_config.body_limit: an upload may be IMPORT_UPLOAD_MAX. */
size_t imports_body_limit(const char *method, const char *path);

/* section: search */
int search_get(struct request *req, struct response *res);

#endif
