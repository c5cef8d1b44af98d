/* cmd_routes.c - guanlan routes: print the route table (tests check it against OpenAPI). */
#include <stdio.h>

#include "../api/routes.h"
#include "cli.h"

int cmd_routes(const struct cli_options *opt, int argc, char **argv)
{
	(void)opt;
	(void)argc;
	(void)argv;
	for (size_t i = 0; i < routes_count; i++)
		printf("%s %s\n", routes[i].method, routes[i].pattern);
	return 0;
}
