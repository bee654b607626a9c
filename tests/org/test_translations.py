"""Every msgid of the org catalogue has a Chinese translation, none fuzzy."""

import re
from pathlib import Path

from django.conf import settings

PO = Path(settings.BASE_DIR) / "org" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def _entries(text: str):
    for block in text.split("\n\n"):
        strings = re.findall(r'^(msgid|msgid_plural|msgstr(?:\[\d\])?) ((?:".*"\n?)+)', block + "\n", re.M)
        if not strings:
            continue
        values = {key: "".join(re.findall(r'"(.*)"', raw)) for key, raw in strings}
        yield block, values


def test_every_org_msgid_has_a_chinese_translation():
    untranslated = []
    for block, values in _entries(PO.read_text(encoding="utf-8")):
        if values.get("msgid") == "":
            continue
        translations = [v for k, v in values.items() if k.startswith("msgstr")]
        if "#, fuzzy" in block or not all(translations):
            untranslated.append(values["msgid"])
    assert untranslated == []


def test_placeholders_survive_translation():
    for _block, values in _entries(PO.read_text(encoding="utf-8")):
        if not values.get("msgid"):
            continue
        wanted = sorted(re.findall(r"%\(\w+\)s", values["msgid"]))
        for key, value in values.items():
            if key.startswith("msgstr"):
                assert sorted(re.findall(r"%\(\w+\)s", value)) == wanted, values["msgid"]
