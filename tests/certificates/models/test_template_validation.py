import pytest
from django.core.exceptions import ValidationError

from certificates.placeholders import template_text_errors, template_text_fill
from tests.factories.certificates import CertificateTemplateFactory

pytestmark = pytest.mark.django_db


def test_a_template_with_known_placeholders_and_simple_markup_saves():
    template = CertificateTemplateFactory.build(
        body="<p>兹证明 <strong>{name}</strong>（{employee_number}，{site} {post}）于 {date} 完成 {achievement}。"
        "成绩 {score}，有效期至 {expiry}。<br>签发：{signatory}，编号 {code}</p>"
    )
    template.full_clean()


def test_an_unknown_placeholder_is_refused_with_its_name():
    template = CertificateTemplateFactory.build(body="<p>{name} 的 {salary}</p>")
    with pytest.raises(ValidationError) as error:
        template.full_clean()
    messages = error.value.message_dict["body"]
    assert any("{salary}" in message for message in messages)


def test_an_unknown_placeholder_in_the_title_is_refused():
    template = CertificateTemplateFactory.build(title="{company} 证书")
    with pytest.raises(ValidationError) as error:
        template.full_clean()
    assert "{company}" in error.value.message_dict["title"][0]


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ("<p>{name}", "<p>"),
        ("<p><strong>{name}</p></strong>", "</p>"),
        ("{name}</em>", "</em>"),
        ('<p><img src="http://evil.example/x.png"></p>', "<img>"),
        ("<p><script>alert(1)</script></p>", "<script>"),
        ('<p style="background:url(http://x)">{name}</p>', "style"),
    ],
)
def test_broken_or_unsafe_markup_is_refused_naming_the_tag(body, named):
    errors = template_text_errors(body)
    assert errors
    assert any(named in message for message in errors), errors


def test_a_stray_brace_is_refused():
    assert template_text_errors("<p>{name} {</p>")
    assert template_text_errors("<p>name}</p>")


def test_attribute_access_in_a_placeholder_is_an_unknown_placeholder():
    errors = template_text_errors("<p>{name.__class__}</p>")
    assert any("{name.__class__}" in message for message in errors)


def test_filling_escapes_values():
    assert template_text_fill("<p>{name}</p>", {"name": "<b>王</b>"}) == "<p>&lt;b&gt;王&lt;/b&gt;</p>"
