"""HR admins set each post's yearly learning-hours targets in the Wagtail admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ["hourstarget"]
GROUPS = ["HR admins"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("hours")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    perms = Permission.objects.filter(
        content_type__app_label="hours",
        codename__in=[f"{action}_{model}" for model in MODELS for action in ("add", "change", "delete", "view")],
    )
    for name in GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*perms)


class Migration(migrations.Migration):
    dependencies = [
        ("hours", "0001_initial"),
        ("org", "0002_hr_admin_group"),
    ]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
