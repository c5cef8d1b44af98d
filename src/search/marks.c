/* marks.c - see marks.h. */
#include "marks.h"

#include <string.h>

static int is_lead(unsigned char c)
{
	return (c & 0xC0) != 0x80;
}

size_t marks_cplen(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += is_lead((unsigned char)*s);
	return n;
}

size_t marks_parse(const char *in, char *text, struct mark_hit *hits, size_t max)
{
	size_t cp = 0, nhits = 0, start = 0;
	int open = 0;

	for (; *in; in++) {
		if (*in == MARK_OPEN) {
			if (!open)
				start = cp;
			open = 1;
			continue;
		}
		if (*in == MARK_CLOSE) {
			if (open && cp > start && nhits < max)
				hits[nhits++] = (struct mark_hit){start, cp - start};
			open = 0;
			continue;
		}
		cp += is_lead((unsigned char)*in);
		*text++ = *in;
	}
	if (open && cp > start && nhits < max)
		hits[nhits++] = (struct mark_hit){start, cp - start};
	*text = '\0';
	return nhits;
}

size_t marks_find(const char *text, const char *needle, struct mark_hit *hits, size_t max)
{
	size_t nlen = strlen(needle), ncp = marks_cplen(needle), nhits = 0, cp = 0;
	const char *p = text;

	if (!nlen)
		return 0;
	while (nhits < max && *p) {
		if (strncmp(p, needle, nlen) == 0) {
			hits[nhits++] = (struct mark_hit){cp, ncp};
			p += nlen;
			cp += ncp;
			continue;
		}
		p++;
		cp += is_lead((unsigned char)p[-1]);
	}
	return nhits;
}
