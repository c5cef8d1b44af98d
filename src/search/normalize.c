/* normalize.c - the text form search compares (normalize.h says what it is). */
#include "normalize.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <opencc/opencc.h>

#include "../util/log.h"

/* The code points probed at the first norm_open(), by block: CJK radicals to CJK Unified
 * Ideographs (U+2E80..U+9FFF, with Extension A, kana, bopomofo and the CJK symbols),
 * compatibility ideographs, CJK compatibility forms, and Extensions B..H with the
 * supplement of compatibility ideographs.  Every key of Debian 12's t2s dictionaries that
 * changes text lies in U+3400..U+9FFF, U+F900..U+FAFF or U+20000..U+2FA1F; the rest is
 * there in case a later dictionary reaches further.  Text with a code point at or past
 * PROBE_LIMIT always goes through OpenCC; below U+2E80 (Latin, Greek, Cyrillic...) and in
 * the other gaps nothing is probed and nothing is assumed to change. */
static const uint32_t probe_blocks[][2] = {
	{ 0x2E80, 0x9FFF }, { 0xF900, 0xFAFF }, { 0xFE30, 0xFE4F }, { 0x20000, 0x323AF },
};
#define PROBE_LIMIT 0x323B0u
/* Code points per opencc_convert_utf8() call while probing (about 8 ms of CPU each). */
#define PROBE_BATCH 16384u

/* Characters that t2s leaves as they are on their own but changes inside phrases, so that
 * probing single characters cannot find them: 沈 (沈默 → 沉默), 牴 (牴牾 → 抵牾), 瞭 (瞭解 →
 * 了解), 藉 (藉口 → 借口), 衹 (衹得 → 只得), 覆 (答覆 → 答复).  These are all of them in
 * Debian 12's dictionaries (OpenCC 1.1.6): every other phrase key that changes text holds
 * a character that changes on its own (彷彿 → 仿佛 holds 彿).  OpenCC's C API cannot list
 * keys, so the list is kept here and tests/unit/test_normalize.c checks it against the
 * installed dictionaries (exported as text by OpenCC's opencc_dict): a new dictionary
 * with another such character fails that test until the character is added here. */
static const uint32_t phrase_only[] = { 0x6C88, 0x7274, 0x77AD, 0x85C9, 0x8879, 0x8986 };

/* What fold_cp() returns for a code point that is not kept as another code point. */
#define FOLD_SPACE 0xFFFFFFFFu
#define FOLD_DROP 0xFFFFFFFEu

enum fold_mode { FOLD_TEXT, FOLD_KEY };

struct norm {
	opencc_t cc;
	int fast;               /* skip OpenCC for text holding no changing code point */
	const uint8_t *changes; /* t2s_changes, or NULL: every text goes through OpenCC */
	unsigned long converted;
	char *scratch;          /* the folded text, then the folded conversion */
	size_t cap;
};

/* Bit cp: text holding cp may change in t2s (alone, or in a phrase).  Filled once per
 * process, for the default configuration only: the phrase-only list is t2s's. */
static uint8_t t2s_changes[PROBE_LIMIT / 8 + 1];
static int t2s_ok;
static pthread_once_t t2s_once = PTHREAD_ONCE_INIT;

static size_t put_cp(char *dst, uint32_t cp);

static void mark(uint8_t *bits, uint32_t cp)
{
	bits[cp >> 3] |= (uint8_t)(1u << (cp & 7));
}

/* Convert code points [lo, hi] through cc in one call, each on its own line (no key holds
 * a newline, so no match spans two), and mark those whose line comes back different.
 * -1 when the output does not have one line per code point or OpenCC fails. */
