/* err.h - the one error enum of Guanlan (kcgi's kcgi_err, curl's CURLcode).
 *
 * Every module returns enum gl_err; gl_strerror() names it.  The mapping from error to HTTP
 * status lives in one place, src/api/api.c.
 */
#ifndef GL_ERR_H
#define GL_ERR_H

enum gl_err {
	GL_OK = 0,
	GL_ENOMEM,      /* out of memory */
	GL_ENOTFOUND,   /* no such record */
	GL_ECONFLICT,   /* stale version: someone else changed the record */
	GL_EDUPLICATE,  /* a unique key is taken */
	GL_EREFERENCED, /* other records still point at this one */
	GL_EINVALID,    /* input breaks a domain rule; details in a struct verrors */
	GL_ETOOBIG,     /* a size limit was hit */
	GL_EDB,         /* the database failed; details went to the log */
	GL_EIO,         /* a file could not be read or written */
	GL_ESCHEMA,     /* the database schema is newer than this binary */
	GL_ERR__MAX
};

const char *gl_strerror(enum gl_err e);

#endif
