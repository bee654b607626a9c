"""Sanitising of text that comes from imports, the API and rich-text fields.

nh3 (Rust's ammonia) keeps a small allow-list of formatting tags and strips everything else,
including scripts, event handlers and javascript: URLs."""

import html
import re

import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ul",
    "ol",
    "li",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "code",
    "pre",
    "a",
    "span",
    "sub",
    "sup",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
# Layers of entity encoding sanitize_text peels off (a real text has one at most).
MAX_ROUNDS = 5


# <svg> and <math> open foreign content: the parser then reads <a>, <title>, <style> and the like
# as SVG or MathML elements, which the allow-list drops with their text, so an unclosed <svg>
# in an import would silently delete words after it. Neither is allowed, so their tags are
# removed before parsing and what they held is read as ordinary HTML (and cleaned as such).
FOREIGN_TAG = re.compile(r"</?(?:svg|math)\b[^>]*>?", re.IGNORECASE)


def _clean(value: str, **options) -> str:
    """nh3 after the svg and math tags are gone: every sanitiser here goes through this."""
    return nh3.clean(FOREIGN_TAG.sub("", value), **options)


def sanitize_html(value: str) -> str:
    return _clean(
        value or "", tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes={"http", "https", "mailto"}
    )


def sanitize_text(value: str) -> str:
    """Plain text: no markup survives. Entities are unescaped again because plain text is
    escaped once, on output, by the template engine.

    Unescaping can turn encoded markup (`&lt;img onerror=…&gt;`) into real markup, so the text
    is cleaned again until it no longer changes: what is stored — and sent by the API to clients
    that may not escape it — holds no tag, however many times it was encoded."""
    text = value or ""
    for _round in range(MAX_ROUNDS):
        cleaned = html.unescape(_clean(text, tags=set()))
        if cleaned == text:
            break
        text = cleaned
    else:
        # Still changing after MAX_ROUNDS decodings: keep only what a last clean leaves, encoded.
        text = _clean(text, tags=set())
    return text.strip()
