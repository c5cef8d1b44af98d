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

/* section: money */

/* section: stats */

/* section: export */

#endif
