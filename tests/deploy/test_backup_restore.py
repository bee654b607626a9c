"""The backup drill of docs/backup.md, on PostgreSQL: back up with deploy/backup.sh, restore with
deploy/restore.sh into a scratch database and an empty media directory, and check that every
row of every table, every sequence position and every media file came back identical."""

import hashlib
import os
import shutil
import subprocess
import uuid
from pathlib import Path

import psycopg
import pytest
from django.core.files.base import ContentFile
from django.db import connection
from wagtail.documents.models import Document

from core.models import AuditEvent
from core.services import audit_record
from courses.services import lesson_mark_done
from tests.factories.courses import LessonPageFactory
from tests.factories.org import HRAdminFactory, StaffProfileFactory

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def conninfo(dbname: str) -> str:
    s = connection.settings_dict
    return psycopg.conninfo.make_conninfo(
        host=s["HOST"] or "127.0.0.1", port=s["PORT"] or 5432, user=s["USER"], password=s["PASSWORD"], dbname=dbname
    )


def url(dbname: str) -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{dbname}"


def snapshot(dbname: str) -> dict[str, list[tuple]]:
    """Every row of every table in the public schema (ordered), and every sequence's position."""
    with psycopg.connect(conninfo(dbname)) as conn, conn.cursor() as cur:
        cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        tables = [row[0] for row in cur.fetchall()]
        result = {}
        for table in tables:
            cur.execute(psycopg.sql.SQL("SELECT * FROM {} ORDER BY 1").format(psycopg.sql.Identifier(table)))
            result[table] = [tuple(map(repr, row)) for row in cur.fetchall()]
        cur.execute("SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'")
        result["<sequences>"] = sorted(cur.fetchall())
        return result


def tree_hashes(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def test_backup_then_restore_into_a_scratch_database_gives_identical_records_and_files(catalog, settings, tmp_path):
    # Some of everything: staff, a course with progress, an audit trail, an uploaded document.
    hr = HRAdminFactory()
    trainee = StaffProfileFactory(name="王小明", phone="13912345678")
    lesson = LessonPageFactory()
    LessonPageFactory(parent=lesson.get_parent())  # a second lesson: progress, not completion
    lesson_mark_done(user=trainee.user, lesson=lesson)
    audit_record(actor=hr.user, action=AuditEvent.Action.PERSONAL_VIEW, obj=trainee, subject_user=trainee.user)
    document = Document(title="安全手册")
    document.file.save("anquan.pdf", ContentFile(b"%PDF-1.4 manual"), save=False)
    document.save()

    source_db = connection.settings_dict["NAME"]
    media_root = Path(settings.MEDIA_ROOT)
    backups = tmp_path / "backups"
    env = {**os.environ, "DATABASE_URL": url(source_db), "DJANGO_MEDIA_ROOT": str(media_root)}
    backup_dir = Path(
        subprocess.run(
            [ROOT / "deploy" / "backup.sh", backups], env=env, check=True, capture_output=True, text=True
        ).stdout.strip()
    )
    assert (backup_dir / "db.dump").stat().st_size > 0

    scratch = f"restore_{uuid.uuid4().hex[:10]}"
    restored_media = tmp_path / "restored-media"
    with psycopg.connect(conninfo("postgres"), autocommit=True) as admin:
        admin.execute(psycopg.sql.SQL("CREATE DATABASE {}").format(psycopg.sql.Identifier(scratch)))
    try:
        subprocess.run(
            [ROOT / "deploy" / "restore.sh", backup_dir],
            env={**env, "DATABASE_URL": url(scratch), "DJANGO_MEDIA_ROOT": str(restored_media)},
            check=True,
            capture_output=True,
            text=True,
        )
        before, after = snapshot(source_db), snapshot(scratch)
        assert set(before) == set(after)
        for table in before:
            assert before[table] == after[table], f"{table} differs after restore"
        assert before["org_staffprofile"] and before["lms_auditevent"] and before["courses_stepcompletion"]
        assert tree_hashes(media_root) == tree_hashes(restored_media)
        assert document.file.name in tree_hashes(restored_media)
    finally:
        with psycopg.connect(conninfo("postgres"), autocommit=True) as admin:
            admin.execute(
                psycopg.sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(psycopg.sql.Identifier(scratch))
            )
        shutil.rmtree(restored_media, ignore_errors=True)


def test_restore_refuses_a_tampered_backup(tmp_path, settings):
    source_db = connection.settings_dict["NAME"]
    env = {**os.environ, "DATABASE_URL": url(source_db), "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT)}
    backup_dir = Path(
        subprocess.run(
            [ROOT / "deploy" / "backup.sh", tmp_path], env=env, check=True, capture_output=True, text=True
        ).stdout.strip()
    )
    with (backup_dir / "db.dump").open("ab") as f:
        f.write(b"tampered")
    result = subprocess.run(
        [ROOT / "deploy" / "restore.sh", backup_dir],
        env={**env, "DATABASE_URL": url("does_not_matter"), "DJANGO_MEDIA_ROOT": str(tmp_path / "m")},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert not (tmp_path / "m").exists()
