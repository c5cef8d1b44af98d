/* users.c - /api/v1/users: accounts, for admins. */
#include "resources.h"

#include <stdio.h>
#include <string.h>

#include "../domain/account.h"
#include "../store/store.h"
#include "../util/crypto.h"

static const char *const fields[] = {
	"username", "display_name", "role", "enterprise_id", "unit_ids", "disabled", "password",
	"version", NULL,
};
static const char *const read_only[] = {"id", "created_at", "updated_at", "role_name", NULL};

json_t *user_json(const struct user *u)
{
	json_t *units = json_array();

	for (size_t i = 0; i < u->nunits; i++)
		json_array_append_new(units, json_integer(u->unit_ids[i]));
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:o, s:b, s:I, s:s, s:s}",
			 "id", (json_int_t)u->id, "username", u->username,
			 "display_name", u->display_name, "role", role_names[u->role],
			 "role_name", role_labels[u->role],
			 "enterprise_id", u->enterprise_id ? json_integer(u->enterprise_id)
							   : json_null(),
			 "unit_ids", units, "disabled", u->disabled,
			 "version", (json_int_t)u->version, "created_at", u->created_at,
			 "updated_at", u->updated_at);
}

/* Apply body to u; the username is only taken on create. OUT: password when given. */
static void decode(json_t *body, int create, struct arena *a, struct verrors *errs,
		   struct user *u, const char **password)
{
	const char *key, *role = NULL;
	json_t *v;

	jd_known(body, fields, read_only, errs);
	json_object_foreach(body, key, v) {
		if (strcmp(key, "username") == 0) {
			if (create)
				jd_str(v, key, a, errs, &u->username);
			else
				verr_add(errs, key, "read_only", "cannot be changed");
		} else if (strcmp(key, "display_name") == 0) {
			jd_str(v, key, a, errs, &u->display_name);
		} else if (strcmp(key, "role") == 0) {
			jd_str_required(v, key, a, errs, &role);
			if (role) {
				int r = role_parse(role);
				if (r < 0)
					verr_add(errs, key, "invalid", "must be one of admin, leader,"
						 " officer, handler, enterprise, viewer");
				else
					u->role = (enum role)r;
			}
		} else if (strcmp(key, "enterprise_id") == 0) {
			jd_id(v, key, errs, &u->enterprise_id);
		} else if (strcmp(key, "unit_ids") == 0) {
			jd_ids(v, key, "unit ids", USER_MAX_UNITS, a, errs, &u->unit_ids,
			       &u->nunits);
		} else if (strcmp(key, "disabled") == 0) {
			jd_bool(v, key, errs, &u->disabled);
		} else if (strcmp(key, "password") == 0) {
			if (create)
				jd_str(v, key, a, errs, password);
			else
				verr_add(errs, key, "read_only", "use POST /api/v1/users/{id}/password");
		}
	}
}

int users_list(struct request *req, struct response *res)
{
	static const char *const known[] = {"limit", "offset", NULL};
	struct user_page page;
	int64_t limit, offset;
	int status;
	enum gl_err rc;

	if ((status = api_query_known(req, res, known)) ||
	    (status = api_query_int(req, res, "limit", 1, API_MAX_LIMIT, 100, &limit)) ||
	    (status = api_query_int(req, res, "offset", 0, INT32_MAX, 0, &offset)))
		return status;
	if ((rc = store_user_list(req->store, limit, offset, req->arena, &page)) != GL_OK)
		return api_fail(res, rc, NULL);
	json_t *items = json_array();
	for (int64_t i = 0; i < page.n; i++)
		json_array_append_new(items, user_json(&page.items[i]));
	return api_json(res, 200, json_pack("{s:o, s:I, s:I, s:I}", "items", items,
					    "total", (json_int_t)page.total,
					    "limit", (json_int_t)limit, "offset", (json_int_t)offset));
}

