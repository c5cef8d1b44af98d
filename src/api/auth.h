/* auth.h - who is asking: sessions (cookie), API tokens (bearer), CSRF, login throttling.
 *
 * routes_dispatch() calls auth_identify() for every route that is not public, before the
 * route's policy is checked; the handlers below serve /api/v1/auth/...
 */
#ifndef GL_AUTH_H
#define GL_AUTH_H

#include <stdint.h>

#include "../domain/account.h"
#include "api.h"

struct api_config {
	int64_t session_idle;     /* seconds a session may sit unused (default 2 h) */
	int64_t session_max;      /* seconds a session lives at most (default 12 h) */
	int secure_cookies;       /* add Secure to the cookie (behind HTTPS) */
};

/* Set once at start-up, before any request; read-only afterwards. */
void api_configure(const struct api_config *cfg);
const struct api_config *api_config(void);

#define SESSION_COOKIE "guanlan_session"

/* Find the principal of req from "Authorization: Bearer" or the session cookie.
 * Returns 0 and fills out, or the 401 it set in res. */
int auth_identify(struct request *req, struct response *res, struct principal *out);

/* Cookie sessions must echo their CSRF value in X-CSRF-Token on state-changing methods.
 * Returns 0 or the 403 it set in res. */
int auth_check_csrf(struct request *req, struct response *res, const struct principal *p);

json_t *principal_json(const struct principal *p);

api_handler auth_login, auth_logout, auth_me, auth_password;

#endif
