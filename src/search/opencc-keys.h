/* opencc-keys.h - what OpenCC's C API cannot say: which code points a conversion needs.
 *
 * Private to src/search.  OpenCC replaces dictionary keys found in the text by their
 * values; a key whose value is itself changes nothing.  Every other key holds at least one
 * code point, its witness, so text holding no witness comes out of OpenCC unchanged.  The
 * C API does not expose the dictionaries; this reads them through OpenCC's C++ API.
 */
#ifndef GL_OPENCC_KEYS_H
#define GL_OPENCC_KEYS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Call mark(arg, cp) with a witness of every key whose value differs from it, in every
 * dictionary of the conversion chain of the OpenCC config file at path (the segmentation
 * only splits text, it never changes it).  The witness is the key's first code point that
 * is itself a key of a single-character entry that changes it (a traditional-only
 * character, rare in simplified text: 麼 of 么麼), else the first code point where key and
 * value differ (覆 of 答覆).  Returns the number of keys that change text, or -1 when the
 * config or a dictionary could not be read or a key is not valid UTF-8: the caller must
 * then assume any text may change. */
long opencc_key_witnesses(const char *path, void (*mark)(void *arg, uint32_t cp), void *arg);

#ifdef __cplusplus
}
#endif

#endif
