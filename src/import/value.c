/* value.c - typed values out of ledger cells (see value.h). */
#include "value.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../domain/amount.h"
#include "../domain/creditcode.h"
#include "../domain/money.h"

int value_unit_parse(const char *s, struct value_unit *u)
{
	static const struct {
		const char *text;
		int64_t yuan;
		int usd;
	} units[] = {
		{ "元", 1, 0 }, { "万元", 10000, 0 }, { "亿元", 100000000, 0 },
		{ "万", 10000, 0 }, { "亿", 100000000, 0 },
		{ "美元", 1, 1 }, { "万美元", 10000, 1 }, { "亿美元", 100000000, 1 },
		{ "人民币元", 1, 0 }, { "人民币万元", 10000, 0 }, { "人民币亿元", 100000000, 0 },
	};

	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcmp(s, units[i].text) == 0) {
			u->yuan = units[i].yuan;
			u->usd = units[i].usd;
			return 0;
		}
	}
	return -1;
}

static int is_space_at(const char *s, size_t *n)
{
	if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
		*n = 1;
		return 1;
	}
	if (strncmp(s, "\xE3\x80\x80", 3) == 0) {
		*n = 3;
		return 1;
	}
	return 0;
}

char *value_trim(char *s)
{
	size_t n, len, start = 0;

	while (s[start] && is_space_at(s + start, &n))
		start += n;
	if (start)
		memmove(s, s + start, strlen(s + start) + 1);
	len = strlen(s);
	for (;;) {
		if (len >= 1 && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\n' ||
				 s[len - 1] == '\r'))
			len--;
		else if (len >= 3 && memcmp(s + len - 3, "\xE3\x80\x80", 3) == 0)
			len -= 3;
		else
			break;
	}
	s[len] = '\0';
	return s;
}

/* Copy text into buf trimmed, with full-width digits, letters and ASCII punctuation
 * (U+FF01-U+FF5E) made ASCII and spaces inside removed when squeeze is set. */
static void ascii_fold(const char *text, char *buf, size_t size, int squeeze)
{
	size_t w = 0;
	const unsigned char *s = (const unsigned char *)text;

	while (*s && w + 4 < size) {
		size_t n;

		if (s[0] == 0xEF && (s[1] == 0xBC || s[1] == 0xBD) && s[2]) {
			unsigned cp = ((s[0] & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);

			if (cp >= 0xFF01 && cp <= 0xFF5E) {
				buf[w++] = (char)(cp - 0xFF01 + 0x21);
				s += 3;
				continue;
			}
		}
		if (squeeze && is_space_at((const char *)s, &n)) {
			s += n;
			continue;
		}
		buf[w++] = (char)*s++;
	}
	buf[w] = '\0';
	value_trim(buf);
}

/* A number cell as a decimal without float noise: 15 significant digits is what Excel
 * keeps, so 0.30000000000000004 reads as 0.3. */
static void number_text(double v, char *buf, size_t size)
{
	snprintf(buf, size, "%.15g", v);
}

static int has(const char *s, const char *what)
{
	return strstr(s, what) != NULL;
}

/* Replace the first "美元" by "元" in place. */
static void drop_usd(char *s)
{
	char *p = strstr(s, "美元");

	if (p)
		memmove(p, p + 3, strlen(p + 3) + 1);
}

enum import_code value_amount(const struct cell *c, const struct value_unit *col, int foreign,
			      int64_t *out)
{
	char buf[128];
	int64_t unit = col && col->yuan ? col->yuan : 10000, yuan;
	int usd = 0, rmb = 0;

	if (c->kind == CELL_NUMBER || c->kind == CELL_DATE) {
		if (!isfinite(c->num) || c->num < 0)
			return IMP_BAD_AMOUNT;
		number_text(c->num, buf, sizeof(buf));
	} else {
		ascii_fold(c->text, buf, sizeof(buf), 1);
		if (strncmp(buf, "人民币", strlen("人民币")) == 0) {
			memmove(buf, buf + strlen("人民币"), strlen(buf + strlen("人民币")) + 1);
			rmb = 1;
		}
		if (has(buf, "美元")) {
			usd = 1;
			drop_usd(buf);
		} else if (has(buf, "元")) {
			rmb = 1;
		}
	}
	if (usd && !foreign)
		return IMP_FOREIGN_CURRENCY;
	if (rmb && foreign)
		return IMP_NOT_FOREIGN;
	if (amount_parse_yuan(buf, unit, &yuan) != GL_OK)
		return IMP_BAD_AMOUNT;
	if (yuan % 10000 != 0)
		return IMP_AMOUNT_FRACTION;
	if (yuan / 10000 > MONEY_MAX_AMOUNT)
		return IMP_BAD_AMOUNT;
	*out = yuan / 10000;
	return IMP_OK;
}

int value_looks_like_amount(const char *text)
{
	char buf[128];
	int64_t a, b;

	ascii_fold(text, buf, sizeof(buf), 1);
	drop_usd(buf);
	/* With a unit written out, the default unit makes no difference. */
	return buf[0] && amount_parse_yuan(buf, 1, &a) == GL_OK &&
	       amount_parse_yuan(buf, 10, &b) == GL_OK && a == b;
}

static enum import_code check_ymd(int y, int m, int d, struct ymd *out)
{
	if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 || d > date_days_in_month(y, m))
		return IMP_IMPOSSIBLE_DATE;
	out->y = y;
	out->m = m;
	out->d = d;
	return IMP_OK;
}

