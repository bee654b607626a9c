from django.contrib.auth.management import create_permissions
from django.db import migrations

# Trainers (the Editors group, see org.services.ROLE_GROUPS) author templates and rules and may
# look at issued certificates; HR admins may look at issued certificates.
GRANTS = {
    "Editors": [
        "add_certificatetemplate",
        "change_certificatetemplate",
        "delete_certificatetemplate",
        "view_certificatetemplate",
        "add_certificaterule",
        "change_certificaterule",
        "delete_certificaterule",
        "view_certificaterule",
        "view_certificate",
    ],
    "HR admins": ["view_certificate", "view_certificatetemplate", "view_certificaterule"],
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("certificates")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, codenames in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="certificates", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0001_initial"),
        ("org", "0002_hr_admin_group"),
    ]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
