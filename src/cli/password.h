/* password.h - reading a new password on the command line without echoing it. */
#ifndef GL_CLI_PASSWORD_H
#define GL_CLI_PASSWORD_H

#include <stddef.h>

/* With a terminal on stdin: prompt twice without echo.  Without one: take the environment
 * variable env_name if set (and env_name is not NULL), else one line of stdin.
 * Returns 0 and fills buf, or -1 after printing why. */
int cli_read_password(const char *prompt, const char *env_name, char *buf, size_t size);

#endif