int users_create(struct request *req, struct response *res)
{
	struct user u = {.role = ROLE_VIEWER};
	struct verrors errs;
	const char *password = NULL;
	char hash[CRYPTO_HASH_MAX];
	json_t *body;
	int status;
	enum gl_err rc;

	if ((status = api_read_object(req, res, &body)))
		return status;
	verr_init(&errs);
	if (!json_object_get(body, "role"))
		verr_add(&errs, "role", "required", "is required");
	decode(body, 1, req->arena, &errs, &u, &password);
	if (json_object_get(body, "version"))
		verr_add(&errs, "version", "read_only", "is set by the server");
	json_decref(body);
	user_validate(&u, &errs);
	password_validate(password, "password", &errs);
	if (errs.n)
		return api_invalid(res, &errs);
	if (password_hash(password, hash) != GL_OK)
		return api_fail(res, GL_ENOMEM, NULL);
	rc = store_user_create(req->store, &u, hash, req->arena, &errs);
	if (rc == GL_EDUPLICATE)
		return api_error(res, 409, "duplicate", "username", "the username is taken");
	if (rc != GL_OK)
		return api_fail(res, rc, &errs);
	api_etag(req, res, u.version);
	res->location = arena_printf(req->arena, "/api/v1/users/%lld", (long long)u.id);
	return api_json(res, 201, user_json(&u));
}

int users_get(struct request *req, struct response *res)
{
	struct user u;
	int64_t id = api_param_id(req, 0);
	enum gl_err rc;

	if (!id)
		return api_fail(res, GL_ENOTFOUND, NULL);
	if ((rc = store_user_get(req->store, id, req->arena, &u)) != GL_OK)
		return api_fail(res, rc, NULL);
	api_etag(req, res, u.version);
	return api_json(res, 200, user_json(&u));
}

int users_patch(struct request *req, struct response *res)
{
	struct user u;
	struct verrors errs;
	int64_t id, version;
	json_t *body;
	int status;
	enum gl_err rc;

	if ((status = api_patch_begin(req, res, &id, &body, &version)))
		return status;
	rc = store_user_get(req->store, id, req->arena, &u);
	if (rc != GL_OK || (version && u.version != version)) {
		json_decref(body);
		return api_fail(res, rc != GL_OK ? rc : GL_ECONFLICT, NULL);
	}
	verr_init(&errs);
	decode(body, 0, req->arena, &errs, &u, NULL);
	json_decref(body);
	user_validate(&u, &errs);
	/* An admin cannot lock themselves out. */
	if (u.id == req->principal->user_id && (u.disabled || u.role != ROLE_ADMIN))
		verr_add(&errs, u.disabled ? "disabled" : "role", "self",
			 "you cannot disable yourself or give up your own admin role");
	if (errs.n)
		return api_invalid(res, &errs);
	if ((rc = store_user_update(req->store, &u, req->arena, &errs)) != GL_OK)
		return api_fail(res, rc, &errs);
	api_etag(req, res, u.version);
	return api_json(res, 200, user_json(&u));
}

int users_password(struct request *req, struct response *res)
{
	static const char *const known[] = {"password", NULL};
	struct verrors errs;
	const char *password = NULL;
	char hash[CRYPTO_HASH_MAX];
	int64_t id = api_param_id(req, 0);
	json_t *body;
	int status;
	enum gl_err rc;

	if (!id)
		return api_fail(res, GL_ENOTFOUND, NULL);
	if ((status = api_read_object(req, res, &body)))
		return status;
	verr_init(&errs);
	jd_known(body, known, NULL, &errs);
	jd_str(json_object_get(body, "password"), "password", req->arena, &errs, &password);
	json_decref(body);
	password_validate(password, "password", &errs);
	if (errs.n)
		return api_invalid(res, &errs);
	if (password_hash(password, hash) != GL_OK)
		return api_fail(res, GL_ENOMEM, NULL);
	/* Everyone else's sessions end; an admin resetting their own keeps this one. */
	rc = store_user_set_password(req->store, id, hash,
				     id == req->principal->user_id ? req->principal->credential_id : 0,
				     "password_reset");
	if (rc != GL_OK)
		return api_fail(res, rc, NULL);
	return api_no_content(res);
}
