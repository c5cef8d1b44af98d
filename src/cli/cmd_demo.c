/* cmd_demo.c - guanlan demo: the starting area of the report, loaded through the API.
 *
 * data/demo.json names records by key ("byd") instead of id; the loader resolves keys and
 * posts every record through the same handlers the HTTP API uses, so demo data obeys
 * exactly the rules users' data does.  Everything is one transaction: a demo database is
 * complete or not there.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../api/routes.h"
#include "../domain/account.h"
#include "../domain/amount.h"
#include "../domain/workday.h"
#include "../store/store.h"
#include "../util/date.h"
#include "../util/embed.h"
#include "cli.h"

static const char *no_query(const struct request *req, const char *key)
{
	(void)req;
	(void)key;
	return NULL;
}

/* The loader writes the only copy of every record it touches, so it edits whatever version
 * is stored: If-Match: * on every request. */
static const char *json_header(const struct request *req, const char *name)
{
	(void)req;
	if (strcmp(name, "Content-Type") == 0)
		return "application/json";
	return strcmp(name, "If-Match") == 0 ? "*" : NULL;
}

static const char *no_unknown(const struct request *req, const char *const *known)
{
	(void)req;
	(void)known;
	return NULL;
}

/* The demo is loaded by the system itself, with an admin's rights; the audit trail names
 * it "demo". */
static const struct principal loader = {.user_id = 0, .username = "demo", .role = ROLE_ADMIN};

/* Send body to path in-process; returns the id the answer names (1 when it names none), or 0
 * after printing why the request was refused.  OUT: *answer (when answer is not NULL) takes a
 * reference to the answer's JSON on success, for the caller to decref. */
static int64_t send_as(struct store *s, const struct principal *who, const char *method,
		       const char *path, json_t *body, const char *key, json_t **answer)
{
	struct arena arena;
	struct request req = {
		.method = method, .path = path, .arena = &arena, .store = s,
		.query = no_query, .header = json_header, .query_unknown = no_unknown,
		.principal = who, .trusted = 1,
	};
	struct response res = {0};
	char *text = json_dumps(body, JSON_COMPACT);
	int64_t id = 0;

	arena_init(&arena);
	req.body = text;
	req.body_len = text ? strlen(text) : 0;
	routes_dispatch(&req, &res);
	if (res.status >= 200 && res.status < 300) {
		id = json_integer_value(json_object_get(res.json, "id"));
		if (id <= 0)
			id = 1;
		if (answer)
			*answer = json_incref(res.json);
	} else {
		char *err = res.json ? json_dumps(res.json, JSON_COMPACT) : NULL;
		fprintf(stderr, "guanlan demo: %s %s \"%s\" refused (%d): %s\n", method, path, key,
			res.status, err ? err : "");
		free(err);
	}
	json_decref(res.json);
	free(text);
	arena_release(&arena);
	return id;
}

static int64_t send(struct store *s, const char *method, const char *path, json_t *body,
		    const char *key, json_t **answer)
{
	return send_as(s, &loader, method, path, body, key, answer);
}

static int64_t post(struct store *s, const char *path, json_t *body, const char *key)
{
	return send(s, "POST", path, body, key, NULL);
}

/* Replace the key-valued member `from` of o with the id member `to`. */
static int resolve(json_t *o, const char *from, const char *to, json_t *ids)
{
	json_t *k = json_object_get(o, from);

	if (!k)
		return 0;
	json_t *id = json_object_get(ids, json_string_value(k));
	if (!id) {
		fprintf(stderr, "guanlan demo: unknown key \"%s\" in %s\n", json_string_value(k), from);
		return -1;
	}
	json_object_set(o, to, id);
	json_object_del(o, from);
	return 0;
}

/* One user of each role.  Their passwords are printed and listed in the README: they exist
 * only in demo databases; a real deployment starts from 'guanlan init'. */
