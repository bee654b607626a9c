"""Append-only in the database (#14): on PostgreSQL the evidence log refuses UPDATE and DELETE
from any client, with the shared functions of lms 0002 (read its docstring). Two edits stay
possible, each re-checked at COMMIT:

- course, page and recorded_by may become NULL when the page or person they name is deleted
  (ON DELETE SET NULL); the fact itself (title, kind, score, dates) stays;
- note may be blanked when the person the evidence is about is erased (their staff profile has
  erased_at): personal-data erasure keeps the facts for statistics but removes what was written
  about the leaver (skills.services.personal_data).

The person an entry is about is PROTECTed: deleting them would delete their log, so a person with
evidence is erased, never deleted. Nothing is done on SQLite."""

from importlib import import_module

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

audit_triggers = import_module("core.migrations.0002_audit_append_only_triggers")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    evidence = apps.get_model("skills", "Evidence")
    profile = apps.get_model("org", "StaffProfile")
    rules = {
        "unlink": audit_triggers.unlink_rules(evidence, ["course", "page", "recorded_by"]),
        "erase": [evidence._meta.get_field("note").column],
        "erased": {
            "column": evidence._meta.get_field("user").column,
            "table": profile._meta.db_table,
            "match": profile._meta.get_field("user").column,
            "flag": profile._meta.get_field("erased_at").column,
        },
    }
    schema_editor.execute(audit_triggers.triggers_sql(evidence._meta.db_table, rules), params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = apps.get_model("skills", "Evidence")._meta.db_table
    schema_editor.execute(audit_triggers.drop_triggers_sql(table), params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("skills", "0004_dashboard_export"),
        ("lms", "0002_audit_append_only_triggers"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="evidence",
            name="user",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="skill_evidence",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
