"""Start the provider: `python -m samsyn.core.testing.oidc_provider DIR`.

Makes an RSA key and a database in DIR, the client and the users, then serves on a free port of
127.0.0.1 and prints `READY http://127.0.0.1:PORT` once it answers; it serves until stopped.
"""

import os
import sys
from pathlib import Path
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


def _key(path: Path) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )


def main() -> None:
    state = Path(sys.argv[1])
    state.mkdir(parents=True, exist_ok=True)
    _key(state / "key.pem")
    os.environ["OIDC_PROVIDER_DIR"] = str(state)
    os.environ["DJANGO_SETTINGS_MODULE"] = "samsyn.core.testing.oidc_provider.settings"

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from oauth2_provider.models import get_application_model

    from samsyn.core.testing import oidc_provider as provider

    call_command("migrate", verbosity=0)
    User = get_user_model()
    for username, email in provider.USERS.items():
        User.objects.create_user(username=username, email=email, password=provider.PASSWORD)
    Application = get_application_model()
    Application.objects.create(
        name="Samsyn",
        client_id=provider.CLIENT_ID,
        client_secret=provider.CLIENT_SECRET,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=provider.REDIRECT_URIS,
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    server = make_server("127.0.0.1", 0, get_wsgi_application(), server_class=_Server, handler_class=_QuietHandler)
    print(f"READY http://127.0.0.1:{server.server_port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
