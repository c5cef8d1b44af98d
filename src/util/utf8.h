/* utf8.h - UTF-8 checks shared by the API (query strings) and messages that quote input. */
#ifndef GL_UTF8_H
#define GL_UTF8_H

#include <stddef.h>

/* True when s is well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF). */
int utf8_valid(const char *s);

/* Cut an incomplete sequence off the end of s (left there by a truncating snprintf), so a
 * message quoting user input stays valid UTF-8. */
void utf8_trim_tail(char *s);

#endif
