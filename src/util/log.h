/* log.h - one line per event on stderr, with an Asia/Shanghai timestamp.
 *
 * Each line is written with a single write(2) so lines from several threads never
 * interleave.  Never log passwords, tokens or request bodies.
 */
#ifndef GL_LOG_H
#define GL_LOG_H

void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Suppress info lines (benchmarks); errors are always written. */
void log_set_quiet(int quiet);

#endif
