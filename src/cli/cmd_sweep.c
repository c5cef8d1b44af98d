/* cmd_sweep.c - guanlan sweep: open and close the appeals' supervision (督办) by deadline,
 * once (for cron; the server also sweeps on its own every few minutes). */
#include <stdio.h>

#include "../store/store.h"
#include "cli.h"

int cmd_sweep(const struct cli_options *opt, int argc, char **argv)
{
	struct store *s;
	int rc;

	if (argc > 1) {
		fprintf(stderr, "guanlan sweep: unexpected argument '%s'\n", argv[1]);
		return 2;
	}
	if (!(s = cli_open_store(opt, 1)))
		return 1;
	rc = cli_sweep_once(s, 0);
	store_close(s);
	return rc == 0 ? 0 : 1;
}
