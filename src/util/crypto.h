/* crypto.h - passwords and secret tokens, through libsodium.
 *
 * Passwords are hashed with argon2id at libsodium's interactive limits (~60 ms, 64 MiB);
 * crypto_set_fast() drops to the minimum limits for tests.  Tokens are 32 random bytes in
 * URL-safe base64; only their BLAKE2b hash is stored.
 */
#ifndef GL_CRYPTO_H
#define GL_CRYPTO_H

#include <stddef.h>

#include "err.h"

enum { CRYPTO_HASH_MAX = 128, CRYPTO_TOKEN_LEN = 44, CRYPTO_TOKEN_HASH_LEN = 65 };

/* Call once before threads start; GL_EIO when libsodium cannot initialise. */
enum gl_err crypto_init(void);
/* Use the minimum argon2id limits (tests only). */
void crypto_set_fast(int fast);

/* OUT: out (CRYPTO_HASH_MAX bytes) holds the argon2id string. */
enum gl_err password_hash(const char *pw, char out[CRYPTO_HASH_MAX]) __attribute__((warn_unused_result));
/* 1 when pw matches hash, 0 otherwise. */
int password_verify(const char *hash, const char *pw);
/* A hash to verify against when the user does not exist, so the time taken does not tell. */
const char *password_dummy_hash(void);

/* OUT: a fresh random token, NUL-terminated (CRYPTO_TOKEN_LEN + 1 bytes), with prefix. */
void token_new(const char *prefix, char *out, size_t size);
/* OUT: hex BLAKE2b-256 of token (CRYPTO_TOKEN_HASH_LEN bytes). */
void token_hash(const char *token, char out[CRYPTO_TOKEN_HASH_LEN]);

#endif
