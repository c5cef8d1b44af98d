/* export.c - what every ledger shares: the download name, the 说明 sheet's filter text. */
#include "export.h"

#include <stdio.h>
#include <string.h>

#include "../util/arena.h"
#include "../util/date.h"

const char *export_filename(const char *stem, enum sheet_format f, time_t now, char *buf,
			    size_t size)
{
	struct ymd d = date_shanghai(now);

	snprintf(buf, size, "%s-%04d%02d%02d.%s", stem, d.y, d.m, d.d, sheet_formats[f].name);
	return buf;
}

const char *export_join(struct arena *a, const char *const *parts, size_t n)
{
	size_t len = 0;
	char *out;

	for (size_t i = 0; i < n; i++)
		len += (parts[i] ? strlen(parts[i]) : 0) + 4;
	if (!(out = arena_alloc(a, len + 1)))
		return NULL;
	out[0] = '\0';
	for (size_t i = 0, o = 0; i < n; i++) {
		int w = snprintf(out + o, len + 1 - o, "%s%s", i ? "；" : "", parts[i] ? parts[i] : "");
		if (w > 0)
			o += (size_t)w;
	}
	return out;
}