static const struct demo_user {
	const char *username, *display_name, *password;
	enum role role;
	const char *enterprise_key;
	int64_t unit;
} demo_users[] = {
	{"admin", "系统管理员", "admin-demo", ROLE_ADMIN, NULL, 0},
	{"leader", "王主任（示例）", "leader-demo", ROLE_LEADER, NULL, 0},
	{"officer", "李专员（示例）", "officer-demo", ROLE_OFFICER, NULL, 0},
	{"handler", "赵经办（示例，经济发展局）", "handler-demo", ROLE_HANDLER, NULL, 3},
	{"enterprise", "比亚迪联络人（示例）", "enterprise-demo", ROLE_ENTERPRISE, "byd", 0},
	{"viewer", "只读用户（示例）", "viewer-demo", ROLE_VIEWER, NULL, 0},
};

/* Create the demo users; each one's id joins ids as "user:<name>" so that steps can name
 * them (a follow-up's officer, a task force member). */
static int load_users(struct store *s, json_t *ents, json_t *ids)
{
	for (size_t i = 0; i < sizeof(demo_users) / sizeof(demo_users[0]); i++) {
		const struct demo_user *d = &demo_users[i];
		int64_t unit = d->unit;
		struct user u = {
			.username = d->username, .display_name = d->display_name, .role = d->role,
			.unit_ids = &unit, .nunits = d->unit ? 1 : 0,
		};
		char key[64];

		if (d->enterprise_key)
			u.enterprise_id = json_integer_value(json_object_get(ents, d->enterprise_key));
		if (cli_user_create(s, &u, d->password))
			return -1;
		snprintf(key, sizeof(key), "user:%s", d->username);
		json_object_set_new(ids, key, json_integer(u.id));
	}
	return 0;
}

/* What the steps' references resolve against: the keys' ids, and the day the demo is loaded
 * with the working-day calendar, for dates relative to it. */
struct refs {
	json_t *ids;
	struct ymd today;
	struct calendar cal;
};

/* "@today", "@today+30d", "@today-12d", "@today+3wd", "@today-10wd": a day counted from the
 * day the demo is loaded, in calendar days (d) or working days (wd).  Things that must keep
 * their colour whenever the demo is loaded (a milestone due in a few working days, a recent
 * follow-up that keeps a project from looking stalled, an open problem not yet due) are dated
 * this way; everything the report tells is dated as it happened.  "T09:30" after it makes an
 * instant of that day in Asia/Shanghai ("@today-12wdT09:30": an appeal's effective time).
 * Returns the date (or instant) as a JSON string, or NULL when t is not such a date. */
static json_t *relative_date(const char *t, const struct refs *r)
{
	const char *p = t + strlen("@today");
	struct ymd d = r->today;
	char buf[16];

	if (strncmp(t, "@today", strlen("@today")) != 0)
		return NULL;
	if (*p == '+' || *p == '-') {
		int sign = *p == '-' ? -1 : 1;
		char *end;
		long n;

		p++;
		if (*p < '0' || *p > '9')
			return NULL;
		n = strtol(p, &end, 10);
		if (n > 3650)
			return NULL;
		if (*end == 'd' && (end[1] == '\0' || end[1] == 'T')) {
			d = date_from_days(date_to_days(d) + sign * n);
			p = end + 1;
		} else if (strncmp(end, "wd", 2) == 0 && sign > 0) {
			d = workday_add(&r->cal, d, (int)n, NULL);
			p = end + 2;
		} else if (strncmp(end, "wd", 2) == 0) {
			/* Back n working days: the n-th working day before today. */
			int64_t day = date_to_days(d);

			for (long k = 0; k < n;) {
				day--;
				if (workday_is(&r->cal, date_from_days(day), NULL))
					k++;
			}
			d = date_from_days(day);
			p = end + 2;
		} else {
			return NULL;
		}
	}
	if (*p == 'T' && strlen(p) == 6 && p[1] >= '0' && p[1] <= '2' && p[3] == ':') {
		char at[32];

		snprintf(at, sizeof(at), "%sT%.5s:00+08:00", date_format_iso(d, buf, sizeof(buf)),
			 p + 1);
		return json_string(at);
	}
	if (*p)
		return NULL;
	return json_string(date_format_iso(d, buf, sizeof(buf)));
}

