/* static.h - the web app's files (web/dist), served by guanlan itself.
 *
 * Files built by Vite are served with their pre-compressed .gz twin when the client accepts
 * gzip; hashed files under /assets/ are cached for a year, everything else is revalidated.
 * A path without a file extension that names no file gets index.html, so the app's own
 * routes (/projects/12) work on reload.
 */
#ifndef GL_STATIC_H
#define GL_STATIC_H

#include "request.h"

/* True when path belongs to the web app rather than the API. */
int static_wants(const char *path);

/* Fill res for GET path from the directory root.  Returns the HTTP status set (200, 404,
 * 405); res->file_fd is open on success (the transport closes it). */
int static_serve(const char *root, const struct request *req, struct response *res);

#endif
