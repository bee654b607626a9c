"""HR admins create and revoke API tokens for the HR and messaging systems in the Wagtail admin.
Managing a token for another login (the integration's own account) needs the user-change
permission too (wagtail.users.utils.user_can_manage_token)."""

from django.db import migrations

PERMISSIONS = [
    ("wagtailcore", "apitoken", "add_apitoken"),
    ("wagtailcore", "apitoken", "change_apitoken"),
    ("wagtailcore", "apitoken", "delete_apitoken"),
    ("wagtailcore", "apitoken", "view_apitoken"),
    ("auth", "user", "change_user"),
    ("auth", "user", "view_user"),
]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="HR admins")
    for app_label, model, codename in PERMISSIONS:
        permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
        if permission is not None:
            group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0002_hr_admin_group"),
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
