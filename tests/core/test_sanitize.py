"""core.sanitize.sanitize_text: what imports, the API and the phone forms store as plain text."""

import pytest

from core.sanitize import sanitize_html, sanitize_text


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


@pytest.mark.parametrize(
    "given",
    [
        '<svg><title>t</title> 前言 <a href="https://example.com">规章</a> <i>条款</i>',
        '<p>甲</p><svg onload="window.__xss=1"><p>乙 <a href="https://example.com">规章</a></p>',
        "<math><mi>x</mi></math> 前言 <a href='https://example.com'>规章</a>",
        '"><SVG/onload=window.__xss=1>前言 <a href="https://example.com">规章</a>',
    ],
)
def test_words_after_an_unclosed_svg_or_math_survive_and_nothing_runs(given):
    """An SVG or MathML tag would make the parser read later tags as foreign elements and drop
    their words with them."""
    cleaned = sanitize_html(given)
    assert "规章" in cleaned
    assert '<a href="https://example.com"' in cleaned
    assert "svg" not in cleaned.lower() and "math" not in cleaned.lower()
    assert "onload" not in cleaned and "<title" not in cleaned
    assert "规章" in sanitize_text(given) and "<" not in sanitize_text(given)