static int probe_range(opencc_t cc, uint32_t lo, uint32_t hi, char *in, uint8_t *bits)
{
	size_t len = 0;
	char *res;
	const char *r;
	int rc = 0;

	for (uint32_t cp = lo; cp <= hi; cp++) {
		len += put_cp(in + len, cp);
		in[len++] = '\n';
	}
	res = opencc_convert_utf8(cc, in, len);
	if (!res)
		return -1;
	r = res;
	for (uint32_t cp = lo; cp <= hi && rc == 0; cp++) {
		char one[4];
		size_t n = put_cp(one, cp);
		const char *nl = strchr(r, '\n');

		if (!nl)
			rc = -1;
		else if ((size_t)(nl - r) != n || memcmp(r, one, n))
			mark(bits, cp);
		if (nl)
			r = nl + 1;
	}
	if (rc == 0 && *r)
		rc = -1;
	opencc_convert_utf8_free(res);
	return rc;
}

/* The pthread_once routine: a converter of its own (opening one costs ~2 ms), every probed
 * code point, then the phrase-only list.  Leaves t2s_ok 0 on any failure. */
static void t2s_probe(void)
{
	opencc_t cc = opencc_open(NORM_T2S_CONFIG);
	char *in = malloc(PROBE_BATCH * 5);
	int rc = cc == (opencc_t)-1 || !in ? -1 : 0;

	for (size_t b = 0; rc == 0 && b < sizeof(probe_blocks) / sizeof(probe_blocks[0]); b++)
		for (uint32_t lo = probe_blocks[b][0]; rc == 0 && lo <= probe_blocks[b][1];
		     lo += PROBE_BATCH) {
			uint32_t hi = lo + PROBE_BATCH - 1;

			rc = probe_range(cc, lo, hi < probe_blocks[b][1] ? hi : probe_blocks[b][1],
					 in, t2s_changes);
		}
	for (size_t i = 0; i < sizeof(phrase_only) / sizeof(phrase_only[0]); i++)
		mark(t2s_changes, phrase_only[i]);
	free(in);
	if (cc != (opencc_t)-1)
		opencc_close(cc);
	t2s_ok = rc == 0;
	if (!t2s_ok)
		log_error("search: cannot probe %s; every text goes through OpenCC",
			  NORM_T2S_CONFIG);
}

enum gl_err norm_open(const char *path, struct norm **out)
{
	struct norm *n;

	*out = NULL;
	if (!path)
		path = NORM_T2S_CONFIG;
	n = calloc(1, sizeof(*n));
	if (!n)
		return GL_ENOMEM;
	n->cc = opencc_open(path);
	if (n->cc == (opencc_t)-1) {
		/* opencc_error() is not thread-safe, and stores open on several threads. */
		log_error("search: OpenCC cannot load %s (is libopencc-data installed?)", path);
		free(n);
		return GL_EIO;
	}
	if (!strcmp(path, NORM_T2S_CONFIG)) {
		pthread_once(&t2s_once, t2s_probe);
		n->changes = t2s_ok ? t2s_changes : NULL;
	}
	n->fast = 1;
	*out = n;
	return GL_OK;
}

void norm_close(struct norm *n)
{
	if (!n)
		return;
	opencc_close(n->cc);
	free(n->scratch);
	free(n);
}

void norm_set_fast_path(struct norm *n, int fast)
{
	n->fast = fast;
}

int norm_changes(const struct norm *n, uint32_t cp)
{
	return !n->changes || cp >= PROBE_LIMIT || (n->changes[cp >> 3] >> (cp & 7) & 1);
}

unsigned long norm_converter_calls(const struct norm *n)
{
	return n->converted;
}

/* Decode the code point at p (p < end).  *used is set to the bytes consumed.  An invalid
 * sequence decodes as U+FFFD and consumes its maximal subpart, at least one byte (Unicode's
 * recommended practice: "\xE6\x97x" is one U+FFFD then x). */
