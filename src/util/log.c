/* log.c - line-at-a-time logging to stderr. */
#include "log.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "date.h"

static atomic_int quiet;

void log_set_quiet(int q)
{
	atomic_store(&quiet, q);
}

static void vlog(const char *level, const char *fmt, va_list ap)
{
	char line[1024], ts[32];
	int n, m;

	date_format_timestamp(time(NULL), ts, sizeof(ts));
	n = snprintf(line, sizeof(line), "%s %s ", ts, level);
	m = vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	if (m < 0)
		m = 0;
	n += m;
	if (n > (int)sizeof(line) - 2)
		n = (int)sizeof(line) - 2;
	line[n++] = '\n';
	if (write(STDERR_FILENO, line, (size_t)n) < 0) {
		/* Nowhere left to report a failing stderr. */
	}
}

void log_info(const char *fmt, ...)
{
	va_list ap;

	if (atomic_load(&quiet))
		return;
	va_start(ap, fmt);
	vlog("info", fmt, ap);
	va_end(ap);
}

void log_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog("error", fmt, ap);
	va_end(ap);
}
