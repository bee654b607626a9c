"""The Wagtail and Django admin speak Chinese on every page, including the ones the zh-hans walk does
not reach (workflows, locking, API tokens, the accessibility checker): every message in the English
catalogue of each installed Wagtail app and of Django's admin has a Chinese translation, from its
own zh_Hans catalogue or, where that lacks it, from the project's (locale/zh_Hans)."""

import json
from pathlib import Path

import pytest
from django.apps import apps
from django.utils import translation

# Messages whose Chinese is the same text: product names, abbreviations, bare placeholders.
SAME_IN_CHINESE = {
    "Wagtail API v2",
    "Wagtail API v3",
    "URL",
    "ID",
    "%(range_start)s - %(range_end)s",
    "%(class_name)s %(instance)s",
}


def english_messages(app_path: Path) -> list[tuple[str | None, str, str | None]]:
    """(msgctxt, msgid, msgid_plural) of every entry of the app's English catalogue."""
    po = app_path / "locale" / "en" / "LC_MESSAGES" / "django.po"
    if not po.exists():
        return []
    entries = []
    for block in po.read_text(encoding="utf-8").split("\n\n"):
        ctx = msgid = plural = None
        field = None
        for line in block.strip().splitlines():
            if line.startswith("#"):
                continue
            for prefix, name in (("msgctxt ", "ctx"), ("msgid_plural ", "plural"), ("msgid ", "msgid")):
                if line.startswith(prefix):
                    field = name
                    value = json.loads(line[len(prefix) :])
                    ctx, msgid, plural = (
                        value if name == "ctx" else ctx,
                        value if name == "msgid" else msgid,
                        value if name == "plural" else plural,
                    )
                    break
            else:
                if line.startswith("msgstr"):
                    field = None
                elif line.startswith('"') and field:
                    value = json.loads(line)
                    if field == "ctx":
                        ctx += value
                    elif field == "msgid":
                        msgid += value
                    else:
                        plural += value
        if msgid:
            entries.append((ctx, msgid, plural))
    return entries


def admin_apps() -> list:
    return [
        config
        for config in apps.get_app_configs()
        if config.name.startswith("wagtail") or config.name in {"django.contrib.admin", "django.contrib.auth"}
    ]


def untranslated(config) -> list[str]:
    left = []
    with translation.override("zh-hans"):
        for ctx, msgid, plural in english_messages(Path(config.path)):
            if msgid in SAME_IN_CHINESE:
                continue
            if plural is not None:
                chinese = (
                    translation.npgettext(ctx, msgid, plural, 2) if ctx else translation.ngettext(msgid, plural, 2)
                )
                done = chinese not in (msgid, plural)
            else:
                chinese = translation.pgettext(ctx, msgid) if ctx else translation.gettext(msgid)
                done = chinese != msgid
            if not done:
                left.append(msgid)
    return left


def test_the_reader_sees_the_wagtail_apps():
    names = {config.name for config in admin_apps()}
    assert {"wagtail.admin", "wagtail.users", "wagtail.snippets", "django.contrib.admin"} <= names
    assert english_messages(Path(apps.get_app_config("wagtailadmin").path))


@pytest.mark.parametrize("config", admin_apps(), ids=lambda config: config.name)
def test_every_admin_message_has_a_chinese_translation(config):
    assert untranslated(config) == []
