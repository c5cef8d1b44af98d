/* auth.c - login, logout, sessions, API tokens, CSRF and throttling. */
#include "auth.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "../store/store.h"
#include "../util/crypto.h"
#include "resources.h"

static struct api_config config = {.session_idle = 2 * 3600, .session_max = 12 * 3600};

void api_configure(const struct api_config *cfg)
{
	config = *cfg;
}

const struct api_config *api_config(void)
{
	return &config;
}

/* The value of cookie name in a Cookie header, copied into the arena. */
static const char *cookie_value(struct arena *a, const char *header, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = header; p && *p;) {
		while (*p == ' ' || *p == ';')
			p++;
		const char *end = strchr(p, ';');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len > n && strncmp(p, name, n) == 0 && p[n] == '=')
			return arena_strndup(a, p + n + 1, len - n - 1);
		p = end;
	}
	return NULL;
}

int auth_identify(struct request *req, struct response *res, struct principal *out)
{
	const char *authz = request_header(req, "Authorization");
	const char *token = NULL;
	char hash[CRYPTO_TOKEN_HASH_LEN];
	enum gl_err rc;

	if (authz && strncasecmp(authz, "Bearer ", 7) == 0)
		token = authz + 7;
	else if (!(token = open311_api_key(req)))
		token = cookie_value(req->arena, request_header(req, "Cookie"), SESSION_COOKIE);
	if (!token || !*token)
		return api_error(res, 401, "unauthenticated", NULL, "please log in");
	token_hash(token, hash);
	rc = store_authenticate(req->store, hash, (int64_t)time(NULL), config.session_idle,
				req->arena, out);
	if (rc == GL_ENOTFOUND)
		return api_error(res, 401, "unauthenticated", NULL,
				 "the session has expired or the token is not valid; please log in");
	if (rc != GL_OK)
		return api_fail(res, rc, NULL);
	return 0;
}

int auth_check_csrf(struct request *req, struct response *res, const struct principal *p)
{
	const char *sent;

	if (p->via_token || strcmp(req->method, "GET") == 0)
		return 0;
	sent = request_header(req, "X-CSRF-Token");
	if (!sent || !p->csrf || strlen(sent) != strlen(p->csrf) ||
	    sodium_memcmp(sent, p->csrf, strlen(sent)) != 0)
		return api_error(res, 403, "csrf", "X-CSRF-Token",
				 "state-changing requests must carry the session's X-CSRF-Token");
	return 0;
}

json_t *principal_json(const struct principal *p)
{
	json_t *units = json_array();

	for (size_t i = 0; i < p->nunits; i++)
		json_array_append_new(units, json_integer(p->unit_ids[i]));
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:o}", "id", (json_int_t)p->user_id,
			 "username", p->username, "display_name", p->display_name,
			 "role", role_names[p->role], "role_name", role_labels[p->role],
			 "enterprise_id", p->enterprise_id ? json_integer(p->enterprise_id)
							   : json_null(),
			 "unit_ids", units);
}

static json_t *session_json(const struct principal *p)
{
	return json_pack("{s:o, s:s?}", "user", principal_json(p), "csrf_token", p->csrf);
}

/* A cross-site page must not log a browser in as someone else (login CSRF). */
static int same_origin(struct request *req)
{
	const char *origin = request_header(req, "Origin");
	const char *host = request_header(req, "Host");
	const char *o;

	if (!origin)
		return 1;
	o = strstr(origin, "://");
	return host && o && strcmp(o + 3, host) == 0;
}

/* Failed logins allowed before a lock: per account, and per address (higher: a whole
 * office behind one NAT address shares it). */
enum { FREE_PER_ACCOUNT = 5, FREE_PER_ADDRESS = 20 };

static int plausible_username(const char *s)
{
	size_t n = strlen(s);

	return n >= 2 && n <= 32 && strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789._-") == n;
}

static int throttled(struct request *req, struct response *res, const char *const keys[2])
{
	int64_t now = (int64_t)time(NULL), until, latest = 0;

	for (int i = 0; i < 2; i++) {
		if (!keys[i])
			continue;
		if (store_throttle_locked(req->store, keys[i], now, &until) != GL_OK)
			return api_fail(res, GL_EDB, NULL);
		if (until > latest)
			latest = until;
	}
	if (!latest)
		return 0;
	res->retry_after = arena_printf(req->arena, "%lld", (long long)(latest - now));
	return api_error(res, 429, "throttled", NULL,
			 "too many failed logins; try again in %lld seconds",
			 (long long)(latest - now));
}

