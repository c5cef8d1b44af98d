/* cmd_routes.c - guanlan routes: print the route table (tests check it against OpenAPI). */
#include <stdio.h>

#include "../api/routes.h"
#include "../domain/account.h"
#include "cli.h"

int cmd_routes(const struct cli_options *opt, int argc, char **argv)
{
	(void)opt;
	(void)argc;
	(void)argv;
	for (size_t i = 0; i < routes_count; i++) {
		printf("%s %s", routes[i].method, routes[i].pattern);
		if (routes[i].policy & POLICY_PUBLIC)
			printf(" public");
		for (int r = 0; r < ROLE__MAX; r++)
			if (routes[i].policy & ROLE_BIT(r))
				printf(" %s", role_names[r]);
		printf("\n");
	}
	return 0;
}
