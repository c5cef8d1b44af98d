/* password.c - reading a new password on the command line without echoing it. */
#include "password.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static int read_line(FILE *in, char *buf, size_t size)
{
	if (!fgets(buf, (int)size, in))
		return -1;
	buf[strcspn(buf, "\r\n")] = '\0';
	return 0;
}

static int prompt_once(const char *prompt, char *buf, size_t size)
{
	struct termios old, quiet;
	int rc;

	fprintf(stderr, "%s", prompt);
	fflush(stderr);
	if (tcgetattr(STDIN_FILENO, &old) != 0)
		return -1;
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	rc = read_line(stdin, buf, size);
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	fprintf(stderr, "\n");
	return rc;
}

int cli_read_password(const char *prompt, const char *env_name, char *buf, size_t size)
{
	const char *env = env_name ? getenv(env_name) : NULL;
	char again[256];

	if (isatty(STDIN_FILENO)) {
		if (prompt_once(prompt, buf, size) != 0 ||
		    prompt_once("again: ", again, sizeof(again)) != 0) {
			fprintf(stderr, "guanlan: no password read\n");
			return -1;
		}
		if (strcmp(buf, again) != 0) {
			fprintf(stderr, "guanlan: the two passwords differ\n");
			return -1;
		}
		return 0;
	}
	if (env && *env) {
		snprintf(buf, size, "%s", env);
		return 0;
	}
	if (read_line(stdin, buf, size) != 0 || !*buf) {
		fprintf(stderr, "guanlan: no terminal: give the password on standard input%s%s\n",
			env_name ? " or in " : "", env_name ? env_name : "");
		return -1;
	}
	return 0;
}
