"""gunicorn's settings for `samsyn serve --production` (`gunicorn -c python:samsyn.core.gunicorn_config`).

From the environment, as the rest of Samsyn's settings:
- SAMSYN_BIND: where to listen (default 127.0.0.1:8000, for a proxy on the same machine; `--bind`
  on the command line wins);
- SAMSYN_WORKERS: how many worker processes (default 2 × the cores this process may run on, + 1,
  gunicorn's own advice: a worker waits for the database about as long as it computes).

The access log is Samsyn's own (SAMSYN_ACCESS_LOG, core/logs.py), written by Django with the
request's id, so gunicorn writes none; its own messages (workers started, stopped, timed out) go
to standard error in the format of the rest (SAMSYN_LOG_FORMAT).
"""

from __future__ import annotations

import os


def cores() -> int:
    """The cores this process may run on (a container's or a CPU affinity's limit included)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def workers_count(environ: dict[str, str] | os._Environ[str], available: int) -> int:
    given = environ.get("SAMSYN_WORKERS", "").strip()
    if given:
        count = int(given)
        if count < 1:
            raise ValueError(f"SAMSYN_WORKERS must be 1 or more, not {given!r}")
        return count
    return 2 * available + 1


def log_format(environ: dict[str, str] | os._Environ[str]) -> str:
    """SAMSYN_LOG_FORMAT with the settings' default: JSON in production, text elsewhere."""
    production = environ.get("SAMSYN_ENV") == "production"
    return environ.get("SAMSYN_LOG_FORMAT", "json" if production else "text")


bind = [os.environ.get("SAMSYN_BIND", "127.0.0.1:8000")]
workers = workers_count(os.environ, cores())
worker_class = "sync"
wsgi_app = "samsyn.wsgi:application"
# A PDF of a long report may take a while; a worker silent for longer than this is restarted.
timeout = 60
# systemd's stop (SIGTERM) lets requests under way finish, for at most this long.
graceful_timeout = 30
# gunicorn 25+ opens a control socket in $HOME by default: two app servers on one machine (or a
# test beside a running one) would fight over it. systemd's signals do the same work (HUP reloads,
# TTIN and TTOU add and remove a worker, TERM stops gracefully).
control_socket_disable = True
accesslog = None
errorlog = "-"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "root": {"level": "INFO", "handlers": []},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["error_console"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": [], "propagate": False},
    },
    "handlers": {
        "error_console": {"class": "logging.StreamHandler", "formatter": "generic", "stream": "ext://sys.stderr"},
    },
    "formatters": {
        "generic": (
            {"()": "samsyn.core.logs.JsonFormatter"}
            if log_format(os.environ) == "json"
            else {"format": "%(asctime)s %(levelname)s %(name)s [%(process)d] %(message)s"}
        ),
    },
}
