"""gunicorn settings for the web processes (deploy/systemd/academy-web.service).

Sync workers: each request holds one database connection for its duration, and the pages are
short database-bound requests. Rule of thumb: 2 × cores + 1 workers per host; add hosts behind
the load balancer to scale out (every process is stateless between requests)."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", str(multiprocessing.cpu_count() * 2 + 1)))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "sync" if threads == 1 else "gthread"
# A request that takes longer than this is killed and logged: a stuck worker must not hold a
# slot for ever. PDF rendering runs in the task workers, not here.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak in a library cannot grow without bound. A new
# worker costs about 1.5 s of CPU (imports, and the warm-up in lms/wsgi.py). The jitter is as wide
# as the limit so the workers' restarts are spread out: the load balancer shares requests evenly,
# and with a narrow jitter (2000 ± 200 before) every worker of a host restarted within seconds of
# the others, which bench/load.py saw as a p99 of 3.7 s.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", str(max_requests)))
# Load the application in each worker, so a rolling restart (HUP) picks up new code.
preload_app = False
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
# No query strings in the access log: they can carry search terms with names or phone numbers.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms'
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
