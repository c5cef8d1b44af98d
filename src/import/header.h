/* header.h - which column holds which field: the header row of a ledger, matched tolerantly.
 *
 * A header text is normalised before it is compared: full-width letters, digits and
 * brackets made ASCII, spaces, line breaks, '*' and ':' removed, ASCII lower-cased, common
 * traditional characters made simplified (項目名稱 -> 项目名称), and a unit in brackets or
 * after a '/' taken off and kept (总投资（万元） -> 总投资 with unit 万元; 总投资万元 too).
 * The rest must equal one of the field's names (its synonyms).  An explicit mapping (header
 * text -> field code, or -> "" to ignore the column) is matched first and overrides.
 *
 * Fields are listed per kind of import (enterprises, projects, appeals) with the type
 * value.h reads them as.  Field codes are the API's names (total_investment, signed_on...).
 */
#ifndef GL_IMPORT_HEADER_H
#define GL_IMPORT_HEADER_H

#include <stddef.h>

#include "problem.h"
#include "table.h"
#include "value.h"

enum import_kind { IMPORT_ENTERPRISES, IMPORT_PROJECTS, IMPORT_APPEALS, IMPORT_KIND__MAX };

/* "enterprises", "projects", "appeals" -> kind, or -1. */
int import_kind_parse(const char *s);
const char *import_kind_name(enum import_kind k);

enum field_type {
	FIELD_TEXT,
	FIELD_AMOUNT,       /* 万元 */
	FIELD_FOREIGN,      /* 万美元 */
	FIELD_DATE,
	FIELD_CREDIT_CODE,
	FIELD_COUNT,
	FIELD_LAND,         /* 1/100 亩 */
	FIELD_BOOL,
	FIELD_TYPE__MAX
};

struct import_field {
	const char *code;            /* "total_investment" */
	const char *label;           /* "总投资" */
	enum field_type type;
	int required;                /* a row without it is refused */
	int key;                     /* part of the natural key checked for duplicates */
	size_t max_chars;            /* FIELD_TEXT: longest accepted, in characters */
	const char *const *names;    /* normalised synonyms, NULL-terminated */
};

/* The fields of a kind of import; *n gets their number. */
const struct import_field *import_fields(enum import_kind k, size_t *n);

/* The index of the field with this code, or -1. */
int import_field_find(enum import_kind k, const char *code);

/* Normalise a header text into name (without its unit) and unit ("" when none); both
 * buffers of size bytes. */
void header_normalise(const char *text, char *name, char *unit, size_t size);

/* An explicit mapping: header text (normalised like the file's) -> field code; an empty
 * field code means "ignore this column". */
struct header_map {
	const char *header;
	const char *field;
};

enum { HEADER_MAX_COLS = 256 };

struct header_col {
	int field;                 /* index into import_fields(), -1 = ignored */
	char text[128];            /* as written in the file, trimmed */
	struct value_unit unit;    /* from the header, yuan 0 when none */
};

struct header {
	enum import_kind kind;
	size_t line;               /* the header row as Excel shows it */
	size_t ncols;
	struct header_col cols[HEADER_MAX_COLS];
	int field_col[64];         /* field index -> column, -1 when absent */
};

/* How many cells of row name a field (directly or through map): the header row is the first
 * row where this reaches HEADER_MIN_MATCHES (or every non-empty cell matches, for a file of
 * one or two columns). */
enum { HEADER_MIN_MATCHES = 2 };
size_t header_score(enum import_kind k, const struct table_row *row,
		    const struct header_map *map, size_t nmap, size_t *nonempty);

/* Build h from the header row: every column's field and unit.  Reports unknown columns
 * (notice), a second column for a field (warning; ignored), a mapping naming no field, and
 * missing required fields (error), with row = row->line.  Returns the number of errors. */
size_t header_build(struct header *h, enum import_kind k, const struct table_row *row,
		    const struct header_map *map, size_t nmap, struct import_problems *probs);

#endif
