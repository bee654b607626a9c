"""lms.sanitize.sanitize_text: what imports, the API and the phone forms store as plain text."""

import pytest

from lms.sanitize import sanitize_text


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("<script>window.__xss=1</script>甲", "甲"),
        ('<img src=x onerror="window.__xss=1">乙', "乙"),
        # Encoded markup is not decoded into real markup (one or several layers deep).
        ("&lt;img src=x onerror=window.__xss=1&gt;庚", "庚"),
        ("&amp;lt;script&amp;gt;window.__xss=1&amp;lt;/script&amp;gt;辛", "辛"),
    ],
)
def test_no_markup_survives_even_when_it_was_entity_encoded(given, stored):
    assert sanitize_text(given) == stored


@pytest.mark.parametrize("text", ["a < b && c > d", "AT&T 物业", "3 < 5", "';window.__xss=1;//", "{{7*7}}"])
def test_plain_text_with_brackets_and_ampersands_is_kept_as_written(text):
    assert sanitize_text(text) == text


def test_an_encoded_lower_than_is_decoded_once_to_the_character():
    assert sanitize_text("3 &lt; 5") == "3 < 5"


def test_text_encoded_more_often_than_is_ever_typed_stays_encoded_and_tag_free():
    deep = "&amp;" * 1 + "amp;" * 8 + "lt;b&gt;x"
    assert "<" not in sanitize_text(deep)
