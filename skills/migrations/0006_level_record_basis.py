"""A level record says what it rests on (#14): its level's criteria (`gate`, the default) or a
manual sign-off naming who signed and why (`sign_off`). Rows made by hand before this field, with
no promotion recommendation but an approver and a note, are the sign-offs of their day and are
marked so; every other row is checked against its gate by `manage.py integrity`."""

from django.db import migrations, models


def legacy_sign_offs(apps, schema_editor):
    LevelRecord = apps.get_model("skills", "LevelRecord")
    LevelRecord.objects.filter(recommendation__isnull=True, approved_by__isnull=False).exclude(note="").update(
        basis="sign_off"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("skills", "0005_evidence_append_only"),
    ]

    operations = [
        migrations.AddField(
            model_name="levelrecord",
            name="basis",
            field=models.CharField(
                choices=[("gate", "Criteria met"), ("sign_off", "Signed off by hand")],
                default="gate",
                max_length=16,
                verbose_name="basis",
            ),
        ),
        migrations.RunPython(legacy_sign_offs, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="levelrecord",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("basis", "sign_off"), _negated=True),
                    models.Q(("note", ""), _negated=True),
                    _connector="OR",
                ),
                name="level_sign_off_has_reason",
            ),
        ),
    ]
