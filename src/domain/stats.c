/* stats.c - definitions of the headline figures. */
#include "stats.h"

const char *const stats_def_signed_industrial =
	"落在起步区、已签约（有签约日期）的产业类项目个数与总投资，按签约日期计，含其后搁置或终止的项目。"
	" Industrial projects located in the zone that have a signing date, whatever their stage now.";
const char *const stats_def_signed_all =
	"落在起步区的全部已签约项目（产业类与非产业类）个数与总投资，按签约日期计。"
	" All projects located in the zone that have a signing date.";
const char *const stats_def_county_signed =
	"落在协作县区（济阳、商河等，多为产业链招商的配套项目）的已签约项目，计入所在地，不计入起步区合计。"
	" Signed projects located in partner counties (mostly the zone's chain work): counted where located, never added to the zone's totals.";
const char *const stats_def_by_stage =
	"起步区项目按当前阶段分布（个数、总投资）。 Zone projects by current stage.";
const char *const stats_def_by_chain =
	"起步区已签约项目按产业链分布。 Signed zone projects by industry chain.";
const char *const stats_def_by_year =
	"起步区已签约项目按签约年份分布。 Signed zone projects by year of signing.";