/* The value "@..." stands for: a relative date, or the id a key names. */
static json_t *resolve_ref(const char *t, const struct refs *r)
{
	json_t *v;

	if (strncmp(t, "@today", strlen("@today")) == 0) {
		if (!(v = relative_date(t, r)))
			fprintf(stderr, "guanlan demo: bad relative date \"%s\"\n", t);
		return v;
	}
	if (!(v = json_object_get(r->ids, t + 1)))
		fprintf(stderr, "guanlan demo: unknown key \"%s\"\n", t + 1);
	return json_incref(v);
}

/* Replace every string "@key" (and "@today…") inside v, recursively, with what it stands for. */
static int resolve_refs(json_t *v, const struct refs *r)
{
	const char *k;
	json_t *x, *to;
	size_t i;

	if (json_is_object(v)) {
		json_object_foreach(v, k, x) {
			const char *t = json_string_value(x);

			if (t && t[0] == '@') {
				if (!(to = resolve_ref(t, r)))
					return -1;
				json_object_set_new(v, k, to);
			} else if (resolve_refs(x, r)) {
				return -1;
			}
		}
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, x) {
			const char *t = json_string_value(x);

			if (t && t[0] == '@') {
				if (!(to = resolve_ref(t, r)))
					return -1;
				json_array_set_new(v, i, to);
			} else if (resolve_refs(x, r)) {
				return -1;
			}
		}
	}
	return 0;
}

/* The member of v at a dotted path ("decisions.0.problem_id"; digits index arrays). */
static json_t *json_path(json_t *v, const char *path)
{
	char part[64];

	while (v && *path) {
		size_t n = strcspn(path, ".");

		if (n >= sizeof(part))
			return NULL;
		memcpy(part, path, n);
		part[n] = '\0';
		path += n + (path[n] == '.');
		if (json_is_array(v)) {
			char *end;
			unsigned long i = strtoul(part, &end, 10);

			v = *end || !*part ? NULL : json_array_get(v, i);
		} else {
			v = json_object_get(v, part);
		}
	}
	return v;
}

/* The path with every {key} replaced by the id that key names, into buf. */
static int expand_path(const char *path, json_t *ids, char *buf, size_t size)
{
	size_t n = 0;

	while (*path) {
		if (*path == '{') {
			const char *end = strchr(path, '}');
			char key[128];
			json_t *id;
			int w;

			if (!end || (size_t)(end - path - 1) >= sizeof(key))
				return -1;
			memcpy(key, path + 1, (size_t)(end - path - 1));
			key[end - path - 1] = '\0';
			if (!(id = json_object_get(ids, key))) {
				fprintf(stderr, "guanlan demo: unknown key \"%s\" in %s\n", key, path);
				return -1;
			}
			w = snprintf(buf + n, size - n, "%lld", (long long)json_integer_value(id));
			if (w < 0 || (size_t)w >= size - n)
				return -1;
			n += (size_t)w;
			path = end + 1;
		} else {
			if (n + 1 >= size)
				return -1;
			buf[n++] = *path++;
		}
	}
	buf[n] = '\0';
	return 0;
}

/* A step's "as": one of the demo users, as the API would see them once logged in (the
 * enterprise user submitting online for BYD); NULL when there is no such user. */
static const struct principal *demo_principal(const char *name, json_t *ids, struct principal *p,
					      int64_t *unit)
{
	char key[64];

	for (size_t i = 0; i < sizeof(demo_users) / sizeof(demo_users[0]); i++) {
		const struct demo_user *d = &demo_users[i];

		if (strcmp(d->username, name) != 0)
			continue;
		snprintf(key, sizeof(key), "user:%s", d->username);
		*unit = d->unit;
		*p = (struct principal){
			.user_id = json_integer_value(json_object_get(ids, key)),
			.username = d->username, .display_name = d->display_name, .role = d->role,
			.unit_ids = unit, .nunits = d->unit ? 1 : 0,
			.enterprise_id = d->enterprise_key ? json_integer_value(json_object_get(ids,
						d->enterprise_key)) : 0,
		};
		return p;
	}
	fprintf(stderr, "guanlan demo: no demo user \"%s\"\n", name);
	return NULL;
}

