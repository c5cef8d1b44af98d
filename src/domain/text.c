/* text.c - small UTF-8 helpers for domain rules. */
#include "text.h"

#include <string.h>

size_t text_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

int text_blank(const char *s)
{
	if (!s)
		return 1;
	while (*s) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
			s++;
		else if (strncmp(s, "\xE3\x80\x80", 3) == 0) /* U+3000 ideographic space */
			s += 3;
		else
			return 0;
	}
	return 1;
}
