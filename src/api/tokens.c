/* tokens.c - /api/v1/tokens: bearer tokens for integrations, each user's own. */
#include "resources.h"

#include <string.h>
#include <time.h>

#include "../store/store.h"
#include "../util/crypto.h"
#include "../util/date.h"

static json_t *time_or_null(int64_t t)
{
	char buf[32];

	return t ? json_string(date_format_timestamp((time_t)t, buf, sizeof(buf))) : json_null();
}

static json_t *token_json(const struct credential *c)
{
	return json_pack("{s:I, s:o, s:o, s:o, s:o, s:o}", "id", (json_int_t)c->id,
			 "name", api_str(c->name), "created_at", time_or_null(c->created_at),
			 "last_used_at", time_or_null(c->last_used_at),
			 "expires_at", time_or_null(c->expires_at),
			 "revoked_at", time_or_null(c->revoked_at));
}

int tokens_list(struct request *req, struct response *res)
{
	static const char *const known[] = {NULL};
	struct credential *items;
	int64_t n;
	int status;
	enum gl_err rc;

	if ((status = api_query_known(req, res, known)))
		return status;
	rc = store_token_list(req->store, req->principal->user_id, req->arena, &items, &n);
	if (rc != GL_OK)
		return api_fail(res, rc, NULL);
	json_t *list = json_array();
	for (int64_t i = 0; i < n; i++)
		json_array_append_new(list, token_json(&items[i]));
	return api_json(res, 200, json_pack("{s:o}", "items", list));
}

int tokens_create(struct request *req, struct response *res)
{
	static const char *const fields[] = {"name", "expires_on", NULL};
	struct credential c = {0};
	struct verrors errs;
	const char *name = NULL, *expires = NULL;
	char token[64], hash[CRYPTO_TOKEN_HASH_LEN];
	struct ymd d;
	json_t *body, *out;
	int status;
	enum gl_err rc;

	if ((status = api_read_object(req, res, &body)))
		return status;
	verr_init(&errs);
	jd_known(body, fields, NULL, &errs);
	jd_str(json_object_get(body, "name"), "name", req->arena, &errs, &name);
	jd_str(json_object_get(body, "expires_on"), "expires_on", req->arena, &errs, &expires);
	json_decref(body);
	if (!name)
		verr_add(&errs, "name", "required", "say what the token is for");
	c.created_at = (int64_t)time(NULL);
	if (expires) {
		if (date_parse_iso(expires, &d) != 0)
			verr_add(&errs, "expires_on", "invalid", "must be a date as YYYY-MM-DD");
		else if ((c.expires_at = date_to_days(d) * 86400 + 86400 - 8 * 3600) <= c.created_at)
			verr_add(&errs, "expires_on", "invalid", "must be in the future");
	}
	if (errs.n)
		return api_invalid(res, &errs);
	token_new("glt_", token, sizeof(token));
	token_hash(token, hash);
	c.kind = "token";
	c.user_id = req->principal->user_id;
	c.name = name;
	if ((rc = store_credential_create(req->store, &c, hash, NULL)) != GL_OK)
		return api_fail(res, rc, NULL);
	out = token_json(&c);
	/* The only time the secret is shown. */
	json_object_set_new(out, "token", json_string(token));
	res->location = arena_printf(req->arena, "/api/v1/tokens/%lld", (long long)c.id);
	return api_json(res, 201, out);
}

int tokens_delete(struct request *req, struct response *res)
{
	int64_t id = api_param_id(req, 0);
	enum gl_err rc;

	if (!id)
		return api_fail(res, GL_ENOTFOUND, NULL);
	/* Admins may revoke anyone's token; others only their own. */
	rc = store_credential_revoke(req->store, id, "token",
				     req->principal->role == ROLE_ADMIN ? 0 : req->principal->user_id,
				     (int64_t)time(NULL));
	if (rc != GL_OK)
		return api_fail(res, rc, NULL);
	return api_no_content(res);
}