/* The steps: after enterprises and projects, every other record (stage moves, milestones,
 * task forces…) as requests {method, path, body, key, keys, as}.  "as" names the demo user
 * who sends it (default: the loader, with an admin's rights).  Paths name records as {key},
 * bodies as "@key" (or a date "@today+3wd"); a step's own key names the id its answer
 * carries, and keys names other ids in the answer by their path in it ({"pb-land":
 * "decisions.0.problem_id"}: the problem a meeting's first decision opened). */
static int load_steps(struct store *s, json_t *steps, struct refs *r, int *nsteps)
{
	json_t *step;
	size_t i;

	json_array_foreach(steps, i, step) {
		const char *method = json_string_value(json_object_get(step, "method"));
		const char *path = json_string_value(json_object_get(step, "path"));
		const char *key = json_string_value(json_object_get(step, "key"));
		json_t *body = json_deep_copy(json_object_get(step, "body"));
		json_t *keys = json_object_get(step, "keys"), *answer = NULL, *at;
		const char *name, *as = json_string_value(json_object_get(step, "as"));
		const struct principal *who = &loader;
		struct principal user;
		char where[512];
		int64_t id, unit;

		if (!body)
			body = json_object();
		if (!path || expand_path(path, r->ids, where, sizeof(where)) || resolve_refs(body, r)) {
			fprintf(stderr, "guanlan demo: step %zu cannot be resolved\n", i + 1);
			json_decref(body);
			return -1;
		}
		if (as && !(who = demo_principal(as, r->ids, &user, &unit))) {
			json_decref(body);
			return -1;
		}
		store_set_actor(s, &(struct actor){who->user_id, who->user_id ? who->username
						   : "demo", NULL});
		id = send_as(s, who, method ? method : "POST", where, body, key ? key : path,
			     keys ? &answer : NULL);
		store_set_actor(s, &(struct actor){0, "demo", NULL});
		json_decref(body);
		if (!id)
			return -1;
		if (key)
			json_object_set_new(r->ids, key, json_integer(id));
		json_object_foreach(keys, name, at) {
			json_t *v = json_path(answer, json_string_value(at) ? json_string_value(at) : "");

			if (!json_is_integer(v)) {
				fprintf(stderr, "guanlan demo: step %zu: the answer has no id at \"%s\"\n",
					i + 1, json_string_value(at) ? json_string_value(at) : "");
				json_decref(answer);
				return -1;
			}
			json_object_set(r->ids, name, v);
		}
		json_decref(answer);
		(*nsteps)++;
	}
	return 0;
}

static int load(struct store *s, json_t *doc, int *nent, int *nprj, int *nsteps)
{
	json_t *ents = json_object(), *prjs = json_object();
	json_t *rec;
	size_t i;
	int rc = -1;

	json_array_foreach(json_object_get(doc, "enterprises"), i, rec) {
		json_t *body = json_deep_copy(rec);
		const char *key = json_string_value(json_object_get(rec, "key"));
		int64_t id;

		json_object_del(body, "key");
		id = post(s, "/api/v1/enterprises", body, key ? key : "?");
		json_decref(body);
		if (!id || !key)
			goto out;
		json_object_set_new(ents, key, json_integer(id));
		(*nent)++;
	}
	json_array_foreach(json_object_get(doc, "projects"), i, rec) {
		json_t *body = json_deep_copy(rec), *keys = json_object_get(rec, "enterprises");
		const char *key = json_string_value(json_object_get(rec, "key"));
		json_t *ids = json_array(), *k;
		size_t j;
		int64_t id;

		json_object_del(body, "key");
		json_object_del(body, "enterprises");
		json_array_foreach(keys, j, k) {
			json_t *eid = json_object_get(ents, json_string_value(k));
			if (!eid) {
				fprintf(stderr, "guanlan demo: project %s names unknown enterprise %s\n",
					key ? key : "?", json_string_value(k));
				json_decref(ids);
				json_decref(body);
				goto out;
			}
			json_array_append(ids, eid);
		}
		json_object_set_new(body, "enterprise_ids", ids);
		if (resolve(body, "phase_parent", "phase_parent_id", prjs) ||
		    resolve(body, "chain_anchor", "chain_anchor_id", prjs)) {
			json_decref(body);
			goto out;
		}
		id = post(s, "/api/v1/projects", body, key ? key : "?");
		json_decref(body);
		if (!id || !key)
			goto out;
		json_object_set_new(prjs, key, json_integer(id));
		(*nprj)++;
	}
	{
		/* One namespace for the steps: enterprise, project and user keys never collide. */
		struct refs r = {.ids = json_deep_copy(ents), .today = date_shanghai(time(NULL))};
		struct arena cal;

		arena_init(&cal);
		json_object_update(r.ids, prjs);
		rc = load_users(s, ents, r.ids);
		if (rc == 0 && store_calendar_load(s, &cal, &r.cal) != GL_OK) {
			fprintf(stderr, "guanlan demo: cannot read the working-day calendar\n");
			rc = -1;
		}
		if (rc == 0)
			rc = load_steps(s, json_object_get(doc, "steps"), &r, nsteps);
		arena_release(&cal);
		json_decref(r.ids);
	}
out:
	json_decref(ents);
	json_decref(prjs);
	return rc;
}

