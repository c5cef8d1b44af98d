/* verr.h - field-level validation errors and warnings.
 *
 * Domain rules collect every problem they find instead of stopping at the first, so a client
 * can show all of them beside the fields at once.  The API turns a verrors into a 422 body.
 */
#ifndef GL_VERR_H
#define GL_VERR_H

enum { VERR_MAX = 32, VERR_FIELD_LEN = 64, VERR_MESSAGE_LEN = 192 };

struct verror {
	char field[VERR_FIELD_LEN];  /* JSON path of the field, e.g. "contacts[1].email" */
	const char *code;            /* machine-readable reason: "required", "invalid", ... */
	char message[VERR_MESSAGE_LEN];
};

struct verrors {
	int n;
	int dropped; /* problems beyond VERR_MAX, counted but not kept */
	struct verror items[VERR_MAX];
};

void verr_init(struct verrors *v);
/* Record a problem; message is printf-style.  A field already named keeps its first problem. */
void verr_add(struct verrors *v, const char *field, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
int verr_has(const struct verrors *v, const char *field);

#endif
