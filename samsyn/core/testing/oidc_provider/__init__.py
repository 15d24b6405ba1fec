"""A real OpenID provider for the sign-in tests: django-oauth-toolkit in a tiny Django project of its
own, started by the tests as a process of its own (`python -m samsyn.core.testing.oidc_provider`).

It signs its ID tokens with an RSA key made when it starts, publishes them in its JWKS and its
discovery document, asks its users for their password on a page of its own and knows one client,
Samsyn (CLIENT_ID, CLIENT_SECRET), which may come back to /logga-in/extern/svar/ on the test client's
host or on any port of this machine. Its users (USERS) have the addresses the tests need: a person of
the demo without a login, one with, an allowed domain with no person, and an unknown domain.
"""

CLIENT_ID = "samsyn-test"
CLIENT_SECRET = "samsyn-test-secret"
PASSWORD = "provider-password"
CALLBACK_PATH = "/logga-in/extern/svar/"
REDIRECT_URIS = " ".join(f"http://{host}{CALLBACK_PATH}" for host in ("testserver", "localhost", "127.0.0.1"))
# username: e-mail address
USERS = {
    "linnea": "linnea.ronnquist@mdu.se",
    "emma": "emma.mossberg@mdu.se",
    "nobody": "nobody@mdu.se",
    "stranger": "stranger@example.com",
}
