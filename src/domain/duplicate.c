/* duplicate.c - the similarity rules for duplicate appeals; see duplicate.h. */
#include "duplicate.h"

#include <stdlib.h>
#include <string.h>

const char *const dup_reason_names[DUP_REASON__MAX] = {
	[DUP_SAME_ENTERPRISE_CATEGORY] = "same_enterprise_category",
	[DUP_SIMILAR_TEXT] = "similar_text",
};

/* One code point from *p (advanced); an invalid byte is returned as 0x110000 + byte so it
 * still counts, and never equals a real character. */
static uint32_t next_cp(const unsigned char **p)
{
	const unsigned char *s = *p;
	uint32_t c = s[0];
	int n = c < 0x80 ? 0 : (c & 0xe0) == 0xc0 ? 1 : (c & 0xf0) == 0xe0 ? 2 :
		(c & 0xf8) == 0xf0 ? 3 : -1;

	if (n < 0) {
		*p = s + 1;
		return 0x110000 + c;
	}
	c &= n == 0 ? 0x7f : n == 1 ? 0x1f : n == 2 ? 0x0f : 0x07;
	for (int i = 1; i <= n; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*p = s + 1;
			return 0x110000 + s[0];
		}
		c = (c << 6) | (s[i] & 0x3f);
	}
	*p = s + n + 1;
	return c;
}

/* Whitespace and punctuation: what changes between two copies of the same complaint without
 * changing what it says. */
static bool ignorable(uint32_t c)
{
	if (c <= 0x20 || c == 0x7f)
		return true;
	if (c < 0x80)
		return !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
	return c == 0xa0 || (c >= 0x2000 && c <= 0x206f) ||   /* general punctuation, spaces */
	       (c >= 0x3000 && c <= 0x303f) ||                /* CJK symbols and punctuation */
	       (c >= 0xff01 && c <= 0xff0f) || (c >= 0xff1a && c <= 0xff20) ||
	       (c >= 0xff3b && c <= 0xff40) || (c >= 0xff5b && c <= 0xff65) ||  /* full-width */
	       (c >= 0xfe10 && c <= 0xfe1f) || (c >= 0xfe30 && c <= 0xfe4f) ||  /* vertical forms */
	       c == 0x00b7 || c == 0x00ab || c == 0x00bb || c == 0xfeff;
}

static int cmp_u64(const void *pa, const void *pb)
{
	uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;

	return (a > b) - (a < b);
}

size_t dup_grams(const char *text, uint64_t *out, size_t cap, size_t *nchars)
{
	const unsigned char *p = (const unsigned char *)(text ? text : "");
	uint32_t prev = 0;
	size_t n = 0, chars = 0;

	while (*p) {
		uint32_t c = next_cp(&p);

		if (ignorable(c))
			continue;
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if (chars > 0 && n < cap)
			out[n++] = (uint64_t)prev << 32 | c;
		prev = c;
		chars++;
	}
	*nchars = chars;
	if (n > 1)
		qsort(out, n, sizeof(*out), cmp_u64);
	size_t u = 0;
	for (size_t i = 0; i < n; i++)
		if (u == 0 || out[u - 1] != out[i])
			out[u++] = out[i];
	return u;
}

void dup_overlap(const uint64_t *a, size_t na, const uint64_t *b, size_t nb, int64_t *inter,
		 int64_t *uni)
{
	size_t i = 0, j = 0;
	int64_t both = 0;

	while (i < na && j < nb) {
		if (a[i] == b[j]) {
			both++;
			i++;
			j++;
		} else if (a[i] < b[j]) {
			i++;
		} else {
			j++;
		}
	}
	*inter = both;
	*uni = (int64_t)na + (int64_t)nb - both;
}

bool dup_sizes_may_match(size_t na, size_t nb)
{
	size_t lo = na < nb ? na : nb, hi = na < nb ? nb : na;

	return hi > 0 && 5 * lo >= 4 * hi;
}

bool dup_near_identical(int64_t inter, int64_t uni, size_t nchars_a, size_t nchars_b)
{
	return nchars_a >= DUP_MIN_CHARS && nchars_b >= DUP_MIN_CHARS && uni > 0 &&
	       5 * inter >= 4 * uni;
}

int dup_percent(int64_t inter, int64_t uni)
{
	return uni > 0 ? (int)((200 * inter + uni) / (2 * uni)) : 0;
}

bool dup_within_window(int64_t days_between, int window)
{
	return days_between <= window;
}

/* The fixed global order of the prefix: a bijective mix of the bigram (splitmix64's
 * finaliser), so common bigrams such as 企业 are no likelier than rare ones to come first,
 * and the order never depends on the data. */
static uint64_t rank(uint64_t g)
{
	g ^= g >> 30;
	g *= 0xbf58476d1ce4e5b9ULL;
	g ^= g >> 27;
	g *= 0x94d049bb133111ebULL;
	return g ^ (g >> 31);
}

static int cmp_rank(const void *pa, const void *pb)
{
	uint64_t a = rank(*(const uint64_t *)pa), b = rank(*(const uint64_t *)pb);

	return (a > b) - (a < b);
}

size_t dup_prefix_len(size_t n)
{
	return n ? n - (4 * n + 4) / 5 + 1 : 0;
}

size_t dup_prefix(const uint64_t *grams, size_t n, uint64_t *out)
{
	size_t k = dup_prefix_len(n);

	memcpy(out, grams, n * sizeof(*out));
	if (n > 1)
		qsort(out, n, sizeof(*out), cmp_rank);
	return k;
}

void dup_pack(const uint64_t *grams, size_t n, unsigned char *out)
{
	for (size_t i = 0; i < n; i++)
		for (int b = 0; b < 8; b++)
			out[8 * i + b] = (unsigned char)(grams[i] >> (8 * b));
}

size_t dup_unpack(const void *blob, size_t bytes, uint64_t *out)
{
	const unsigned char *p = blob;
	size_t n = bytes / 8;

	for (size_t i = 0; i < n; i++) {
		uint64_t g = 0;

		for (int b = 7; b >= 0; b--)
			g = g << 8 | p[8 * i + b];
		out[i] = g;
	}
	return n;
}
