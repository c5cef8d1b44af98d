/* main.c - guanlan (观澜): investment promotion and enterprise service for a development zone. */
#include "cli/cli.h"

int main(int argc, char **argv)
{
	return cli_main(argc, argv);
}
