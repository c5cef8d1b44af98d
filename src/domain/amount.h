/* amount.h - money amounts as exact integers.
 *
 * Investment is kept in 万元 (wan, 10^4 yuan) as an int64 and shown in 亿元 (yi, 10^8 yuan);
 * never in floating point.  Parsing goes through yuan so that "12.5万" (125000 yuan) is exact.
 */
#ifndef GL_AMOUNT_H
#define GL_AMOUNT_H

#include <stddef.h>
#include <stdint.h>

#include "../util/err.h"

/* Parse a written amount into yuan.  Accepts an optional sign-free decimal number with
 * optional ASCII or full-width thousands separators ("3,000", "3，000"), optional full-width
 * digits, optional surrounding spaces, then an optional unit: 元, 万, 万元, 亿, 亿元.
 * A bare number is taken in default_unit_yuan (1 for 元, 10000 for 万元, 100000000 for 亿元).
 * Examples (default 万元): "400亿元" -> 40000000000, "1.5亿" -> 150000000,
 * "3,000万元" -> 30000000, "12.5万" -> 125000, "5000" -> 50000000.
 * Returns GL_EINVALID for anything else (empty, negative, two units, more decimals than the
 * unit can hold exactly, overflow).  Details: spaces may also separate number and unit
 * ("400 亿元"); a decimal point needs digits on both sides; trailing decimal zeros are
 * ignored ("1.500000000亿" is fine); "万亿" counts as two units; default_unit_yuan must be a
 * power of ten. */
enum gl_err amount_parse_yuan(const char *s, int64_t default_unit_yuan, int64_t *out_yuan)
	__attribute__((warn_unused_result));

/* Parse straight into 万元; GL_EINVALID also when the amount is not a whole number of 万元
 * ("12.5万" is refused here). */
enum gl_err amount_parse_wan(const char *s, int64_t *out_wan) __attribute__((warn_unused_result));

/* Write an amount in 万元 as an exact decimal number of 亿元 without trailing zeros:
 * 4000000 -> "400", 15000 -> "1.5", 12 -> "0.0012", -15000 -> "-1.5".
 * Returns the length written (excluding NUL) or -1 when the buffer is too small. */
int amount_format_yi(int64_t wan, char *buf, size_t size);

/* Human Chinese form with thousands separators: >= 1亿 as "400亿元" / "1.5亿元",
 * below as "3,000万元"; 0 -> "0万元". Returns length or -1. */
int amount_format_human(int64_t wan, char *buf, size_t size);

#endif
