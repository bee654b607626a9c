"""Every UI string has one Chinese translation: no zh_Hans catalogue in the repository may hold an
empty or fuzzy msgstr, and no message (msgctxt + msgid) may be translated differently in two catalogues,
because Django merges every app's catalogue into one and whichever loads first would win everywhere.
And the language switch in the header really switches."""

import json
import re
from collections import defaultdict
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
SKIP_DIRS = {".venv", "node_modules", "var", "static_collected", ".git"}


def zh_catalogues() -> list[Path]:
    return sorted(
        path
        for path in ROOT.glob("**/locale/zh_Hans/LC_MESSAGES/django.po")
        if not SKIP_DIRS & set(path.relative_to(ROOT).parts)
    )


def po_entries(path: Path) -> list[dict]:
    """A small .po reader: enough to see each entry's msgctxt, msgid, msgstrs and flags."""
    entries: list[dict] = []
    entry: dict = {"flags": set(), "msgctxt": None, "msgid": None, "msgstr": {}}
    field = None

    def finish():
        nonlocal entry
        if entry["msgid"] is not None:
            entries.append(entry)
        entry = {"flags": set(), "msgctxt": None, "msgid": None, "msgstr": {}}

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            finish()
            field = None
        elif line.startswith("#~"):
            continue  # obsolete entries are ignored by gettext
        elif line.startswith("#,"):
            if entry["msgid"] is not None:
                finish()
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            if entry["msgid"] is not None and field and field.startswith("msgstr"):
                finish()
        elif line.startswith("msgctxt "):
            if entry["msgid"] is not None:
                finish()
            field = "msgctxt"
            entry["msgctxt"] = json.loads(line[8:])
        elif line.startswith("msgid_plural "):
            field = "msgid_plural"
        elif line.startswith("msgid "):
            if entry["msgid"] is not None:
                finish()
            field = "msgid"
            entry["msgid"] = json.loads(line[6:])
        elif line.startswith("msgstr"):
            key, _, value = line.partition(" ")
            field = key
            entry["msgstr"][key] = json.loads(value)
        elif line.startswith('"'):
            if field == "msgid":
                entry["msgid"] += json.loads(line)
            elif field == "msgctxt":
                entry["msgctxt"] += json.loads(line)
            elif field and field.startswith("msgstr"):
                entry["msgstr"][field] += json.loads(line)
    finish()
    return entries


def untranslated(path: Path) -> list[str]:
    problems = []
    for entry in po_entries(path):
        if entry["msgid"] == "":
            continue  # the header
        if "fuzzy" in entry["flags"]:
            problems.append(f"fuzzy: {entry['msgid']!r}")
        elif not entry["msgstr"] or any(value == "" for value in entry["msgstr"].values()):
            problems.append(f"empty: {entry['msgid']!r}")
    return problems


def conflicting_translations(paths: list[Path]) -> list[str]:
    """Messages (msgctxt + msgid) whose msgstr differs between catalogues, each with every
    translation and the catalogues that hold it."""
    translations: dict[tuple, dict[tuple, list[str]]] = defaultdict(lambda: defaultdict(list))
    for path in paths:
        for entry in po_entries(path):
            if entry["msgid"] == "" or "fuzzy" in entry["flags"]:
                continue
            msgstr = tuple(sorted(entry["msgstr"].items()))
            translations[(entry["msgctxt"], entry["msgid"])][msgstr].append(
                str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name)
            )
    problems = []
    for (msgctxt, msgid), by_msgstr in translations.items():
        if len(by_msgstr) > 1:
            name = f"{msgctxt}|{msgid}" if msgctxt else msgid
            held = "; ".join(
                f"{' / '.join(value for _, value in msgstr)!r} in {', '.join(files)}"
                for msgstr, files in by_msgstr.items()
            )
            problems.append(f"{name!r}: {held}")
    return problems


