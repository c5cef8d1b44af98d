/* amount.c - exact integer parsing and formatting of 元 / 万元 / 亿元 amounts. */
#include <stdint.h>
#include <string.h>

#include "amount.h"

#define U_YUAN "\xe5\x85\x83"         /* 元 */
#define U_WAN "\xe4\xb8\x87"          /* 万 */
#define U_YI "\xe4\xba\xbf"           /* 亿 */
#define U_IDEO_SPACE "\xe3\x80\x80"   /* U+3000 */
#define U_FW_COMMA "\xef\xbc\x8c"     /* ， U+FF0C */
#define U_FW_POINT "\xef\xbc\x8e"     /* ． U+FF0E */

/* Consume lit at *p when it is there. */
static int eat(const char **p, const char *end, const char *lit)
{
	size_t n = strlen(lit);

	if ((size_t)(end - *p) < n || memcmp(*p, lit, n) != 0)
		return 0;
	*p += n;
	return 1;
}

static void skip_spaces(const char **p, const char *end)
{
	while (eat(p, end, " ") || eat(p, end, "\t") || eat(p, end, U_IDEO_SPACE))
		;
}

/* An ASCII or full-width (U+FF10..U+FF19) digit at *p: its value, consumed; else -1. */
static int eat_digit(const char **p, const char *end)
{
	const unsigned char *u = (const unsigned char *)*p;

	if (end - *p >= 1 && u[0] >= '0' && u[0] <= '9') {
		*p += 1;
		return u[0] - '0';
	}
	if (end - *p >= 3 && u[0] == 0xef && u[1] == 0xbc && u[2] >= 0x90 && u[2] <= 0x99) {
		*p += 3;
		return u[2] - 0x90;
	}
	return -1;
}

/* v = v * 10^n + add, or -1 on overflow. */
static int shift_add(int64_t *v, int n, int add)
{
	for (int i = 0; i < n; i++) {
		if (*v > INT64_MAX / 10)
			return -1;
		*v *= 10;
	}
	if (*v > INT64_MAX - add)
		return -1;
	*v += add;
	return 0;
}

/*
 * The number is read as an integer mantissa and a count of decimals, so that
 * value = mantissa * unit / 10^decimals stays exact.  Trailing zero decimals are dropped
 * ("1.50亿" is "1.5亿"); the unit must then absorb the remaining decimals.
 */
enum gl_err amount_parse_yuan(const char *s, int64_t default_unit_yuan, int64_t *out_yuan)
{
	const char *p = s, *end = s + strlen(s);
	int64_t mantissa = 0, u = default_unit_yuan;
	int int_digits = 0, decimals = 0, zeros = 0, unit_decimals = 0;
	int group = 0, grouped = 0, point = 0;

	/* The default unit must be a power of ten: its zeros are the decimals it can hold. */
	for (; u > 1 && u % 10 == 0; u /= 10)
		unit_decimals++;
	if (u != 1)
		return GL_EINVALID;

	skip_spaces(&p, end);
	for (;;) {
		int d = eat_digit(&p, end);

		if (d >= 0 && !point) {
			int_digits++;
			group++;
			if (shift_add(&mantissa, 1, d) != 0)
				return GL_EINVALID;
		} else if (d >= 0) {
			/* Hold zeros back until a non-zero decimal proves they matter. */
			if (d == 0) {
				zeros++;
				continue;
			}
			if (shift_add(&mantissa, zeros + 1, d) != 0)
				return GL_EINVALID;
			decimals += zeros + 1;
			zeros = 0;
		} else if (!point && (eat(&p, end, ",") || eat(&p, end, U_FW_COMMA))) {
			/* 1-3 digits before the first separator, exactly 3 between the others. */
			if (group == 0 || group > 3 || (grouped && group != 3))
				return GL_EINVALID;
			grouped = 1;
			group = 0;
		} else if (!point && (eat(&p, end, ".") || eat(&p, end, U_FW_POINT))) {
			const char *q = p;

			/* Digits on both sides: neither ".5" nor "5." */
			if (int_digits == 0 || eat_digit(&q, end) < 0)
				return GL_EINVALID;
			point = 1;
		} else {
			break;
		}
	}
	if (int_digits == 0 || (grouped && group != 3))
		return GL_EINVALID;

	skip_spaces(&p, end);
	if (eat(&p, end, U_WAN)) {
		unit_decimals = 4;
		eat(&p, end, U_YUAN);
	} else if (eat(&p, end, U_YI)) {
		unit_decimals = 8;
		eat(&p, end, U_YUAN);
	} else if (eat(&p, end, U_YUAN)) {
		unit_decimals = 0;
	}
	skip_spaces(&p, end);
	if (p != end || decimals > unit_decimals)
		return GL_EINVALID;

	if (shift_add(&mantissa, unit_decimals - decimals, 0) != 0)
		return GL_EINVALID;
	*out_yuan = mantissa;
	return GL_OK;
}

enum gl_err amount_parse_wan(const char *s, int64_t *out_wan)
{
	int64_t yuan;
	enum gl_err e = amount_parse_yuan(s, 10000, &yuan);

	if (e != GL_OK)
		return e;
	if (yuan % 10000 != 0)
		return GL_EINVALID;
	*out_wan = yuan / 10000;
	return GL_OK;
}

/* Decimal digits of v at out, with ',' every three when grouped.  Returns the length. */
static size_t put_uint(char *out, uint64_t v, int grouped)
{
	char rev[32];
	size_t n = 0, len = 0;

	do {
		if (grouped && n > 0 && n % 3 == 0)
			rev[len++] = ',';
		rev[len++] = (char)('0' + v % 10);
		v /= 10;
		n++;
	} while (v > 0);
	for (size_t i = 0; i < len; i++)
		out[i] = rev[len - 1 - i];
	return len;
}

/* 万元 as 亿元 into out (at least 40 bytes), no trailing decimal zeros.  Returns the length. */
static size_t put_yi(char *out, int64_t wan, int grouped)
{
	/* Through uint64_t so that INT64_MIN has a magnitude. */
	uint64_t mag = wan < 0 ? 0 - (uint64_t)wan : (uint64_t)wan;
	unsigned frac = (unsigned)(mag % 10000);
	size_t len = 0;

	if (wan < 0)
		out[len++] = '-';
	len += put_uint(out + len, mag / 10000, grouped);
	if (frac != 0) {
		out[len++] = '.';
		for (unsigned div = 1000; frac != 0; div /= 10) {
			out[len++] = (char)('0' + frac / div);
			frac %= div;
		}
	}
	return len;
}

/* Copy len bytes and a NUL to buf when they fit.  Returns len or -1. */
static int put_out(char *buf, size_t size, const char *s, size_t len)
{
	if (len >= size)
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return (int)len;
}

int amount_format_yi(int64_t wan, char *buf, size_t size)
{
	char tmp[64];

	return put_out(buf, size, tmp, put_yi(tmp, wan, 0));
}

int amount_format_human(int64_t wan, char *buf, size_t size)
{
	char tmp[64];
	size_t len = 0;
	const char *unit;

	if (wan > -10000 && wan < 10000) {
		if (wan < 0)
			tmp[len++] = '-';
		len += put_uint(tmp + len, (uint64_t)(wan < 0 ? -wan : wan), 1);
		unit = U_WAN U_YUAN;
	} else {
		len = put_yi(tmp, wan, 1);
		unit = U_YI U_YUAN;
	}
	memcpy(tmp + len, unit, strlen(unit));
	return put_out(buf, size, tmp, len + strlen(unit));
}
