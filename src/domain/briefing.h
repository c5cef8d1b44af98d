/* briefing.h - a period's figures written as the short Chinese paragraph leaders read out.
 *
 * Built only from the figures passed in: no number appears in the text that is not in them.
 * Amounts are rounded for reading (亿元 to one decimal, below 1亿 whole 万元); the exact
 * integers stay in the figures the API returns beside the text.
 */
#ifndef GL_BRIEFING_H
#define GL_BRIEFING_H

#include <stddef.h>
#include <stdint.h>

#include "stats.h"

struct briefing_county {
	const char *name;          /* 济阳区 */
	struct stats_figure signed_;
};

struct briefing_figures {
	struct stats_span span;    /* the period */
	char as_of[24];            /* the day the figures stand at: the period's end, or today */
	/* Located in the zone (项目在地), by ledger date within the period. */
	struct stats_figure signed_all, signed_industrial, started, production;
	int64_t funds_wan;         /* funds in place reported for the period's months */
	/* Partner counties with projects signed in the period (chain work), counted there. */
	const struct briefing_county *counties;
	size_t ncounties;
};

/* The period as Chinese text: 2023年, 2023年第二季度, 2023年5月. */
int briefing_period_label(const struct stats_span *span, char *buf, size_t size);
/* An amount in 万元 for reading: >= 1亿 rounded half up to 0.1亿 ("3128.5亿元", "400亿元"),
 * below in whole 万元 ("3500万元"). */
int briefing_amount(int64_t wan, char *buf, size_t size);
/* Write the paragraph into buf (UTF-8).  Returns its length, or -1 when buf is too small. */
int briefing_write(const struct briefing_figures *f, char *buf, size_t size);

#endif
