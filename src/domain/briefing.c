/* briefing.c - the period's figures as a Chinese briefing paragraph. */
#include "briefing.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const quarters[] = {"", "一", "二", "三", "四"};

int briefing_period_label(const struct stats_span *span, char *buf, size_t size)
{
	int n;

	if (span->kind == SP_QUARTER)
		n = snprintf(buf, size, "%d年第%s季度", span->year, quarters[span->part]);
	else if (span->kind == SP_MONTH)
		n = snprintf(buf, size, "%d年%d月", span->year, span->part);
	else
		n = snprintf(buf, size, "%d年", span->year);
	return n < 0 || (size_t)n >= size ? -1 : n;
}

int briefing_amount(int64_t wan, char *buf, size_t size)
{
	int n;

	if (wan >= 10000 || wan <= -10000) {
		int neg = wan < 0;
		int64_t tenths = ((neg ? -wan : wan) + 500) / 1000; /* 0.1亿 = 1000万 */
		if (tenths % 10)
			n = snprintf(buf, size, "%s%lld.%lld亿元", neg ? "-" : "",
				     (long long)(tenths / 10), (long long)(tenths % 10));
		else
			n = snprintf(buf, size, "%s%lld亿元", neg ? "-" : "", (long long)(tenths / 10));
	} else {
		n = snprintf(buf, size, "%lld万元", (long long)wan);
	}
	return n < 0 || (size_t)n >= size ? -1 : n;
}

struct out {
	char *buf;
	size_t size, len;
	int bad;
};

static void put(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->bad)
		return;
	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->len, o->size - o->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= o->size - o->len)
		o->bad = 1;
	else
		o->len += (size_t)n;
}

static const char *amount(int64_t wan, char *buf, size_t size)
{
	return briefing_amount(wan, buf, size) < 0 ? "?" : buf;
}

int briefing_write(const struct briefing_figures *f, char *buf, size_t size)
{
	struct out o = {buf, size, 0, size == 0};
	char label[32], a[32];
	int y, m, d;

	if (size)
		buf[0] = '\0';
	if (briefing_period_label(&f->span, label, sizeof(label)) < 0 ||
	    sscanf(f->as_of, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return -1;
	put(&o, "截至%d年%d月%d日，%s全区", y, m, d, label);
	if (f->signed_all.count) {
		put(&o, "已签约项目%lld个，总投资%s", (long long)f->signed_all.count,
		    amount(f->signed_all.amount_wan, a, sizeof(a)));
		if (f->signed_industrial.count)
			put(&o, "，其中产业类项目%lld个、总投资%s",
			    (long long)f->signed_industrial.count,
			    amount(f->signed_industrial.amount_wan, a, sizeof(a)));
	} else {
		put(&o, "暂无新签约项目");
	}
	put(&o, "；开工项目%lld个", (long long)f->started.count);
	if (f->started.count)
		put(&o, "，总投资%s", amount(f->started.amount_wan, a, sizeof(a)));
	put(&o, "；投产项目%lld个", (long long)f->production.count);
	if (f->production.count)
		put(&o, "，总投资%s", amount(f->production.amount_wan, a, sizeof(a)));
	put(&o, "；到位资金%s。", amount(f->funds_wan, a, sizeof(a)));

	int64_t n = 0, wan = 0;
	for (size_t i = 0; i < f->ncounties; i++) {
		n += f->counties[i].signed_.count;
		wan += f->counties[i].signed_.amount_wan;
	}
	if (n) {
		put(&o, "另有协作县区签约项目%lld个（", (long long)n);
		int first = 1;
		for (size_t i = 0; i < f->ncounties; i++) {
			if (!f->counties[i].signed_.count)
				continue;
			put(&o, "%s%s%lld个", first ? "" : "、", f->counties[i].name,
			    (long long)f->counties[i].signed_.count);
			first = 0;
		}
		put(&o, "），总投资%s，计入所在地，不计入全区合计。", amount(wan, a, sizeof(a)));
	}
	return o.bad ? -1 : (int)o.len;
}
