"""Production: PostgreSQL, Redis cache, whitenoise, shared media storage, task workers.

Refuses to start without its secrets (DJANGO_SECRET_KEY of 50+ characters, DATABASE_URL,
REDIS_URL, DJANGO_ALLOWED_HOSTS). Nothing is kept in a process's memory between requests:
sessions live in the database (cached in Redis), the cache is Redis, login-failure counters
(django-axes) are database rows and background work is a database queue, so any number of web
processes and task workers can run on any number of hosts. See docs/production.md."""

import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import CACHES, DATABASES, env_bool, env_list


def required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"Production settings need the environment variable {name}.")
    return value


SECRET_KEY = required("DJANGO_SECRET_KEY")
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be at least 50 characters long and random.")
required("DATABASE_URL")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS") or [required("DJANGO_ALLOWED_HOSTS")]
REDIS_URL = required("REDIS_URL")
DEBUG = False

# One PostgreSQL for every process. Persistent connections with health checks; a PgBouncer in
# transaction mode in front of it needs DJANGO_DISABLE_SERVER_SIDE_CURSORS=1.
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("Production runs on PostgreSQL: DATABASE_URL must be postgres://…")
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DJANGO_CONN_MAX_AGE", "60"))
# Kept connections are health-checked before reuse (CONN_HEALTH_CHECKS, from base), so after a
# database restart or failover no request fails on a connection the restart killed (tests/faults);
# and a database that cannot be reached fails a request in seconds rather than holding its worker
# until gunicorn's timeout kills it.
DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = int(
    os.environ.get("DJANGO_DB_CONNECT_TIMEOUT", "5")
)
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env_bool("DJANGO_DISABLE_SERVER_SIDE_CURSORS", False)
# Optional streaming read replica for the reports (the managers' dashboard and its Excel exports):
# read there only inside core.db_router.reporting(), so those pages may lag the primary by the
# replication delay; every write and every other read stays on the primary.
REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "").strip()
if REPLICA_URL:
    replica = dj_database_url.parse(REPLICA_URL, conn_max_age=DATABASES["default"]["CONN_MAX_AGE"])
    if replica["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_REPLICA_URL must be postgres://… like DATABASE_URL.")
    replica["CONN_HEALTH_CHECKS"] = True
    replica.setdefault("OPTIONS", {})["connect_timeout"] = DATABASES["default"]["OPTIONS"]["connect_timeout"]
    replica["DISABLE_SERVER_SIDE_CURSORS"] = DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"]
    # Tests run with these settings read the replica from the test database itself.
    replica["TEST"] = {"MIRROR": "default"}
    DATABASES["replica"] = replica

CACHES = {
    "default": {
        "BACKEND": "core.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": os.environ.get("DJANGO_CACHE_PREFIX", "academy"),
        "TIMEOUT": 300,
    },
    "generational": CACHES["generational"],  # each process's own copies, as in base
}
# Sessions are database rows, read through Redis: a restart of Redis logs nobody out, and any web
# process can serve any request.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_AGE = int(os.environ.get("DJANGO_SESSION_COOKIE_AGE", str(12 * 3600)))

# Static files: collected at deploy time, served compressed with far-future headers by whitenoise
# from every web process (a CDN can sit in front: set DJANGO_STATIC_URL to its address).
STATIC_URL = os.environ.get("DJANGO_STATIC_URL", "/static/")
STATIC_ROOT = os.environ.get("DJANGO_STATIC_ROOT", str(STATIC_ROOT))  # noqa: F405

# Media (uploaded documents, images, certificate PDFs) must be on storage every host shares:
# a network file system mounted at DJANGO_MEDIA_ROOT on every host, or an S3-compatible store
# through django-storages (DJANGO_MEDIA_STORAGE=storages.backends.s3.S3Storage; see
# docs/production.md for the extra package and its AWS_* variables).
MEDIA_ROOT = os.environ.get("DJANGO_MEDIA_ROOT", str(MEDIA_ROOT))  # noqa: F405
STORAGES = {
    "default": {"BACKEND": os.environ.get("DJANGO_MEDIA_STORAGE", "django.core.files.storage.FileSystemStorage")},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Mail goes out through an SMTP relay.
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": os.environ.get("DJANGO_EMAIL_HOST", "localhost"),
            "port": int(os.environ.get("DJANGO_EMAIL_PORT", "25")),
            "username": os.environ.get("DJANGO_EMAIL_USER", ""),
            "password": os.environ.get("DJANGO_EMAIL_PASSWORD", ""),
            "use_tls": env_bool("DJANGO_EMAIL_USE_TLS", False),
            "timeout": 10,
        },
    }
}

# HTTPS only, behind a reverse proxy that terminates TLS and sets X-Forwarded-Proto.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the load balancer probes over plain HTTP
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
USE_X_FORWARDED_HOST = False
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# Wagtail's preview frame marks itself SAMEORIGIN; everything else may not be framed.
X_FRAME_OPTIONS = "DENY"


# django-axes behind the proxy: our nginx sets X-Real-IP to the address it was connected from
# (deploy/nginx/academy.conf), so lockouts count per real client, not per proxy.
def client_ip(request) -> str | None:
    return request.META.get("HTTP_X_REAL_IP") or request.META.get("REMOTE_ADDR")


AXES_CLIENT_IP_CALLABLE = client_ip

WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", f"https://{ALLOWED_HOSTS[0]}")
