"""gunicorn settings for production (`make serve-prod`); each can be overridden by environment."""

import multiprocessing
import os

bind = os.environ.get("C40_BIND", "127.0.0.1:8000")
# Two processes per core and one more: while one waits on PostgreSQL, another computes.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = os.environ.get("C40_WORKER_CLASS", "sync")
threads = int(os.environ.get("C40_THREADS", "1"))
# Requests are short; a stuck worker is restarted rather than left holding a slot.
timeout = 30
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so a slow leak can never grow without bound.
max_requests = 20000
max_requests_jitter = 2000
accesslog = os.environ.get("C40_ACCESS_LOG") or None
errorlog = "-"
control_socket_disable = True  # gunicorn 27 would otherwise open a socket in ~/.gunicorn/