static void remove_db(const char *path)
{
	static const char *const suffix[] = {"", "-wal", "-shm"};
	char name[4096];

	for (size_t i = 0; i < 3; i++) {
		snprintf(name, sizeof(name), "%s%s", path, suffix[i]);
		unlink(name);
	}
}

int cmd_demo(const struct cli_options *opt, int argc, char **argv)
{
	const struct embedded_file *f = embedded_find("data/demo.json");
	struct stats_summary sum;
	struct arena arena;
	struct store *s;
	json_error_t jerr;
	json_t *doc;
	int nent = 0, nprj = 0, nsteps = 0, ok;
	char a1[32], a2[32];

	(void)argv;
	if (argc > 1) {
		fprintf(stderr, "guanlan demo: unexpected argument '%s'\n", argv[1]);
		return 2;
	}
	if (access(opt->db, F_OK) == 0) {
		if (!opt->force) {
			fprintf(stderr, "guanlan demo: %s exists; add --force to replace it with the"
				" demo database\n", opt->db);
			return 1;
		}
		remove_db(opt->db);
	}
	doc = f ? json_loadb((const char *)f->data, f->size, JSON_REJECT_DUPLICATES, &jerr) : NULL;
	if (!doc) {
		fprintf(stderr, "guanlan demo: data/demo.json: %s\n", f ? jerr.text : "not embedded");
		return 1;
	}
	if (!(s = cli_open_store(opt, 1))) {
		json_decref(doc);
		return 1;
	}
	store_set_actor(s, &(struct actor){0, "demo", NULL});
	ok = store_begin(s) == GL_OK && load(s, doc, &nent, &nprj, &nsteps) == 0;
	if (ok)
		ok = store_commit(s) == GL_OK;
	else
		store_rollback(s);
	json_decref(doc);
	arena_init(&arena);
	if (ok)
		ok = store_stats_summary(s, &arena, &sum) == GL_OK;
	store_close(s);
	if (!ok) {
		arena_release(&arena);
		remove_db(opt->db);
		fprintf(stderr, "guanlan demo: nothing was loaded\n");
		return 1;
	}
	(void)!amount_format_human(sum.signed_industrial.amount_wan, a1, sizeof(a1));
	(void)!amount_format_human(sum.signed_all.amount_wan, a2, sizeof(a2));
	printf("demo database %s: %d enterprises, %d projects, %d further records (stage moves,"
	       " task force, problems, milestones, funds, targets, follow-ups, roundtables, appeals)\n", opt->db, nent, nprj,
	       nsteps);
	printf("  signed industrial projects: %lld, %s\n",
	       (long long)sum.signed_industrial.count, a1);
	printf("  all projects ever signed:   %lld, %s\n", (long long)sum.signed_all.count, a2);
	printf("demo logins (user / password):\n");
	for (size_t i = 0; i < sizeof(demo_users) / sizeof(demo_users[0]); i++)
		printf("  %-10s / %-16s %s\n", demo_users[i].username, demo_users[i].password,
		       role_labels[demo_users[i].role]);
	printf("serve it with: guanlan serve --db %s\n", opt->db);
	arena_release(&arena);
	return 0;
}
