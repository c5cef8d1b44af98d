/* change.c - field-by-field differences for the audit trail. */
#include "change.h"

#include <stdio.h>
#include <string.h>

#include "account.h"
#include "enterprise.h"
#include "project.h"

void changes_str(struct changes *c, const char *field, const char *before, const char *after)
{
	if (c->n >= CHANGES_MAX)
		return;
	if ((!before && !after) || (before && after && strcmp(before, after) == 0))
		return;
	c->items[c->n++] = (struct change){field, before, after};
}

void changes_int(struct changes *c, struct arena *a, const char *field, bool has_before,
		 int64_t before, bool has_after, int64_t after)
{
	changes_str(c, field, has_before ? arena_printf(a, "%lld", (long long)before) : NULL,
		    has_after ? arena_printf(a, "%lld", (long long)after) : NULL);
}

void changes_id(struct changes *c, struct arena *a, const char *field, int64_t before,
		int64_t after)
{
	changes_int(c, a, field, before != 0, before, after != 0, after);
}

void changes_bool(struct changes *c, const char *field, bool has_before, bool before,
		  bool has_after, bool after)
{
	/* A flag left off when a record is created (or was off when it is deleted) is not news. */
	if ((!has_before && !after) || (!has_after && !before))
		return;
	changes_str(c, field, has_before ? (before ? "true" : "false") : NULL,
		    has_after ? (after ? "true" : "false") : NULL);
}

const char *changes_join(struct arena *a, const char *const *items, size_t n)
{
	size_t len = 1;
	char *s, *p;

	if (n == 0)
		return NULL;
	for (size_t i = 0; i < n; i++)
		len += strlen(items[i] ? items[i] : "") + 2;
	if (!(s = arena_alloc(a, len)))
		return NULL;
	p = s;
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(items[i] ? items[i] : "");
		if (i) {
			memcpy(p, ", ", 2);
			p += 2;
		}
		memcpy(p, items[i] ? items[i] : "", l);
		p += l;
	}
	*p = '\0';
	return s;
}

const char *changes_join_ids(struct arena *a, const int64_t *ids, size_t n)
{
	const char **text = n ? arena_alloc(a, n * sizeof(*text)) : NULL;

	for (size_t i = 0; text && i < n; i++)
		text[i] = arena_printf(a, "%lld", (long long)ids[i]);
	return text ? changes_join(a, text, n) : NULL;
}

static const char *contacts_text(struct arena *a, const struct enterprise *e)
{
	const char **text = e->ncontacts ? arena_alloc(a, e->ncontacts * sizeof(*text)) : NULL;

	for (size_t i = 0; text && i < e->ncontacts; i++) {
		const struct contact *c = &e->contacts[i];
		text[i] = arena_printf(a, "%s/%s/%s/%s", c->name ? c->name : "",
				       c->title ? c->title : "", c->phone ? c->phone : "",
				       c->email ? c->email : "");
	}
	return text ? changes_join(a, text, e->ncontacts) : NULL;
}

void enterprise_changes(const struct enterprise *b, const struct enterprise *f, struct arena *a,
			struct changes *out)
{
	static const struct enterprise none;

	out->n = 0;
	b = b ? b : &none;
	f = f ? f : &none;
	changes_str(out, "name", b->name, f->name);
	changes_str(out, "credit_code", b->credit_code, f->credit_code);
	changes_str(out, "industry_code", b->industry_code, f->industry_code);
	changes_str(out, "address", b->address, f->address);
	changes_str(out, "tags", changes_join(a, b->tags, b->ntags), changes_join(a, f->tags, f->ntags));
	changes_str(out, "contacts", contacts_text(a, b), contacts_text(a, f));
}

/* Land as the API shows it ("12.50"), or NULL. */
static const char *changes_land(struct arena *a, const struct project_money *m)
{
	char buf[32];

	if (!m->has_land || land_format(m->land_centimu, buf, sizeof(buf)) < 0)
		return NULL;
	return arena_strdup(a, buf);
}

void project_changes(const struct project *b, const struct project *f, struct arena *a,
		     struct changes *out)
{
	static const struct project none;

	out->n = 0;
	if (!b)
		b = &none;
	if (!f)
		f = &none;
	changes_str(out, "code", b->code, f->code);
	changes_str(out, "name", b->name, f->name);
	changes_str(out, "enterprise_ids", changes_join_ids(a, b->enterprise_ids, b->nenterprises),
		    changes_join_ids(a, f->enterprise_ids, f->nenterprises));
	changes_str(out, "industry_code", b->industry_code, f->industry_code);
	changes_str(out, "chain", b->chain, f->chain);
	changes_str(out, "channel", b->channel, f->channel);
	changes_str(out, "stage", b->name ? project_stages[b->stage].code : NULL,
		    f->name ? project_stages[f->stage].code : NULL);
	changes_int(out, a, "total_investment", b->has_investment, b->total_investment,
		    f->has_investment, f->total_investment);
	changes_str(out, "location", b->location, f->location);
	changes_str(out, "signed_on", b->signed_on, f->signed_on);
	changes_str(out, "started_on", b->started_on, f->started_on);
	changes_str(out, "production_on", b->production_on, f->production_on);
	changes_str(out, "capacity_on", b->capacity_on, f->capacity_on);
	changes_int(out, a, "signed_amount", b->has_signed_amount, b->signed_amount,
		    f->has_signed_amount, f->signed_amount);
	changes_id(out, a, "phase_parent_id", b->phase_parent_id, f->phase_parent_id);
	changes_str(out, "phase", b->phase, f->phase);
	changes_id(out, a, "chain_anchor_id", b->chain_anchor_id, f->chain_anchor_id);
	changes_bool(out, "industrial", b != &none, b->industrial, f != &none, f->industrial);
	changes_bool(out, "key_project", b != &none, b->key_project, f != &none, f->key_project);
	changes_str(out, "leader", b->leader, f->leader);
	changes_id(out, a, "unit_id", b->unit_id, f->unit_id);
	/* money and outcomes */
	changes_int(out, a, "fixed_asset_investment", b->money.has_fixed_asset,
		    b->money.fixed_asset, f->money.has_fixed_asset, f->money.fixed_asset);
	changes_int(out, a, "foreign_investment", b->money.has_foreign, b->money.foreign,
		    f->money.has_foreign, f->money.foreign);
	changes_str(out, "land_mu", changes_land(a, &b->money), changes_land(a, &f->money));
	changes_int(out, a, "annual_output", b->money.has_output, b->money.annual_output,
		    f->money.has_output, f->money.annual_output);
	changes_int(out, a, "annual_tax", b->money.has_tax, b->money.annual_tax,
		    f->money.has_tax, f->money.annual_tax);
	changes_int(out, a, "jobs", b->money.has_jobs, b->money.jobs, f->money.has_jobs,
		    f->money.jobs);
}

void user_changes(const struct user *b, const struct user *f, struct arena *a,
		  struct changes *out)
{
	static const struct user none;

	out->n = 0;
	if (!b)
		b = &none;
	if (!f)
		f = &none;
	changes_str(out, "username", b->username, f->username);
	changes_str(out, "display_name", b->display_name, f->display_name);
	changes_str(out, "role", b->username ? role_names[b->role] : NULL,
		    f->username ? role_names[f->role] : NULL);
	changes_id(out, a, "enterprise_id", b->enterprise_id, f->enterprise_id);
	changes_str(out, "unit_ids", changes_join_ids(a, b->unit_ids, b->nunits),
		    changes_join_ids(a, f->unit_ids, f->nunits));
	changes_bool(out, "disabled", b != &none, b->disabled, f != &none, f->disabled);
}
