"""Wagtail's admin sign-in page names the password field in the reader's language: its own form
has no label for it, so Django showed the field name, "Password", to a Chinese reader too."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "label", "other"), [("zh-hans", "密码", "Password"), ("en", "Password", "密码")])
def test_the_admin_sign_in_page_labels_the_password_in_the_readers_language(client, language, label, other):
    client.cookies["django_language"] = language
    page = client.get("/admin/login/").content.decode()
    assert f">{label}<" in page.replace("\n", "").replace("  ", "")
    assert f">{other}<" not in page.replace("\n", "").replace("  ", "")
