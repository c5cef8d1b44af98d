/* creditcode.h - the unified social credit code (GB 32100-2015) and the organisation code
 * (GB 11714) inside it.
 *
 * A USCC is 18 characters from "0123456789ABCDEFGHJKLMNPQRTUWXY" (31 symbols, values 0-30;
 * I O S V Z never occur).  Position 18 is a check character over positions 1-17 with weights
 * 3^(i-1) mod 31; positions 9-17 are a GB 11714 organisation code with its own check
 * character (weights 3,7,9,10,5,8,4,2 over its first 8; C = 11 - S mod 11, 10 -> 'X',
 * 11 -> '0').  Early pilot codes sometimes fail a check: callers decide whether a failed
 * check is an error or a warning; uscc_check() only classifies.
 */
#ifndef GL_CREDITCODE_H
#define GL_CREDITCODE_H

#include <stddef.h>

enum uscc_result {
	USCC_OK = 0,
	USCC_BAD_LENGTH,    /* not exactly 18 characters */
	USCC_LOWERCASE,     /* would be valid in upper case; callers may upper-case and retry */
	USCC_BAD_CHAR,      /* a character outside the 31-symbol alphabet (I O S V Z, punctuation...) */
	USCC_BAD_ORG_CHECK, /* the embedded organisation code's check character is wrong */
	USCC_BAD_CHECK,     /* the 18th character is wrong (takes precedence over BAD_ORG_CHECK) */
	USCC__MAX
};

/* Classify an 18-character code (NUL-terminated, ASCII).  Structural faults (length,
 * characters) are reported before check-character faults.  Length is in bytes, so any
 * non-ASCII byte is USCC_BAD_CHAR; USCC_LOWERCASE only when upper-casing would leave no bad
 * character ("i" is USCC_BAD_CHAR), and says nothing about the checks. */
enum uscc_result uscc_check(const char *code);

/* True for the results that only mean "a check character is wrong": the code is well formed
 * and may be an early pilot code, so it is accepted with a warning. */
int uscc_is_check_failure(enum uscc_result r);

/* A short English reason, e.g. "must be 18 characters". */
const char *uscc_strerror(enum uscc_result r);

/* The check character for the first 17 characters of a USCC (upper-case, valid alphabet),
 * or '\0' when they are not valid.  Used by generators and tests. */
char uscc_check_char(const char *first17);

/* Organisation code (9 characters: 8 digits/upper-case letters then check char).
 * Returns 0 when valid, -1 otherwise.  GB 11714 values letters A=10..Z=35 over the whole
 * Latin alphabet, not by their USCC values (H is 17 in both, J is 19 here but 18 in a USCC). */
int orgcode_check(const char *code9, size_t len);

/* The check character for the first 8 characters of an organisation code, or '\0'. */
char orgcode_check_char(const char *first8);

#endif
