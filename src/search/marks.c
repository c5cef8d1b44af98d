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

size_t marks_remap(const char *orig, const uint32_t *src, size_t ncp, const struct mark_hit *hits,
		   size_t nhits, char *out)
{
	size_t o = 0, from = 0, len = strlen(orig);

	for (size_t i = 0; i <= nhits; i++) {
		size_t b = len, e = len;
		if (i < nhits) {
			size_t s = hits[i].start, t = hits[i].start + hits[i].len;
			if (s >= ncp)
				continue;
			b = src[s];
			e = src[t < ncp ? t : ncp];
			if (b < from)
				b = from;
			if (e <= b)
				continue;
		}
		for (size_t k = from; k < b; k++)
			out[o++] = orig[k] == MARK_OPEN || orig[k] == MARK_CLOSE ? ' ' : orig[k];
		if (i == nhits)
			break;
		out[o++] = MARK_OPEN;
		for (size_t k = b; k < e; k++)
			out[o++] = orig[k] == MARK_OPEN || orig[k] == MARK_CLOSE ? ' ' : orig[k];
		out[o++] = MARK_CLOSE;
		from = e;
	}
	out[o] = '\0';
	return o;
}

size_t marks_window(const char *marked, size_t before, size_t width, char *out)
{
	static const char ellipsis[] = "…";
	size_t cp = 0, first = (size_t)-1, total, start, end, o = 0;
	int open = 0;

	for (const char *p = marked; *p; p++) {
		if (*p == MARK_OPEN && first == (size_t)-1)
			first = cp;
		else if (*p != MARK_OPEN && *p != MARK_CLOSE)
			cp += is_lead((unsigned char)*p);
	}
	total = cp;
	if (first == (size_t)-1)
		first = 0;
	start = first > before ? first - before : 0;
	end = start + width < total ? start + width : total;
	/* A short text's window starts earlier rather than leaving room unused. */
	if (end - start < width && start > 0)
		start = end > width ? end - width : 0;
	if (start > 0) {
		memcpy(out, ellipsis, sizeof(ellipsis) - 1);
		o += sizeof(ellipsis) - 1;
	}
	/* next: the index of the next code point; cur: of the one whose bytes are copied. */
	for (size_t next = 0, cur = 0; *marked; marked++) {
		char c = *marked;
		if (c == MARK_OPEN && next >= start && next < end) {
			out[o++] = c;
			open = 1;
		} else if (c == MARK_CLOSE && open && next > start && next <= end) {
			out[o++] = c;
			open = 0;
		} else if (c != MARK_OPEN && c != MARK_CLOSE) {
			if (is_lead((unsigned char)c))
				cur = next++;
			if (cur >= start && cur < end)
				out[o++] = c;
		}
	}
	if (open)
		out[o++] = MARK_CLOSE;
	if (end < total) {
		memcpy(out + o, ellipsis, sizeof(ellipsis) - 1);
		o += sizeof(ellipsis) - 1;
	}
	out[o] = '\0';
	return o;
}
