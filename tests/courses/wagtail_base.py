"""Base data for transactional tests."""


def base_data() -> None:
    """What the migrations put in a fresh database (Wagtail's root page, root collection and
    locale, the Editors and Moderators groups that trainers get). Transactional tests (live
    server, threads) flush it; serialized rollback cannot bring it back reliably when other
    transactional tests in the run flush without it (the content types recreated by their flush
    clash with the serialized copy), so it is recreated here when missing."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import Collection, GroupPagePermission, Locale, Page

    if not Permission.objects.filter(content_type__app_label="wagtailcore", codename="add_page").exists():
        # A flush by another transactional test left the permissions out (its post_migrate ran
        # with content types cached from before the flush): recreate both as migrate does.
        from django.apps import apps
        from django.contrib.auth.management import create_permissions
        from django.contrib.contenttypes.management import create_contenttypes
        from django.contrib.contenttypes.models import ContentType

        ContentType.objects.clear_cache()
        for app_config in apps.get_app_configs():
            create_contenttypes(app_config, verbosity=0)
            create_permissions(app_config, verbosity=0)
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    # The groups are checked on their own: tests/conftest.py may already have put the root back.
    admin = Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin")
    media = Permission.objects.filter(
        content_type__app_label__in=["wagtailimages", "wagtaildocs"], codename__startswith="choose_"
    )
    programmes = Permission.objects.filter(content_type__app_label="courses", codename__endswith="_programme")
    # What the quizzes and certificates migrations grant trainers (their own lists, reused).
    bank_models = import_module("quizzes.migrations.0002_editor_permissions").MODELS
    question_bank = Permission.objects.filter(content_type__app_label="quizzes", content_type__model__in=bank_models)
    certificate_grants = import_module("certificates.migrations.0002_trainer_permissions").GRANTS
    for name, page_perms in (
        ("Editors", ["add_page", "change_page"]),
        ("Moderators", ["add_page", "change_page", "publish_page"]),
    ):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*admin, *media, *programmes, *question_bank)
        for codename in page_perms:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=root,
                permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
            )
    for name, codenames in certificate_grants.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="certificates", codename__in=codenames)
        )
    # The HR admins group, as the org, skills, courses and api migrations make it: the Wagtail
    # admin, the organisation snippets, the skills framework, programmes and API tokens. Without
    # it a flushed database leaves HR bounced from every admin page to the admin's sign-in.
    hr, _ = Group.objects.get_or_create(name="HR admins")
    org_grants = import_module("org.migrations.0004_hr_admin_permissions").GRANTS
    skills_framework = import_module("skills.migrations.0002_framework_permissions")
    hr.permissions.add(
        *admin,
        *programmes,
        *Permission.objects.filter(
            content_type__app_label="org",
            codename__in=[f"{action}_{model}" for model, actions in org_grants.items() for action in actions],
        ),
    )
    framework = Permission.objects.filter(
        content_type__app_label="skills",
        codename__in=[f"{a}_{m}" for m in skills_framework.MODELS for a in ("add", "change", "delete", "view")],
    )
    for name in skills_framework.GROUPS:
        Group.objects.get_or_create(name=name)[0].permissions.add(*framework)
    for app_label, _model, codename in import_module("api.migrations.0001_hr_admins_manage_api_tokens").PERMISSIONS:
        hr.permissions.add(*Permission.objects.filter(content_type__app_label=app_label, codename=codename))