enum import_code value_serial_date(double serial, struct ymd *out)
{
	int64_t s;

	/* 2958465 is 9999-12-31, the last day Excel knows. */
	if (!isfinite(serial) || serial < 1 || serial >= 2958466)
		return IMP_BAD_DATE;
	s = (int64_t)serial; /* positive: truncation is the floor */
	if (s == 60)
		return IMP_IMPOSSIBLE_DATE;
	/* Day 0 is 1899-12-31 up to the phantom leap day, 1899-12-30 after it. */
	{
		struct ymd base = s < 60 ? (struct ymd){ 1899, 12, 31 } : (struct ymd){ 1899, 12, 30 };
		struct ymd d = date_from_days(date_to_days(base) + s);

		if (d.y > 2999)
			return IMP_BAD_DATE;
		*out = d;
	}
	return IMP_OK;
}

/* Read 1-4 ASCII digits at *p. */
static int digits(const char **p, int max, int *n)
{
	int v = 0, k = 0;

	while (k < max && **p >= '0' && **p <= '9') {
		v = v * 10 + (**p - '0');
		(*p)++;
		k++;
	}
	*n = k;
	return v;
}

/* A separator between year, month and day: one of . / - (returned as itself) or the
 * character cjk (年 or 月; returns 2); 0 when there is none. */
static int date_sep(const char **p, const char *cjk)
{
	if (**p == '.' || **p == '/' || **p == '-')
		return *(*p)++;
	if (strncmp(*p, cjk, strlen(cjk)) == 0) {
		*p += strlen(cjk);
		return 2;
	}
	return 0;
}

static enum import_code date_number(double v, struct ymd *out)
{
	if (v >= 19000101 && v <= 29991231 && v == (double)(int64_t)v) {
		int64_t n = (int64_t)v;

		return check_ymd((int)(n / 10000), (int)(n / 100 % 100), (int)(n % 100), out);
	}
	return value_serial_date(v, out);
}

enum import_code value_date(const struct cell *c, struct ymd *out)
{
	char buf[128];
	const char *p;
	int y, m, d, n, s1, s2;

	if (c->kind == CELL_DATE)
		return value_serial_date(c->num, out);
	if (c->kind == CELL_NUMBER)
		return date_number(c->num, out);
	ascii_fold(c->text, buf, sizeof(buf), 0);
	/* All digits: 20230203, or a serial number written as text (a CSV saved by Excel: five
	 * digits from 1973 to 2173; "2023" alone is a year, not 1905-07-15). */
	if (buf[0] && strspn(buf, "0123456789") == strlen(buf)) {
		if (strlen(buf) != 5 && strlen(buf) != 8)
			return IMP_BAD_DATE;
		return date_number(strtod(buf, NULL), out);
	}
	p = buf;
	y = digits(&p, 4, &n);
	if (n == 4) {
		s1 = date_sep(&p, "年");
		m = digits(&p, 2, &n);
		if (!s1 || n == 0)
			return IMP_BAD_DATE;
		s2 = date_sep(&p, "月");
		d = digits(&p, 2, &n);
		/* The separators must agree: 2023.2/3 is more likely a typo than a date. */
		if (!s2 || n == 0 || s1 != s2)
			return IMP_BAD_DATE;
		if (s1 == 2 && (strncmp(p, "日", strlen("日")) == 0 ||
				strncmp(p, "号", strlen("号")) == 0))
			p += 3;
		else if (s1 == 2)
			return IMP_BAD_DATE;
		/* A time of day after a space (what Excel exports for date-time cells). */
		if (*p == ' ' || *p == 'T') {
			int hh, mm;

			p++;
			hh = digits(&p, 2, &n);
			if (n == 0 || *p != ':' || hh > 23)
				return IMP_BAD_DATE;
			p++;
			mm = digits(&p, 2, &n);
			if (n != 2 || mm > 59)
				return IMP_BAD_DATE;
			if (*p == ':') {
				p++;
				digits(&p, 2, &n);
				if (n != 2)
					return IMP_BAD_DATE;
			}
		}
		if (*p != '\0')
			return IMP_BAD_DATE;
		return check_ymd(y, m, d, out);
	}
	return IMP_BAD_DATE;
}
enum import_code value_credit_code(const char *text, char out[19])
{
	char buf[64];
	size_t len;
	enum uscc_result r;

