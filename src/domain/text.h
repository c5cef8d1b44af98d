/* text.h - small UTF-8 helpers for domain rules (lengths are counted in characters). */
#ifndef GL_TEXT_H
#define GL_TEXT_H

#include <stddef.h>

/* Number of code points in a valid UTF-8 string. */
size_t text_chars(const char *s);

/* True when s is NULL, empty, or only ASCII/ideographic spaces. */
int text_blank(const char *s);

#endif
