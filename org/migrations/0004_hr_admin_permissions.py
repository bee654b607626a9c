from django.contrib.auth.management import create_permissions
from django.db import migrations

# HR admins manage the organisation in the Wagtail admin. Staff are only changed there (the
# roster import creates them); the permission policy in org.wagtail_hooks refuses add/delete.
GRANTS = {
    "site": ["add", "change", "delete", "view"],
    "department": ["add", "change", "delete", "view"],
    "post": ["add", "change", "delete", "view"],
    "company": ["add", "change", "view"],
    "staffprofile": ["change", "view"],
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("org")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="HR admins")
    codenames = [f"{action}_{model}" for model, actions in GRANTS.items() for action in actions]
    group.permissions.add(*Permission.objects.filter(content_type__app_label="org", codename__in=codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="HR admins").first()
    if group:
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="org"))


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0003_roster_import"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