	ascii_fold(text, buf, sizeof(buf), 1);
	len = strlen(buf);
	for (size_t i = 0; i < len; i++)
		if (buf[i] >= 'a' && buf[i] <= 'z')
			buf[i] = (char)(buf[i] - 'a' + 'A');
	if (len != 18)
		return IMP_BAD_CREDIT_CODE;
	r = uscc_check(buf);
	if (r != USCC_OK && !uscc_is_check_failure(r))
		return IMP_BAD_CREDIT_CODE;
	memcpy(out, buf, 19);
	return r == USCC_OK ? IMP_OK : IMP_CREDIT_CODE_CHECK;
}

/* A number cell or a folded text without a suffix, as a decimal string. */
static int plain_number(const struct cell *c, const char *suffix, char *buf, size_t size)
{
	if (c->kind == CELL_NUMBER) {
		if (!isfinite(c->num) || c->num < 0)
			return -1;
		number_text(c->num, buf, size);
		return 0;
	}
	if (c->kind != CELL_TEXT)
		return -1;
	ascii_fold(c->text, buf, size, 1);
	{
		size_t len = strlen(buf), sl = strlen(suffix);

		if (len > sl && strcmp(buf + len - sl, suffix) == 0)
			buf[len - sl] = '\0';
	}
	return 0;
}

enum import_code value_count(const struct cell *c, int64_t *out)
{
	char buf[64];
	int64_t v = 0;
	int ndig = 0;

	if (plain_number(c, "人", buf, sizeof(buf)) != 0)
		return IMP_BAD_NUMBER;
	for (const char *p = buf; *p; p++) {
		if (*p == ',' && ndig > 0)
			continue;
		if (*p < '0' || *p > '9' || ndig >= 12)
			return IMP_BAD_NUMBER;
		v = v * 10 + (*p - '0');
		ndig++;
	}
	if (ndig == 0 || v > MONEY_MAX_JOBS)
		return IMP_BAD_NUMBER;
	*out = v;
	return IMP_OK;
}

enum import_code value_land(const struct cell *c, int64_t *out)
{
	char buf[64];

	if (plain_number(c, "亩", buf, sizeof(buf)) != 0 || land_parse(buf, out) != 0 ||
	    *out > MONEY_MAX_LAND_CENTIMU)
		return IMP_BAD_LAND;
	return IMP_OK;
}

enum import_code value_bool(const struct cell *c, int *out)
{
	static const char *const yes[] = { "是", "√", "✓", "y", "Y", "yes", "YES", "Yes", "1",
					   "TRUE", "true", "是的" };
	static const char *const no[] = { "否", "×", "✗", "n", "N", "no", "NO", "No", "0",
					  "FALSE", "false", "不是" };
	char buf[64];

	if (c->kind == CELL_BOOL || c->kind == CELL_NUMBER) {
		if (c->num != 0 && c->num != 1)
			return IMP_BAD_BOOL;
		*out = c->num == 1;
		return IMP_OK;
	}
	ascii_fold(c->text, buf, sizeof(buf), 1);
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (strcmp(buf, yes[i]) == 0) {
			*out = 1;
			return IMP_OK;
		}
		if (strcmp(buf, no[i]) == 0) {
			*out = 0;
			return IMP_OK;
		}
	}
	return IMP_BAD_BOOL;
}

char *value_text(const struct cell *c, char *buf, size_t size)
{
	struct ymd d;

	if (size == 0)
		return buf;
	if (c->kind == CELL_DATE && value_serial_date(c->num, &d) == IMP_OK) {
		date_format_iso(d, buf, size);
		return buf;
	}
	if (c->kind == CELL_NUMBER) {
		number_text(c->num, buf, size);
		return buf;
	}
	snprintf(buf, size, "%s", c->text);
	return value_trim(buf);
}
