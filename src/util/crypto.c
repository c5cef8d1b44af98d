/* crypto.c - argon2id passwords and random tokens via libsodium. */
#include "crypto.h"

#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

static atomic_int fast;
static char dummy[CRYPTO_HASH_MAX];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

enum gl_err crypto_init(void)
{
	return sodium_init() < 0 ? GL_EIO : GL_OK;
}

void crypto_set_fast(int f)
{
	atomic_store(&fast, f);
}

enum gl_err password_hash(const char *pw, char out[CRYPTO_HASH_MAX])
{
	unsigned long long ops = atomic_load(&fast) ? crypto_pwhash_OPSLIMIT_MIN
						   : crypto_pwhash_OPSLIMIT_INTERACTIVE;
	size_t mem = atomic_load(&fast) ? crypto_pwhash_MEMLIMIT_MIN
					: crypto_pwhash_MEMLIMIT_INTERACTIVE;

	/* crypto_pwhash_STRBYTES is 128, the size of out. */
	if (crypto_pwhash_str_alg(out, pw, strlen(pw), ops, mem, crypto_pwhash_ALG_ARGON2ID13) != 0)
		return GL_ENOMEM;
	return GL_OK;
}

int password_verify(const char *hash, const char *pw)
{
	return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

static void make_dummy(void)
{
	if (password_hash("not a password of anyone", dummy) != GL_OK)
		dummy[0] = '\0';
}

const char *password_dummy_hash(void)
{
	pthread_once(&dummy_once, make_dummy);
	return dummy;
}

void token_new(const char *prefix, char *out, size_t size)
{
	unsigned char raw[32];
	char b64[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(b64, sizeof(b64), raw, sizeof(raw),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	snprintf(out, size, "%s%s", prefix, b64);
	sodium_memzero(raw, sizeof(raw));
}

void token_hash(const char *token, char out[CRYPTO_TOKEN_HASH_LEN])
{
	unsigned char h[32];

	crypto_generichash(h, sizeof(h), (const unsigned char *)token, strlen(token), NULL, 0);
	sodium_bin2hex(out, CRYPTO_TOKEN_HASH_LEN, h, sizeof(h));
}
