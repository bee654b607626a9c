"""Trainers (Wagtail's Editors and Moderators groups) and HR admins manage programmes in the
admin's snippets. Permissions are created here because post_migrate has not run yet on a fresh
database."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ["Editors", "Moderators", "HR admins"]
CODENAMES = ["add_programme", "change_programme", "delete_programme", "view_programme"]


def grant(apps, schema_editor):
    create_permissions(global_apps.get_app_config("courses"), apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    perms = list(Permission.objects.filter(content_type__app_label="courses", codename__in=CODENAMES))
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*perms)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    perms = Permission.objects.filter(content_type__app_label="courses", codename__in=CODENAMES)
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*perms)


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0001_initial"),
        ("org", "0002_hr_admin_group"),
        ("wagtailcore", "0002_initial_data"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
