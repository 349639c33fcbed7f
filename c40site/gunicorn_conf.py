"""gunicorn settings for production (`make serve-prod`); each can be overridden by environment."""

import multiprocessing
import os

from gunicorn import glogging

from c40site import settings as site
from core.logs import JsonFormatter

bind = os.environ.get("C40_BIND", "127.0.0.1:8000")
# One process per core and one more, four threads each: a process busy rendering still has
# threads for cached pages, which the render gate keeps free (core/rendergate.py). Under a
# flood of uncached requests at 10 000 cities a cached page's p99 was 108 ms with 3 × 4
# threads, 862 ms with 5 sync workers. Slow clients are nginx's to absorb, whatever the
# worker: gunicorn always sits behind it (deploy/nginx.conf, docs/deploy.md).
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
worker_class = os.environ.get("C40_WORKER_CLASS", "gthread")
threads = int(os.environ.get("C40_THREADS", "4"))
# Requests are short; a stuck worker is restarted rather than left holding a slot.
timeout = 30
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so a slow leak can never grow without bound.
max_requests = 20000
max_requests_jitter = 2000
# Off unless asked for: the site logs each request itself (core/requestlog.py).
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


def on_starting(server):
    """Load jieba's dictionary (a second, some 70 MB) once in the master: every worker forked from
    it shares it, and its first Chinese search or save does not wait for it."""
    from core.words import jieba_tokenizer

    jieba_tokenizer()