int auth_login(struct request *req, struct response *res)
{
	static const char *const fields[] = {"username", "password", NULL};
	struct verrors errs;
	struct user u;
	struct principal p = {0};
	struct credential c = {0};
	const char *username = NULL, *password = NULL, *hash = NULL, *keys[2];
	char token[64], csrf[64], token_h[CRYPTO_TOKEN_HASH_LEN];
	json_t *body;
	int status, ok;
	enum gl_err rc;

	if (!same_origin(req))
		return api_error(res, 403, "csrf", "Origin", "login from another site refused");
	if ((status = api_read_object(req, res, &body)))
		return status;
	verr_init(&errs);
	jd_known(body, fields, NULL, &errs);
	jd_str_required(json_object_get(body, "username"), "username", req->arena, &errs, &username);
	jd_str_required(json_object_get(body, "password"), "password", req->arena, &errs, &password);
	json_decref(body);
	if (errs.n)
		return api_invalid(res, &errs);

	keys[0] = arena_printf(req->arena, "user:%s", username);
	keys[1] = req->address ? arena_printf(req->arena, "addr:%s", req->address) : NULL;
	if ((status = throttled(req, res, keys)))
		return status;

	rc = store_user_by_name(req->store, username, req->arena, &u, &hash);
	if (rc != GL_OK && rc != GL_ENOTFOUND)
		return api_fail(res, rc, NULL);
	/* Verify against a dummy hash for unknown users: the answer must not come faster. */
	ok = password_verify(rc == GL_OK ? hash : password_dummy_hash(), password) &&
	     rc == GL_OK && !u.disabled;
	/* A password typed into the username box must not land in the audit trail: an unknown
	 * name is recorded only when it could be a username at all. */
	store_set_actor(req->store, &(struct actor){
		rc == GL_OK ? u.id : 0,
		rc == GL_OK || plausible_username(username) ? username : "(invalid)",
		req->address});
	if (!ok) {
		for (int i = 0; i < 2; i++)
			if (keys[i] && store_throttle_fail(req->store, keys[i],
							   i ? FREE_PER_ADDRESS : FREE_PER_ACCOUNT,
							   (int64_t)time(NULL)))
				return api_fail(res, GL_EDB, NULL);
		if (store_audit(req->store, "login_failed", "user", rc == GL_OK ? u.id : 0))
			return api_fail(res, GL_EDB, NULL);
		return api_error(res, 401, "bad_credentials", NULL, "用户名或密码错误 (wrong username or password)");
	}
	/* Only the account's count is cleared: one good login from an address must not wipe
	 * out the failures of guesses at other accounts from it. */
	if (store_throttle_clear(req->store, keys[0]) != GL_OK)
		return api_fail(res, GL_EDB, NULL);

	token_new("", token, sizeof(token));
	token_new("", csrf, sizeof(csrf));
	token_hash(token, token_h);
	c.kind = "session";
	c.user_id = u.id;
	c.created_at = (int64_t)time(NULL);
	c.expires_at = c.created_at + config.session_max;
	if ((rc = store_credential_create(req->store, &c, token_h, csrf)) != GL_OK ||
	    (rc = store_audit(req->store, "login", "user", u.id)) != GL_OK)
		return api_fail(res, rc, NULL);

	p.user_id = u.id;
	p.username = u.username;
	p.display_name = u.display_name;
	p.role = u.role;
	p.enterprise_id = u.enterprise_id;
	p.unit_ids = u.unit_ids;
	p.nunits = u.nunits;
	p.csrf = csrf;
	res->set_cookie = arena_printf(req->arena, SESSION_COOKIE "=%s; Path=/; HttpOnly;"
				       " SameSite=Lax; Max-Age=%lld%s", token,
				       (long long)config.session_max,
				       config.secure_cookies ? "; Secure" : "");
	sodium_memzero(token, sizeof(token));
	return api_json(res, 200, session_json(&p));
}

int auth_logout(struct request *req, struct response *res)
{
	enum gl_err rc = GL_OK;

	/* Logging out ends a cookie session; API tokens are revoked with DELETE /tokens/{id}. */
	if (!req->principal->via_token)
		rc = store_credential_revoke(req->store, req->principal->credential_id, "session",
					     req->principal->user_id, (int64_t)time(NULL));
	if (rc != GL_OK && rc != GL_ENOTFOUND)
		return api_fail(res, rc, NULL);
	res->set_cookie = SESSION_COOKIE "=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0";
	return api_no_content(res);
}

int auth_me(struct request *req, struct response *res)
{
	return api_json(res, 200, session_json(req->principal));
}

int auth_password(struct request *req, struct response *res)
{
	static const char *const fields[] = {"old_password", "new_password", NULL};
	struct verrors errs;
	struct user u;
	const char *old_pw = NULL, *new_pw = NULL, *hash = NULL;
	char new_hash[CRYPTO_HASH_MAX];
	json_t *body;
	int status;
	enum gl_err rc;

	if ((status = api_read_object(req, res, &body)))
		return status;
	verr_init(&errs);
	jd_known(body, fields, NULL, &errs);
	jd_str(json_object_get(body, "old_password"), "old_password", req->arena, &errs, &old_pw);
	jd_str(json_object_get(body, "new_password"), "new_password", req->arena, &errs, &new_pw);
	json_decref(body);
	if (!old_pw)
		verr_add(&errs, "old_password", "required", "is required");
	password_validate(new_pw, "new_password", &errs);
	if (errs.n)
		return api_invalid(res, &errs);
	/* Guesses at the old password count against the account like failed logins. */
	const char *keys[2] = {arena_printf(req->arena, "user:%s", req->principal->username), NULL};
	if ((status = throttled(req, res, keys)))
		return status;
	rc = store_user_by_name(req->store, req->principal->username, req->arena, &u, &hash);
	if (rc != GL_OK)
		return api_fail(res, rc, NULL);
	if (!password_verify(hash, old_pw)) {
		if (store_throttle_fail(req->store, keys[0], FREE_PER_ACCOUNT, (int64_t)time(NULL)) != GL_OK)
			return api_fail(res, GL_EDB, NULL);
		verr_add(&errs, "old_password", "wrong", "is not the current password");
		return api_invalid(res, &errs);
	}
	if (password_hash(new_pw, new_hash) != GL_OK)
		return api_fail(res, GL_ENOMEM, NULL);
	/* Other sessions and tokens end; the one in use stays. */
	rc = store_user_set_password(req->store, u.id, new_hash, req->principal->credential_id,
				     "password_change");
	if (rc != GL_OK)
		return api_fail(res, rc, NULL);
	return api_no_content(res);
}
