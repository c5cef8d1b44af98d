/* health.c - /healthz for load balancers, and the OpenAPI document. */
#include "resources.h"

#include <string.h>

#include "../store/store.h"
#include "../util/embed.h"

int health_get(struct request *req, struct response *res)
{
	int version;

	if (!req->store || store_ping(req->store, &version) != GL_OK)
		return api_error(res, 503, "unavailable", NULL, "the database cannot be read");
	return api_json(res, 200, json_pack("{s:s, s:i}", "status", "ok", "schema", version));
}

int openapi_get(struct request *req, struct response *res)
{
	const struct embedded_file *f = embedded_find("docs/openapi.json");

	(void)req;
	if (!f)
		return api_fail(res, GL_ENOTFOUND, NULL);
	res->raw = (const char *)f->data;
	res->raw_len = f->size;
	res->cache_control = "max-age=300";
	res->status = 200;
	return 200;
}
