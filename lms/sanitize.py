"""Sanitising of text that comes from imports, the API and rich-text fields.

nh3 (Rust's ammonia) keeps a small allow-list of formatting tags and strips everything else,
including scripts, event handlers and javascript: URLs."""

import html

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


def sanitize_html(value: str) -> str:
    return nh3.clean(
        value or "", tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes={"http", "https", "mailto"}
    )


def sanitize_text(value: str) -> str:
    """Plain text: no markup survives. Entities are unescaped again because plain text is
    escaped once, on output, by the template engine."""
    return html.unescape(nh3.clean(value or "", tags=set())).strip()
