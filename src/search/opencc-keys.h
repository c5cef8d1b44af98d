/* opencc-keys.h - what OpenCC's C API cannot say: where a conversion can change the text.
 *
 * Private to src/search.  OpenCC converts by longest-prefix matching of dictionary keys, so
 * text in which no code point starts a key leaves the converter unchanged.  The C API does
 * not expose the dictionaries; this asks OpenCC's C++ API (opencc-keys.cpp) for them.
 */
#ifndef GL_OPENCC_KEYS_H
#define GL_OPENCC_KEYS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Call mark(arg, cp) with the first code point of every key of every dictionary in the
 * conversion chain of the OpenCC config file at path (the segmentation only splits text;
 * it never changes it).  Returns the number of keys seen, or -1 when the config or a
 * dictionary could not be read: the caller must then treat every code point as marked. */
long opencc_key_starts(const char *path, void (*mark)(void *arg, uint32_t cp), void *arg);

#ifdef __cplusplus
}
#endif

#endif
