/* creditcode.c - unified social credit code (GB 32100-2015) and organisation code (GB 11714). */
#include <string.h>

#include "creditcode.h"

#define USCC_LEN 18
#define ORG_LEN 9

static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* Value 0-30 of an upper-case USCC character, -1 outside the alphabet. */
static int uscc_value(int c)
{
	const char *p;

	/* strchr() would find the terminator for '\0'. */
	if (c == '\0')
		return -1;
	p = strchr(alphabet, c);
	return p ? (int)(p - alphabet) : -1;
}

/* Value of a GB 11714 character: digits 0-9, letters A=10..Z=35.  GB 11714 numbers the whole
 * Latin alphabet, so inside a USCC the same letter has a different value than in uscc_value(). */
static int org_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return -1;
}

char uscc_check_char(const char *first17)
{
	int sum = 0, w = 1;

	for (int i = 0; i < USCC_LEN - 1; i++) {
		int v = uscc_value((unsigned char)first17[i]);

		if (v < 0)
			return '\0';
		sum = (sum + v * w) % 31;
		w = w * 3 % 31;
	}
	return alphabet[(31 - sum) % 31];
}

char orgcode_check_char(const char *first8)
{
	static const int weights[ORG_LEN - 1] = { 3, 7, 9, 10, 5, 8, 4, 2 };
	int sum = 0, c;

	for (int i = 0; i < ORG_LEN - 1; i++) {
		int v = org_value((unsigned char)first8[i]);

		if (v < 0)
			return '\0';
		sum += v * weights[i];
	}
	c = 11 - sum % 11;
	if (c == 10)
		return 'X';
	if (c == 11)
		return '0';
	return (char)('0' + c);
}

int orgcode_check(const char *code9, size_t len)
{
	char c;

	if (len != ORG_LEN)
		return -1;
	c = orgcode_check_char(code9);
	return c != '\0' && code9[ORG_LEN - 1] == c ? 0 : -1;
}

enum uscc_result uscc_check(const char *code)
{
	int lower = 0;

	if (strlen(code) != USCC_LEN)
		return USCC_BAD_LENGTH;

	/* A lower-case letter is only USCC_LOWERCASE when upper-casing would fix the whole
	 * code: "i" stays a bad character. */
	for (int i = 0; i < USCC_LEN; i++) {
		int c = (unsigned char)code[i];

		if (c >= 'a' && c <= 'z') {
			lower = 1;
			c -= 'a' - 'A';
		}
		if (uscc_value(c) < 0)
			return USCC_BAD_CHAR;
	}
	if (lower)
		return USCC_LOWERCASE;

	if (code[USCC_LEN - 1] != uscc_check_char(code))
		return USCC_BAD_CHECK;
	if (orgcode_check(code + 8, ORG_LEN) != 0)
		return USCC_BAD_ORG_CHECK;
	return USCC_OK;
}

int uscc_is_check_failure(enum uscc_result r)
{
	return r == USCC_BAD_CHECK || r == USCC_BAD_ORG_CHECK;
}

const char *uscc_strerror(enum uscc_result r)
{
	static const char *const reasons[USCC__MAX] = {
		[USCC_OK] = "valid",
		[USCC_BAD_LENGTH] = "must be 18 characters",
		[USCC_LOWERCASE] = "must be upper case",
		[USCC_BAD_CHAR] = "may only contain 0-9 and A-Z without I, O, S, V, Z",
		[USCC_BAD_ORG_CHECK] = "organisation code check character (17th) is wrong",
		[USCC_BAD_CHECK] = "check character (18th) is wrong",
	};

	if ((unsigned)r >= USCC__MAX)
		return "unknown result";
	return reasons[r];
}