def test_the_reader_finds_empty_and_fuzzy_entries(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: zh_Hans\\n"\n\n'
        'msgid "Done"\nmsgstr "完成"\n\n'
        '#, fuzzy, python-format\nmsgid "Hello %(name)s"\nmsgstr "你好"\n\n'
        'msgid "Empty"\nmsgstr ""\n\n'
        'msgid "Long"\nmsgstr ""\n"很长"\n\n'
        'msgid "%(n)s day"\nmsgid_plural "%(n)s days"\nmsgstr[0] ""\n\n'
        '#~ msgid "Old"\n#~ msgstr ""\n',
        encoding="utf-8",
    )
    assert untranslated(po) == ["fuzzy: 'Hello %(name)s'", "empty: 'Empty'", "empty: '%(n)s day'"]


def test_the_reader_finds_a_message_translated_two_ways(tmp_path):
    one, two = tmp_path / "one.po", tmp_path / "two.po"
    header = 'msgid ""\nmsgstr ""\n"Language: zh_Hans\\n"\n\n'
    one.write_text(
        header + 'msgid "Next"\nmsgstr "下一页"\n\n'
        'msgctxt "question"\nmsgid "Next"\nmsgstr "下一题"\n\n'
        'msgid "Done"\nmsgstr "已完成"\n',
        encoding="utf-8",
    )
    two.write_text(
        header + 'msgctxt "question"\nmsgid "Next"\nmsgstr "下一题"\n\nmsgid "Done"\nmsgstr "已完成"\n',
        encoding="utf-8",
    )
    # the same msgid under another context is a different message; the same context and msgid is not
    assert conflicting_translations([one, two]) == []
    two.write_text(header + 'msgid "Next"\nmsgstr "下一题"\n\nmsgid "Done"\nmsgstr "完成"\n', encoding="utf-8")
    problems = conflicting_translations([one, two])
    assert len(problems) == 2
    assert problems[0].startswith("'Next': '下一页' in ") and "'下一题' in " in problems[0]


def test_the_project_catalogue_exists():
    assert ROOT / "locale/zh_Hans/LC_MESSAGES/django.po" in zh_catalogues()


@pytest.mark.parametrize("path", zh_catalogues(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_msgid_has_a_chinese_translation(path):
    assert untranslated(path) == []


def test_no_message_is_translated_two_ways_across_the_catalogues():
    """Django merges all catalogues into one, so two translations of one msgid mean one of them
    is shown where the other was meant. Different meanings need a context (pgettext,
    {% translate ... context %}); the same meaning needs the same words."""
    assert conflicting_translations(zh_catalogues()) == []


def test_every_message_in_the_source_has_a_chinese_translation(tmp_path):
    """makemessages over a copy of the source without its catalogues: each message it finds
    (msgctxt + msgid) is translated in one of the repository's zh_Hans catalogues, whichever
    app's catalogue holds it (the catalogues are kept by hand, so this is what says none was
    forgotten)."""
    import os
    import shutil
    import subprocess
    import sys

    source = tmp_path / "source"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(
            *SKIP_DIRS, "locale", "tests", "bench", "docs", "static", "__pycache__", "*.sqlite3", "media"
        ),
    )
    (source / "locale").mkdir()
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", "-v", "0"],
        cwd=source,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "lms.settings.test"},
        check=True,
        capture_output=True,
    )
    translated = {
        (entry["msgctxt"], entry["msgid"])
        for path in zh_catalogues()
        for entry in po_entries(path)
        if entry["msgstr"] and all(entry["msgstr"].values()) and "fuzzy" not in entry["flags"]
    }
    found = po_entries(source / "locale/zh_Hans/LC_MESSAGES/django.po")
    assert len(found) > 1000
    assert [
        f"{entry['msgctxt']}|{entry['msgid']}" if entry["msgctxt"] else entry["msgid"]
        for entry in found
        if entry["msgid"] and (entry["msgctxt"], entry["msgid"]) not in translated
    ] == []


