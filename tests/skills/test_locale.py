import re
from pathlib import Path

import pytest

CATALOGUE = Path(__file__).resolve().parents[2] / "skills" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def test_every_skills_message_has_a_chinese_translation_and_none_is_fuzzy():
    text = CATALOGUE.read_text(encoding="utf-8")
    entries = [e for e in text.split("\n\n")[1:] if "msgid" in e]
    assert len(entries) > 250
    untranslated = [e for e in entries if re.search(r'msgstr ""\s*$', e)]
    assert untranslated == []
    assert "#, fuzzy" not in text


@pytest.mark.django_db
def test_the_dashboard_speaks_chinese_by_default(client, world):
    client.force_login(world.manager_a.user)
    html = client.get("/skills/team/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "技能矩阵" in html and "待审批晋级" in html
