/* test_creditcode.c - unit tests for the USCC and organisation code checks. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "domain/creditcode.h"

/*
 * Reference implementation, written independently of creditcode.c: the weights are spelled
 * out (3^(i-1) mod 31 worked by hand) instead of computed, and letters are looked up in a
 * literal table.
 */
static const char ref_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
static const int ref_uscc_w[17] = {
	1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
};
static const int ref_org_w[8] = { 3, 7, 9, 10, 5, 8, 4, 2 };

static char ref_uscc_check(const char *s)
{
	int sum = 0;

	for (int i = 0; i < 17; i++)
		sum += (int)(strchr(ref_alphabet, s[i]) - ref_alphabet) * ref_uscc_w[i];
	return ref_alphabet[(31 - sum % 31) % 31];
}

static char ref_org_check(const char *s)
{
	static const char letters[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
	int sum = 0, c;

	for (int i = 0; i < 8; i++) {
		int v = s[i] >= '0' && s[i] <= '9' ? s[i] - '0'
						   : (int)(strchr(letters, s[i]) - letters) + 10;
		sum += v * ref_org_w[i];
	}
	c = 11 - sum % 11;
	return c == 10 ? 'X' : c == 11 ? '0' : (char)('0' + c);
}

/* Build a code from 16 characters: org check at 17, USCC check at 18. */
static void make_code(const char *first16, char out[19])
{
	memcpy(out, first16, 16);
	out[16] = ref_org_check(first16 + 8);
	out[17] = ref_uscc_check(out);
	out[18] = '\0';
}

/*
 * Published codes.  91350100M000100Y43 is the example printed in GB 32100-2015; the others
 * are widely published codes of large companies.  The organisation check of the first, by
 * hand: M000100Y with weights 3,7,9,10,5,8,4,2 and M = 22, Y = 34 gives 66 + 5 + 68 = 139;
 * 139 mod 11 = 7; 11 - 7 = 4, the 17th character.
 */
static const char *const published[] = {
	"91350100M000100Y43",
	"91440300192317458F",
	"914403001922038216",
	"9144030071526726XG",
	"91330100716105852F",
	"91110108551385082Q",
};

static void test_published_codes(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(published) / sizeof(published[0]); i++) {
		const char *c = published[i];

		assert_int_equal(ref_uscc_check(c), c[17]);
		assert_int_equal(ref_org_check(c + 8), c[16]);
		assert_int_equal(uscc_check(c), USCC_OK);
		assert_int_equal(uscc_check_char(c), c[17]);
		assert_int_equal(orgcode_check_char(c + 8), c[16]);
		assert_int_equal(orgcode_check(c + 8, 9), 0);
	}
}

static void test_generated_codes(void **state)
{
	static const char *const heads[] = {
		"9137010000000000", "1100000000000000", "52370112ABCDEFGH",
		"Y1000000WXYUTRQP", "91370115MA3C4D5E", "3137000099999999",
	};
	char code[19];

	(void)state;
	for (size_t i = 0; i < sizeof(heads) / sizeof(heads[0]); i++) {
		make_code(heads[i], code);
		assert_int_equal(uscc_check(code), USCC_OK);
	}
}

/* The check over all 31 values of each position, against the reference. */
static void test_check_char_round_trip(void **state)
{
	char code[19] = "91370100MA0000000X";

	(void)state;
	for (int pos = 0; pos < 17; pos++) {
		char saved = code[pos];

		for (int v = 0; v < 31; v++) {
			code[pos] = ref_alphabet[v];
			assert_int_equal(uscc_check_char(code), ref_uscc_check(code));
		}
		code[pos] = saved;
	}
	for (int pos = 0; pos < 8; pos++) {
		char org[9] = "12345678";

		for (char c = '0'; c <= 'Z'; c++) {
			if (c > '9' && c < 'A')
				continue;
			org[pos] = c;
			assert_int_equal(orgcode_check_char(org), ref_org_check(org));
		}
	}
}