static uint32_t next_cp(const unsigned char *p, const unsigned char *end, size_t *used)
{
	unsigned char c = p[0], lo = 0x80, hi = 0xBF;
	uint32_t cp;
	size_t need;

	if (c < 0x80) {
		*used = 1;
		return c;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		need = 1;
		cp = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		need = 2;
		cp = c & 0x0F;
		if (c == 0xE0)
			lo = 0xA0; /* overlong */
		else if (c == 0xED)
			hi = 0x9F; /* surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 3;
		cp = c & 0x07;
		if (c == 0xF0)
			lo = 0x90; /* overlong */
		else if (c == 0xF4)
			hi = 0x8F; /* past U+10FFFF */
	} else {
		*used = 1;
		return 0xFFFD;
	}
	for (size_t i = 1; i <= need; i++) {
		if (p + i >= end || p[i] < lo || p[i] > hi) {
			*used = i;
			return 0xFFFD;
		}
		cp = cp << 6 | (p[i] & 0x3F);
		lo = 0x80;
		hi = 0xBF;
	}
	*used = need + 1;
	return cp;
}

static size_t put_cp(char *dst, uint32_t cp)
{
	unsigned char *d = (unsigned char *)dst;

	if (cp < 0x80) {
		d[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		d[0] = (unsigned char)(0xC0 | cp >> 6);
		d[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		d[0] = (unsigned char)(0xE0 | cp >> 12);
		d[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
		d[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	d[0] = (unsigned char)(0xF0 | cp >> 18);
	d[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
	d[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
	d[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

/* Width and spaces, shared by both modes: the code point cp stands for, FOLD_SPACE or
 * FOLD_DROP.  Case is the caller's: text folds down, keys up. */
static uint32_t fold_cp(uint32_t cp)
{
	/* ￠￡￢￣￤￥￦: NFKC's half-width forms of the full-width signs. */
	static const uint32_t signs[7] = { 0xA2, 0xA3, 0xAC, 0xAF, 0xA6, 0xA5, 0x20A9 };

	if (cp <= 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0xA0))
		return FOLD_SPACE; /* controls (NUL included) would glue or split words unseen */
	if (cp < 0x7F)
		return cp;
	if (cp >= 0xFF01 && cp <= 0xFF5E)
		return cp - 0xFEE0;
	if (cp >= 0xFFE0 && cp <= 0xFFE6)
		return signs[cp - 0xFFE0];
	if (cp == 0x3000 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 ||
	    cp == 0x2029 || cp == 0x202F || cp == 0x205F)
		return FOLD_SPACE;
	if (cp == 0x200B || cp == 0x2060 || cp == 0xFEFF)
		return FOLD_DROP;
	return cp;
}

/* Fold in[0..len) into dst, which has room for 3 * len bytes (the most an input byte can
 * become: a stray byte is the 3-byte U+FFFD).  Returns the bytes written.  Folding folded
 * text changes nothing.  With n, *convert is set when a code point written may change in
 * OpenCC (norm_changes()).  With pos (room for len entries), pos[k] is the byte offset in
 * in of what the k-th code point written stands for (a collapsed space: the run's first). */
static size_t fold_at(const struct norm *n, enum fold_mode mode, const char *in, size_t len,
		      char *dst, int *convert, uint32_t *pos)
{
	const unsigned char *p = (const unsigned char *)in, *end = p + len;
	size_t o = 0, k = 0;
	uint32_t space_at = 0;
	int space = 0;

	while (p < end) {
		size_t used = 1;
		uint32_t at = (uint32_t)(p - (const unsigned char *)in);
		uint32_t cp = *p < 0x80 ? *p : next_cp(p, end, &used);

		p += used;
		cp = fold_cp(cp);
		if (cp == FOLD_DROP)
			continue;
		if (cp == FOLD_SPACE) {
			if (!space)
				space_at = at;
			space = 1;
			continue;
		}
		if (mode == FOLD_TEXT) {
			if (space && o > 0) {
				if (pos)
					pos[k++] = space_at;
				dst[o++] = ' ';
			}
			if (cp >= 'A' && cp <= 'Z')
				cp += 'a' - 'A';
			if (n && norm_changes(n, cp))
				*convert = 1;
		} else if (cp >= 'a' && cp <= 'z') {
			cp -= 'a' - 'A';
		}
		space = 0;
		if (pos)
			pos[k++] = at;
		o += put_cp(dst + o, cp);
	}
	return o;
}

static size_t fold(const struct norm *n, enum fold_mode mode, const char *in, size_t len,
		   char *dst, int *convert)
{
	return fold_at(n, mode, in, len, dst, convert, NULL);
}

static enum gl_err scratch_fit(struct norm *n, size_t len)
{
	size_t want = 3 * len + 1;
	char *s;

	if (want <= n->cap)
		return GL_OK;
	s = realloc(n->scratch, want);
	if (!s)
		return GL_ENOMEM;
	n->scratch = s;
	n->cap = want;
	return GL_OK;
}

enum gl_err norm_text(struct norm *n, const char *in, size_t len, struct buf *out)
{
	int convert = !n->fast || !n->changes;
	size_t folded;
	char *res;
	enum gl_err rc;

	if (len > NORM_MAX_INPUT)
		return GL_ETOOBIG;
	rc = scratch_fit(n, len);
	if (rc != GL_OK)
		return rc;
	/* OpenCC gets valid UTF-8 without NUL bytes (it throws on anything else): fold first. */
	folded = fold(n, FOLD_TEXT, in, len, n->scratch, &convert);
	if (folded == 0)
		return GL_OK;
	/* OpenCC costs about 0.5 us of CPU a character (docs/PERFORMANCE.md): skip it when
	 * no key that changes text can be in this one. */
	if (!convert)
		return buf_add(out, n->scratch, folded);
	res = opencc_convert_utf8(n->cc, n->scratch, folded);
	n->converted++;
	if (!res)
		return GL_ENOMEM;
	/* Fold again: nothing promises a dictionary value is free of full-width letters or
	 * spaces, and folding folded text changes nothing, so the fast path stays exact. */
	len = strlen(res);
	rc = scratch_fit(n, len);
	if (rc == GL_OK)
		rc = buf_add(out, n->scratch, fold(NULL, FOLD_TEXT, res, len, n->scratch, NULL));
	opencc_convert_utf8_free(res);
	return rc;
}

enum gl_err norm_key(const char *in, size_t len, struct buf *out)
{
	char *tmp;
	enum gl_err rc;

	if (len > NORM_MAX_INPUT)
		return GL_ETOOBIG;
	/* Codes are short and rare next to texts: a buffer per call keeps this handle-free. */
	tmp = malloc(3 * len + 1);
	if (!tmp)
		return GL_ENOMEM;
	rc = buf_add(out, tmp, fold(NULL, FOLD_KEY, in, len, tmp, NULL));
	free(tmp);
	return rc;
}

/* ---- the map back to the text as written ------------------------------------------------ */

/* The code points of s[0..len) (valid UTF-8: folded text or OpenCC's output) into cps, and
 * with at, each one's byte offset; returns how many. */
static size_t decode(const char *s, size_t len, uint32_t *cps, uint32_t *at)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	size_t n = 0;

	while (p < end) {
		size_t used = 1;
		if (at)
			at[n] = (uint32_t)(p - (const unsigned char *)s);
		cps[n++] = *p < 0x80 ? *p : next_cp(p, end, &used);
		p += used;
	}
	return n;
}

/* For each code point of b, the index of the code point of a it came from, where b is a
 * converted by OpenCC.  t2s maps most phrases to phrases of the same length, so b as long
 * as a is taken position by position.  Otherwise equal code points are paired and each run
 * that differs is spread evenly over the run of a it replaces (the first pair of equal code
 * points within a few steps ends a run); a run that never resynchronises spreads over the
 * rest of a.  This only decides where a highlight falls in the text as written. */
static void align(const uint32_t *a, size_t na, const uint32_t *b, size_t nb, uint32_t *to)
{
	enum { WINDOW = 8 };
	size_t i = 0, j = 0;

	if (na == nb) {
		for (j = 0; j < nb; j++)
			to[j] = (uint32_t)j;
		return;
	}
	while (j < nb) {
		size_t di = 0, dj = 0;
		int found = 0;

		if (i < na && a[i] == b[j]) {
			to[j++] = (uint32_t)i++;
			continue;
		}
		/* The nearest (di, dj) where both resume equal, by di + dj. */
		for (size_t k = 1; k <= 2 * WINDOW && !found; k++)
			for (size_t d = 0; d <= k && !found; d++)
				if (i + d < na && j + (k - d) < nb && a[i + d] == b[j + k - d]) {
					di = d;
					dj = k - d;
					found = 1;
				}
		if (!found) {
			di = i < na ? na - i : 0;
			dj = nb - j;
		}
		for (size_t k = 0; k < dj; k++) {
			size_t ai = di ? i + k * di / dj : (i ? i - 1 : 0);
			to[j + k] = (uint32_t)(ai < na ? ai : (na ? na - 1 : 0));
		}
		i += di;
		j += dj;
	}
}

enum gl_err norm_text_map(struct norm *n, const char *in, size_t len, struct buf *out,
			  uint32_t **src, size_t *ncp)
{
	int convert = !n->fast || !n->changes;
	uint32_t *pos = NULL, *fa = NULL, *rcp = NULL, *rat = NULL, *pos2 = NULL, *to = NULL,
		 *map = NULL;
	char *res = NULL, *folded = NULL, *refolded = NULL;
	size_t flen, nf = 0, nr = 0, nout = 0, rlen = 0, olen;
	enum gl_err rc = GL_ENOMEM;

	*src = NULL;
	*ncp = 0;
	if (len > NORM_MAX_INPUT)
		return GL_ETOOBIG;
	/* Room for one entry per input byte: a code point is at least a byte. */
	if (!(pos = malloc((len + 1) * sizeof(*pos))) || !(folded = malloc(3 * len + 1)))
		goto out;
	flen = fold_at(n, FOLD_TEXT, in, len, folded, &convert, pos);
	if (!convert || flen == 0) {
		nout = 0;
		for (size_t b = 0; b < flen; b++)
			nout += (folded[b] & 0xC0) != 0x80;
		rc = buf_add(out, folded, flen);
		map = pos;
		pos = NULL;
		goto done;
	}
	res = opencc_convert_utf8(n->cc, folded, flen);
	n->converted++;
	if (!res)
		goto out;
	rlen = strlen(res);
	if (!(fa = malloc((flen + 1) * sizeof(*fa))) || !(rcp = malloc((rlen + 1) * sizeof(*rcp))) ||
	    !(rat = malloc((rlen + 1) * sizeof(*rat))) || !(to = malloc((rlen + 1) * sizeof(*to))) ||
	    !(pos2 = malloc((rlen + 1) * sizeof(*pos2))) || !(refolded = malloc(3 * rlen + 1)))
		goto out;
	nf = decode(folded, flen, fa, NULL);
	nr = decode(res, rlen, rcp, rat);
	align(fa, nf, rcp, nr, to);
	/* Fold OpenCC's output again, as norm_text does; pos2 are byte offsets in res. */
	olen = fold_at(NULL, FOLD_TEXT, res, rlen, refolded, NULL, pos2);
	for (size_t b = 0; b < olen; b++)
		nout += (refolded[b] & 0xC0) != 0x80;
	if (!(map = malloc((nout + 1) * sizeof(*map))))
		goto out;
	for (size_t k = 0, r = 0; k < nout; k++) {
		while (r + 1 < nr && rat[r + 1] <= pos2[k])
			r++;
		map[k] = nr ? pos[to[r]] : 0;
	}
	rc = buf_add(out, refolded, olen);
done:
	if (rc == GL_OK) {
		map[nout] = (uint32_t)len;
		/* Never backwards, so a hit is a range of the text as written. */
		for (size_t k = 1; k <= nout; k++)
			if (map[k] < map[k - 1])
				map[k] = map[k - 1];
		*src = map;
		*ncp = nout;
		map = NULL;
	}
out:
	if (res)
		opencc_convert_utf8_free(res);
	free(pos);
	free(folded);
	free(fa);
	free(rcp);
	free(rat);
	free(pos2);
	free(to);
	free(refolded);
	free(map);
	return rc;
}
