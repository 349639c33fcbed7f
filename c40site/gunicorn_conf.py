"""gunicorn settings for production (`make serve-prod`); each can be overridden by environment."""

import multiprocessing
import os

from gunicorn import glogging

from c40site import settings as site
from c40site.logs import JsonFormatter

bind = os.environ.get("C40_BIND", "127.0.0.1:8000")
# Two processes per core and one more: while one waits on PostgreSQL, another computes.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# A sync worker reads each request itself, so a few slow clients could hold them all: gunicorn
# always sits behind nginx (deploy/nginx.conf), which reads requests whole first. Threads
# (gthread) are no cure: a thread reading a slow request stays blocked (docs/deploy.md).
worker_class = os.environ.get("C40_WORKER_CLASS", "sync")
threads = int(os.environ.get("C40_THREADS", "1"))
# Requests are short; a stuck worker is restarted rather than left holding a slot.
timeout = 30
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so a slow leak can never grow without bound.
max_requests = 20000
max_requests_jitter = 2000
# Off unless asked for: the site logs each request itself (c40site/requestlog.py).
accesslog = os.environ.get("C40_ACCESS_LOG") or None
errorlog = "-"
control_socket_disable = True  # gunicorn 27 would otherwise open a socket in ~/.gunicorn/


class Logger(glogging.Logger):
    """gunicorn's own lines (workers booting, timing out) in the site's format (LOG_FORMAT)."""

    def setup(self, cfg):
        super().setup(cfg)
        if site.LOG_FORMAT == "json":
            for handler in self.error_log.handlers:
                handler.setFormatter(JsonFormatter(instance=site.INSTANCE))


logger_class = Logger
