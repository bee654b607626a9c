"""In-process benchmarks (bench/dashboard.py, bench/hours.py): a scratch PostgreSQL database of
their own, created and dropped through the server's admin login, and Django set up on it with the
development settings (no HTTP server; timings go through the test client)."""

import os
import sys
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parents[2]
ADMIN_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def admin_execute(sql: str) -> None:
    """Run `sql` (CREATE/DROP DATABASE) on the server's maintenance database, outside a transaction."""
    import psycopg

    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(sql)


def django_setup(db_name: str) -> None:
    """Point Django at the scratch database `db_name` and set it up."""
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = urlunparse(urlparse(ADMIN_URL)._replace(path=f"/{db_name}"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "lms.settings.dev"
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver,localhost"
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    import django

    django.setup()
