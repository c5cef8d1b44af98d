/* utf8.c - UTF-8 checks. */
#include "utf8.h"

#include <string.h>

int utf8_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		int n;
		unsigned cp;

		if (*p < 0x80) {
			p++;
			continue;
		} else if ((*p & 0xE0) == 0xC0) {
			n = 1;
			cp = *p & 0x1F;
		} else if ((*p & 0xF0) == 0xE0) {
			n = 2;
			cp = *p & 0x0F;
		} else if ((*p & 0xF8) == 0xF0) {
			n = 3;
			cp = *p & 0x07;
		} else {
			return 0;
		}
		for (int i = 1; i <= n; i++) {
			if ((p[i] & 0xC0) != 0x80)
				return 0;
			cp = (cp << 6) | (p[i] & 0x3F);
		}
		if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
		    cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		p += n + 1;
	}
	return 1;
}

void utf8_trim_tail(char *s)
{
	size_t n = strlen(s), start = n, cont = 0;

	/* Walk back over continuation bytes to the lead byte of the last sequence. */
	while (start > 0 && ((unsigned char)s[start - 1] & 0xC0) == 0x80 && cont < 4) {
		start--;
		cont++;
	}
	if (start == 0)
		return;
	unsigned char lead = (unsigned char)s[start - 1];
	size_t want = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
	if (lead >= 0xC0 && cont < want)
		s[start - 1] = '\0';
}
