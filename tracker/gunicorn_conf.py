"""gunicorn's configuration for `make serve-prod` (`gunicorn -c python:tracker.gunicorn_conf`).

Every value comes from the environment (README, Settings), through the settings module's own
helpers; importing the settings here also means a bad SECRET_KEY stops the master before any
worker starts.
"""

from __future__ import annotations

import os

from tracker.settings import LOG_FORMAT, VAR_DIR, envint

port = envint("PORT", "8000")
bind = [f"{os.getenv('HOST', '127.0.0.1')}:{port}"]
# gunicornc's control socket, one per checkout and port (the default is one per user).
control_socket = str(VAR_DIR / f"gunicorn-{port}.ctl")
# Processes, each with threads: a request waits on PostgreSQL far more than it computes.
workers = envint("WEB_CONCURRENCY", str(2 * (os.cpu_count() or 1) + 1))
threads = envint("GUNICORN_THREADS", "4")
worker_class = "gthread"
# A worker silent for this long is killed and replaced; the largest export streams for less.
timeout = envint("GUNICORN_TIMEOUT", "60")
graceful_timeout = envint("GUNICORN_GRACEFUL_TIMEOUT", "30")
keepalive = envint("GUNICORN_KEEPALIVE", "5")
# Workers are replaced after this many requests (plus up to the jitter), so none grows for ever.
max_requests = envint("GUNICORN_MAX_REQUESTS", "1000")
max_requests_jitter = envint("GUNICORN_MAX_REQUESTS_JITTER", "100")

loglevel = os.getenv("LOG_LEVEL", "INFO").lower()
accesslog = "-"
errorlog = "-"
if LOG_FORMAT == "json":
    # The same one-object-per-line formatter as Django's logs (tracker/logs.py).
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "tracker.logs.JSONFormatter"}},
        "handlers": {
            "access": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stdout"},
            "error": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"},
        },
        "root": {"level": "WARNING", "handlers": ["error"]},
        "loggers": {
            "gunicorn.error": {"level": loglevel.upper(), "handlers": ["error"], "propagate": False},
            "gunicorn.access": {"level": "INFO", "handlers": ["access"], "propagate": False},
        },
    }
