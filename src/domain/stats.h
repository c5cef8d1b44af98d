/* stats.h - the headline figures leaders quote, and what each one counts.
 *
 * Conventions (DOMAIN.md): amounts are exact 万元; signed figures count by signing date;
 * a project counts where it is located, so chain projects that landed in a partner county are
 * reported apart and never added to the zone's own totals.
 */
#ifndef GL_STATS_H
#define GL_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "project.h"

struct stats_figure {
	int64_t count;
	int64_t amount_wan;
};

struct stats_bucket {
	const char *key;   /* chain code, year, ... */
	const char *name;  /* Chinese label */
	struct stats_figure fig;
};

struct stats_summary {
	struct stats_figure signed_industrial;  /* zone, industrial, with a signing date */
	struct stats_figure signed_all;         /* zone, any kind, with a signing date */
	struct stats_figure county_signed;      /* partner counties, chain work, signed */
	struct stats_figure by_stage[STAGE__MAX]; /* zone, current stage */
	struct stats_bucket *by_chain;          /* zone, signed, by industry chain */
	size_t nchain;
	struct stats_bucket *by_year;           /* zone, signed, by signing year */
	size_t nyear;
	int64_t projects;                       /* every project in the registry */
};

/* Definitions shown beside each figure; one source so the API and the docs agree. */
extern const char *const stats_def_signed_industrial;
extern const char *const stats_def_signed_all;
extern const char *const stats_def_county_signed;
extern const char *const stats_def_by_stage;
extern const char *const stats_def_by_chain;
extern const char *const stats_def_by_year;

#endif
