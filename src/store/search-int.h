/* search-int.h - the store's own calls into the search index (search.c).
 *
 * Each store write that changes a searchable record calls one of these inside its own
 * transaction, after the record's row is written, so the index commits or rolls back with
 * the data.  The text indexed is read back from the record's tables (one place decides
 * what a kind's title, body and key are, for the write paths and for a rebuild alike).
 */
#ifndef GL_STORE_SEARCH_INT_H
#define GL_STORE_SEARCH_INT_H

#include "store-int.h"

/* (Re)index the record as it now stands; drop it from the index when it no longer exists. */
enum gl_err search_index(struct store *s, enum search_kind kind, int64_t id) WUR;
/* Remove the record from the index. */
enum gl_err search_drop(struct store *s, enum search_kind kind, int64_t id) WUR;
/* Reindex the projects naming an enterprise and its appeals (their text holds its name):
 * after a rename. */
enum gl_err search_index_enterprise_projects(struct store *s, int64_t enterprise_id) WUR;
/* The group commit's flat batch (commitq.c): between begin and run, search_index() only
 * notes the record; run indexes every noted record as it then stands, new documents with one
 * statement per table (one FTS5 flush for the batch instead of one per record), inside the
 * same transaction, before its COMMIT.  drop forgets the notes (the batch rolled back). */
void search_later_begin(struct store *s);
enum gl_err search_later_run(struct store *s) WUR;
void search_later_drop(struct store *s);
/* The migration's loader: index every existing record. */
enum gl_err search_backfill(struct store *s) WUR;

#endif