CJK = "\u3400-\u9fff"
# After a Chinese character (or a placeholder, which stands for Chinese text in a Chinese sentence),
# : , ; ? ! are full width; half-width brackets do not touch Chinese characters. A colon between
# placeholders or before a digit is a time or a ratio (%(h)s:%(m)s, 09:00) and stays.
HALF_WIDTH_IN_CHINESE = re.compile(rf"[{CJK}][:,;?!()]|[()][{CJK}]|%\(\w+\)[sd][,;?!]|%\(\w+\)[sd]:(?![\d%])")


def half_width_punctuation(path: Path) -> list[str]:
    problems = []
    for entry in po_entries(path):
        if entry["msgid"] == "":
            continue
        for value in entry["msgstr"].values():
            problems += [f"{match.group()!r} in {value!r}" for match in HALF_WIDTH_IN_CHINESE.finditer(value)]
    return problems


def test_the_punctuation_check_finds_half_width_marks_in_chinese(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: zh_Hans\\n"\n\n'
        'msgid "Case study: %(title)s"\nmsgstr "案例:%(title)s"\n\n'
        'msgid "Date of issue: %(date)s"\nmsgstr "发证日期：%(date)s"\n\n'
        'msgid "%(label)s: %(value)s"\nmsgstr "%(label)s: %(value)s"\n\n'
        'msgid "Opens at %(h)s:%(m)s, 09:00 (see https://example.com)"\nmsgstr "%(h)s:%(m)s 开放，09:00（见 https://example.com）"\n\n'
        'msgid "Yes, done"\nmsgstr "好,完成(已保存)"\n',
        encoding="utf-8",
    )
    assert half_width_punctuation(po) == [
        "'例:' in '案例:%(title)s'",
        "'%(label)s:' in '%(label)s: %(value)s'",
        "'好,' in '好,完成(已保存)'",
        "'成(' in '好,完成(已保存)'",
        "'存)' in '好,完成(已保存)'",
    ]


@pytest.mark.parametrize("path", zh_catalogues(), ids=lambda p: str(p.relative_to(ROOT)))
def test_chinese_translations_use_full_width_punctuation(path):
    assert half_width_punctuation(path) == []


def test_no_template_puts_a_colon_after_a_translated_label():
    """`{% translate "Date of issue" %}: {{ date }}` shows 发证日期: in Chinese; the colon belongs
    inside the message ("Date of issue: %(date)s" → "发证日期：%(date)s")."""
    label_then_colon = re.compile(r"(\{%\s*(trans|translate)\s[^%]*%\}|\{%\s*endblocktrans(late)?\s*%\})\s?[:,;]")
    offenders = [
        f"{path.relative_to(ROOT)}: {match.group()}"
        for path in sorted(ROOT.glob("**/templates/**/*.html"))
        if not SKIP_DIRS & set(path.relative_to(ROOT).parts)
        for match in label_then_colon.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


@pytest.fixture(scope="module")
def compiled_messages():
    """`make` compiles the catalogues; compile here too so the test also runs on a bare pytest,
    then drop the translations this process has already loaded."""
    import gettext

    from asgiref.local import Local
    from django.utils.translation import trans_real

    call_command(
        "compilemessages", locale=["zh_Hans", "en"], ignore_patterns=[".venv", "node_modules", "var"], verbosity=0
    )
    gettext._translations.clear()
    trans_real._translations = {}
    trans_real._default = None
    trans_real._active = Local()


@pytest.mark.django_db
def test_chinese_by_default_and_the_switch_changes_the_language(client, compiled_messages, settings):
    from tests.factories.org import StaffProfileFactory

    settings.LANGUAGE_CODE = "zh-hans"  # the production default; lms.settings.test uses English

    client.force_login(StaffProfileFactory().user)
    html = client.get("/learning/").content.decode()
    assert "我的学习" in html
    assert 'value="en"' in html

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/learning/"})
    assert response.status_code == 302
    html = client.get("/learning/").content.decode()
    assert "My learning" in html
    assert "我的学习" not in html

    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/learning/"})
    assert "我的学习" in client.get("/learning/").content.decode()
