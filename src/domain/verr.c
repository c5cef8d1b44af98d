/* verr.c - field-level validation errors. */
#include "verr.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../util/utf8.h"

void verr_init(struct verrors *v)
{
	v->n = 0;
	v->dropped = 0;
}

void verr_add(struct verrors *v, const char *field, const char *code, const char *fmt, ...)
{
	struct verror *e;
	va_list ap;

	/* One problem per field: the first found (a wrong type, say) explains the field better
	 * than the rules that then fail because of it ("name: 5" is not also "name required"). */
	if (verr_has(v, field))
		return;
	if (v->n >= VERR_MAX) {
		v->dropped++;
		return;
	}
	e = &v->items[v->n++];
	snprintf(e->field, sizeof(e->field), "%s", field);
	e->code = code;
	va_start(ap, fmt);
	vsnprintf(e->message, sizeof(e->message), fmt, ap);
	va_end(ap);
	utf8_trim_tail(e->field);
	utf8_trim_tail(e->message);
}

int verr_has(const struct verrors *v, const char *field)
{
	for (int i = 0; i < v->n; i++)
		if (strcmp(v->items[i].field, field) == 0)
			return 1;
	return 0;
}
