/* normalize.c - the text form search compares (normalize.h says what it is). */
#include "normalize.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <opencc/opencc.h>

#include "../util/log.h"
#include "opencc-keys.h"

/* Text with a code point at or past this always goes through OpenCC.  Debian's t2s keys
 * are all below U+2B740 (CJK Extension B..D); this covers Extension E..H too and costs
 * 32 KB per handle. */
#define KEYS_LIMIT 0x40000u

/* What fold_cp() returns for a code point that is not kept as another code point. */
#define FOLD_SPACE 0xFFFFFFFFu
#define FOLD_DROP 0xFFFFFFFEu

enum fold_mode { FOLD_TEXT, FOLD_KEY };

struct norm {
	opencc_t cc;
	int fast;           /* skip OpenCC for text without a witness */
	int keys_ok;        /* witness[] was filled; otherwise every text goes through OpenCC */
	unsigned long converted;
	char *scratch;      /* the folded text, then the folded conversion */
	size_t cap;
	uint8_t witness[KEYS_LIMIT / 8]; /* bit cp: cp is the witness of a key (opencc-keys.h) */
};

static void mark_witness(void *arg, uint32_t cp)
{
	struct norm *n = arg;

	if (cp < KEYS_LIMIT)
		n->witness[cp >> 3] |= (uint8_t)(1u << (cp & 7));
}

enum gl_err norm_open(const char *path, struct norm **out)
{
	struct norm *n;
	long keys;

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
	keys = opencc_key_witnesses(path, mark_witness, n);
	n->keys_ok = keys > 0;
	if (!n->keys_ok)
		log_error("search: cannot list the keys of %s; every text goes through OpenCC", path);
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
 * text changes nothing.  With n, *convert is set when a code point written is a witness:
 * the folded text may then change in OpenCC. */
static size_t fold(const struct norm *n, enum fold_mode mode, const char *in, size_t len,
		   char *dst, int *convert)
{
	const unsigned char *p = (const unsigned char *)in, *end = p + len;
	size_t o = 0;
	int space = 0;

	while (p < end) {
		size_t used = 1;
		uint32_t cp = *p < 0x80 ? *p : next_cp(p, end, &used);

		p += used;
		cp = fold_cp(cp);
		if (cp == FOLD_DROP)
			continue;
		if (cp == FOLD_SPACE) {
			space = 1;
			continue;
		}
		if (mode == FOLD_TEXT) {
			if (space && o > 0)
				dst[o++] = ' ';
			if (cp >= 'A' && cp <= 'Z')
				cp += 'a' - 'A';
			if (n && (cp >= KEYS_LIMIT || (n->witness[cp >> 3] >> (cp & 7) & 1)))
				*convert = 1;
		} else if (cp >= 'a' && cp <= 'z') {
			cp -= 'a' - 'A';
		}
		space = 0;
		o += put_cp(dst + o, cp);
	}
	return o;
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
	int convert = !n->fast || !n->keys_ok;
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
