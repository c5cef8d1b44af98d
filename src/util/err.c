/* err.c - names for enum gl_err. */
#include "err.h"

static const char *const names[GL_ERR__MAX] = {
	[GL_OK] = "success",
	[GL_ENOMEM] = "out of memory",
	[GL_ENOTFOUND] = "not found",
	[GL_ECONFLICT] = "the record was changed by someone else",
	[GL_EDUPLICATE] = "a record with this key already exists",
	[GL_EREFERENCED] = "the record is still referenced",
	[GL_EINVALID] = "invalid input",
	[GL_ETOOBIG] = "too large",
	[GL_EDB] = "database error",
	[GL_EIO] = "input/output error",
	[GL_ESCHEMA] = "database schema is newer than this program",
};

const char *gl_strerror(enum gl_err e)
{
	if ((unsigned)e >= GL_ERR__MAX)
		return "unknown error";
	return names[e];
}