static void test_org_check_special_values(void **state)
{
	(void)state;
	int seen_x = 0, seen_0 = 0;
	char org[10] = "00000000";

	for (int a = 0; a < 36; a++) {
		org[7] = a < 10 ? (char)('0' + a) : (char)('A' + a - 10);
		for (int b = 0; b < 10; b++) {
			char c;

			org[6] = (char)('0' + b);
			c = orgcode_check_char(org);
			assert_int_equal(c, ref_org_check(org));
			seen_x |= c == 'X';
			seen_0 |= c == '0';
			org[8] = c;
			assert_int_equal(orgcode_check(org, 9), 0);
		}
	}
	/* Both special remainders (10 -> 'X', 11 -> '0') must have been exercised. */
	assert_true(seen_x);
	assert_true(seen_0);
	/* 00000001: S = 2, 11 - 2 = 9.  00000000: S = 0, 11 - 0 = 11 -> '0'. */
	assert_int_equal(orgcode_check_char("00000001"), '9');
	assert_int_equal(orgcode_check_char("00000000"), '0');
	/* 00000005: S = 10, 11 - 10 = 1.  00000006: S = 12, 12 mod 11 = 1, 11 - 1 = 10 -> 'X'. */
	assert_int_equal(orgcode_check_char("00000005"), '1');
	assert_int_equal(orgcode_check_char("00000006"), 'X');
}

static void test_orgcode_check(void **state)
{
	(void)state;
	assert_int_equal(orgcode_check("M000100Y4", 9), 0);
	assert_int_equal(orgcode_check("M000100Y3", 9), -1);
	assert_int_equal(orgcode_check("M000100Y4", 8), -1);
	assert_int_equal(orgcode_check("M000100Y4X", 10), -1);
	assert_int_equal(orgcode_check("m000100Y4", 9), -1);
	assert_int_equal(orgcode_check("M000-00Y4", 9), -1);
	assert_int_equal(orgcode_check_char("M000100"), '\0');
	assert_int_equal(orgcode_check_char("M0001-0Y"), '\0');
	/* GB 11714 numbers I, O, S, V, Z too: O = 24, so 0000000O: S = 48, 48 mod 11 = 4 -> 7. */
	assert_int_equal(orgcode_check_char("0000000O"), '7');
}

static void test_bad_check(void **state)
{
	char code[19] = "91350100M000100Y43";

	(void)state;
	for (int v = 0; v < 31; v++) {
		code[17] = ref_alphabet[v];
		assert_int_equal(uscc_check(code), code[17] == '3' ? USCC_OK : USCC_BAD_CHECK);
	}
	/* A wrong 18th character wins over a wrong 17th. */
	memcpy(code, "91350100M000100Y53", 18);
	assert_int_equal(uscc_check(code), USCC_BAD_CHECK);
	/* Swapping two characters is caught. */
	assert_int_equal(uscc_check("91350100M000010Y43"), USCC_BAD_CHECK);
}

static void test_bad_org_check(void **state)
{
	char code[19] = "91350100M000100Y43";

	(void)state;
	/* Wrong 17th character, 18th recomputed so only the organisation check fails. */
	code[16] = '5';
	code[17] = ref_uscc_check(code);
	assert_int_equal(uscc_check(code), USCC_BAD_ORG_CHECK);
	/* An organisation check can never be a letter other than X. */
	code[16] = 'A';
	code[17] = ref_uscc_check(code);
	assert_int_equal(uscc_check(code), USCC_BAD_ORG_CHECK);
	/* A plausible-looking code that fails both checks (18th should be R, 17th 5). */
	assert_int_equal(uscc_check("911100001000010373"), USCC_BAD_CHECK);
	assert_int_equal(ref_uscc_check("911100001000010373"), 'R');
	assert_int_equal(ref_org_check("100001037"), '5');
}

static void test_bad_length(void **state)
{
	(void)state;
	assert_int_equal(uscc_check(""), USCC_BAD_LENGTH);
	assert_int_equal(uscc_check("91350100M000100Y4"), USCC_BAD_LENGTH);
	assert_int_equal(uscc_check("91350100M000100Y430"), USCC_BAD_LENGTH);
	/* Length comes first, even with bad characters. */
	assert_int_equal(uscc_check("9135-0100M000100Y43"), USCC_BAD_LENGTH);
	assert_int_equal(uscc_check("91350100m000100y4"), USCC_BAD_LENGTH);
}

