/* export.c - what every ledger shares: the cells of field columns, the page-by-page writing,
 * the 说明 sheet's common notes, the download name. */
#include "export.h"

#include <stdio.h>
#include <string.h>

#include "../store/store.h"
#include "../util/arena.h"
#include "../util/date.h"

/* Rows read per page of a list: enough that paging costs little, few enough that a page of
 * any ledger stays a few megabytes. */
enum { EXPORT_PAGE = 1000 };

bool ledger_field(const struct ledger_col *c, const void *rec, struct sheet_cell *cell)
{
	const char *base = rec;

	memset(cell, 0, sizeof(*cell));
	switch (c->src) {
	case FIELD_STR:
		memcpy(&cell->text, base + c->off, sizeof(cell->text));
		return true;
	case FIELD_INT:
		memcpy(&cell->num, base + c->off, sizeof(cell->num));
		cell->null = c->has && !*(const bool *)(base + c->has);
		return true;
	case FIELD_BOOL:
		cell->text = *(const bool *)(base + c->off) ? "是" : "否";
		return true;
	default:
		return false;
	}
}

static enum gl_err write_rows(const struct ledger_def *l, void *ctx, struct sheet_writer *w,
			      int64_t *rows)
{
	struct sheet_cell cells[LEDGER_COLS_MAX];
	enum gl_err rc = GL_OK;
	int64_t got;

	do {
		struct arena page;
		const void *items = NULL;

		arena_init(&page);
		rc = l->page(ctx, *rows, EXPORT_PAGE, &page, &items, &got);
		for (int64_t i = 0; rc == GL_OK && i < got; i++) {
			const void *item = (const char *)items + (size_t)i * l->item_size;
			unsigned views = 0;

			for (size_t c = 0; c < l->ncols; c++)
				ledger_field(&l->cols[c], item, &cells[c]);
			rc = l->row(ctx, item, &page, cells, &views);
			if (rc == GL_OK)
				rc = sheet_row(w, views, cells);
		}
		arena_release(&page);
		if (rc == GL_OK)
			*rows += got;
	} while (rc == GL_OK && got == EXPORT_PAGE);
	return rc;
}

enum gl_err ledger_export(const struct ledger_def *l, void *ctx, const struct export_job *job,
			  const struct ledger_about *about, int64_t *rows)
{
	struct sheet_col cols[LEDGER_COLS_MAX];
	struct sheet_writer *w = NULL;
	int64_t n = 0;
	enum gl_err rc;

	if (l->ncols > LEDGER_COLS_MAX)
		return GL_ETOOBIG;
	for (size_t i = 0; i < l->ncols; i++)
		cols[i] = (struct sheet_col){l->cols[i].header, l->cols[i].kind, l->cols[i].width};
	rc = sheet_open(job->format, job->path, cols, l->ncols, l->views, l->nviews, &w);
	if (rc == GL_OK)
		rc = write_rows(l, ctx, w, &n);
	if (rc == GL_OK) {
		struct sheet_note notes[6 + 16];
		size_t nn = 0;
		char when[32], count[32], label[32], scope[64];

		snprintf(count, sizeof(count), "%lld", (long long)n);
		snprintf(label, sizeof(label), "%s数", about->noun);
		snprintf(scope, sizeof(scope), "%s%s", about->scoped ? "导出人权限范围内的" : "全部",
			 about->noun);
		notes[nn++] = (struct sheet_note){"导出内容", about->content};
		notes[nn++] = (struct sheet_note){"导出时间",
			date_format_timestamp(job->now, when, sizeof(when))};
		notes[nn++] = (struct sheet_note){"导出人", job->who ? job->who : "命令行（全部数据）"};
		notes[nn++] = (struct sheet_note){"筛选条件", about->filters};
		notes[nn++] = (struct sheet_note){"数据范围", scope};
		notes[nn++] = (struct sheet_note){label, count};
		for (size_t i = 0; i < about->nnotes && nn < sizeof(notes) / sizeof(notes[0]); i++)
			notes[nn++] = about->notes[i];
		rc = sheet_close(w, notes, nn);
		w = NULL;
	}
	sheet_abort(w);
	if (rows)
		*rows = n;
	return rc;
}

const char *export_unit_name(struct store *s, int64_t id, struct arena *a)
{
	struct ref_list units;

	if (store_ref_list(s, REF_UNIT, NULL, 0, a, &units) == GL_OK)
		for (int64_t i = 0; i < units.n; i++)
			if (units.items[i].id == id)
				return units.items[i].name;
	return arena_printf(a, "%lld", (long long)id);
}

const char *export_filename(const char *stem, enum sheet_format f, time_t now, char *buf,
			    size_t size)
{
	struct ymd d = date_shanghai(now);

	snprintf(buf, size, "%s-%04d%02d%02d.%s", stem, d.y, d.m, d.d, sheet_formats[f].name);
	return buf;
}

const char *export_join(struct arena *a, const char *const *parts, size_t n)
{
	size_t len = 0;
	char *out;

	for (size_t i = 0; i < n; i++)
		len += (parts[i] ? strlen(parts[i]) : 0) + 4;
	if (!(out = arena_alloc(a, len + 1)))
		return NULL;
	out[0] = '\0';
	for (size_t i = 0, o = 0; i < n; i++) {
		int w = snprintf(out + o, len + 1 - o, "%s%s", i ? "；" : "", parts[i] ? parts[i] : "");
		if (w > 0)
			o += (size_t)w;
	}
	return out;
}