static void test_lowercase(void **state)
{
	char code[19];

	(void)state;
	assert_int_equal(uscc_check("91350100m000100y43"), USCC_LOWERCASE);
	make_code("91370100MAXYABCD", code);
	for (int i = 0; i < 18; i++)
		if (code[i] >= 'A' && code[i] <= 'Z')
			code[i] = (char)(code[i] - 'A' + 'a');
	assert_int_equal(uscc_check(code), USCC_LOWERCASE);
	/* Lower case even when a check would also fail: fix the case, then check. */
	assert_int_equal(uscc_check("91350100m000100y44"), USCC_LOWERCASE);
	/* A lower-case forbidden letter is not fixed by upper-casing. */
	assert_int_equal(uscc_check("91350100i000100Y43"), USCC_BAD_CHAR);
	assert_int_equal(uscc_check("91350100m000100I43"), USCC_BAD_CHAR);
}

static void test_forbidden_letters(void **state)
{
	static const char forbidden[] = "IOSVZ";
	char code[19] = "91350100M000100Y43";

	(void)state;
	for (size_t i = 0; i < sizeof(forbidden) - 1; i++) {
		for (int pos = 0; pos < 18; pos++) {
			char saved = code[pos];

			code[pos] = forbidden[i];
			assert_int_equal(uscc_check(code), USCC_BAD_CHAR);
			code[pos] = saved;
		}
	}
	assert_int_equal(uscc_check_char("91350100M000100O4"), '\0');
}

static void test_punctuation_and_utf8(void **state)
{
	(void)state;
	assert_int_equal(uscc_check("91350100-000100Y43"), USCC_BAD_CHAR);
	assert_int_equal(uscc_check("91350100 000100Y43"), USCC_BAD_CHAR);
	assert_int_equal(uscc_check("91350100M000100Y4\t"), USCC_BAD_CHAR);
	/* 18 bytes of UTF-8: six Chinese characters. */
	assert_int_equal(uscc_check("比亚迪股份公"), USCC_BAD_CHAR);
	/* 16 ASCII + one two-byte character: 18 bytes. */
	assert_int_equal(uscc_check("91350100M000100Y\xc3\xa9"), USCC_BAD_CHAR);
	/* Full-width digit ９ (3 bytes) + 15 ASCII. */
	assert_int_equal(uscc_check("\xef\xbc\x99" "1350100M000100Y"), USCC_BAD_CHAR);
	assert_int_equal(uscc_check("\xff" "1350100M000100Y43"), USCC_BAD_CHAR);
	assert_int_equal(uscc_check_char("9135010\xe4\xb8\x87M000100"), '\0');
	assert_int_equal(uscc_check_char("913501"), '\0');
}

static void test_is_check_failure(void **state)
{
	(void)state;
	assert_true(uscc_is_check_failure(USCC_BAD_CHECK));
	assert_true(uscc_is_check_failure(USCC_BAD_ORG_CHECK));
	assert_false(uscc_is_check_failure(USCC_OK));
	assert_false(uscc_is_check_failure(USCC_BAD_LENGTH));
	assert_false(uscc_is_check_failure(USCC_LOWERCASE));
	assert_false(uscc_is_check_failure(USCC_BAD_CHAR));
}

static void test_strerror(void **state)
{
	(void)state;
	for (int r = 0; r < USCC__MAX; r++) {
		assert_non_null(uscc_strerror((enum uscc_result)r));
		assert_true(strlen(uscc_strerror((enum uscc_result)r)) > 0);
	}
	assert_string_equal(uscc_strerror(USCC_BAD_LENGTH), "must be 18 characters");
	assert_string_equal(uscc_strerror(USCC__MAX), "unknown result");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_published_codes),
		cmocka_unit_test(test_generated_codes),
		cmocka_unit_test(test_check_char_round_trip),
		cmocka_unit_test(test_org_check_special_values),
		cmocka_unit_test(test_orgcode_check),
		cmocka_unit_test(test_bad_check),
		cmocka_unit_test(test_bad_org_check),
		cmocka_unit_test(test_bad_length),
		cmocka_unit_test(test_lowercase),
		cmocka_unit_test(test_forbidden_letters),
		cmocka_unit_test(test_punctuation_and_utf8),
		cmocka_unit_test(test_is_check_failure),
		cmocka_unit_test(test_strerror),
	};

	return cmocka_run_group_tests_name("creditcode", tests, NULL, NULL);
}
