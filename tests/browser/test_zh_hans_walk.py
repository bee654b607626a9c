"""A walk in zh-hans of every page the demo's trainee, manager, trainer and HR reach, the Wagtail
admin included (issue #16): no English word may show outside authored content.

Each person starts from their navigation (and, for the trainer and HR, the admin's home and its
sidebar), then follows the links on every page they reach, one page per URL shape (digits stand
for any id), GET only, no downloads. On each page the visible text is collected, except authored
content (a lesson's body, rich text, form fields' values, editable areas, code), and every ASCII
word of three or more letters is flagged unless ALLOWED names it. A screenshot of every page is
saved under the test's tmp_path (printed) for a person to look through."""

import re
from collections import deque

import pytest
from playwright.sync_api import Error as PlaywrightError

from lms.demo import DEMO_PASSWORD
from lms.navigation import navigation_for
from org.selectors import user_role
from tests.browser.helpers import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

USERS = (None, "trainee", "manager", "trainer", "hr")  # None: a visitor, not signed in
PAGES_PER_USER = 150

# Words that are the same in Chinese text, narrowly: brand and format names, and the demo's own
# login names (a person's user name is shown as it is).
ALLOWED = {
    "pdf",
    "excel",
    "api",
    "wecom",
    "sms",
    "csv",
    "xlsx",
    "xml",
    "gift",
    "moodle",
    "twine",
    "twee",
    "json",
    "wagtail",
    "trainee",
    "trainee2",
    "manager",
    "manager2",
    "trainer",
    "zip",
    "gif",
    "jpeg",
    "jpg",
    "png",
    "webp",
    "gbk",
    "utf",
    "html",
    # The language switch names the other language in that language.
    "english",
    # Time zones as the world writes them (the admin's time zone list: GMT+8).
    "gmt",
    "utc",
    # The activation form's example of an onboarding code's shape.
    "abcd",
    "efgh",
}

# Not followed: signing out or switching language, files and downloads, the preview of a page.
SKIP = re.compile(
    r"logout|/i18n/|set_language|download|/export|\.(xlsx|csv|pdf|zip|json|png|jpe?g|svg)(\?|$)|"
    r"^/media/|^/static/|^/documents/|/preview|/api/|/healthz|/sitemap|/cms-api/"
)

# Visible text outside authored content: a text node counts when its element is shown, at least 2 px
# each way (visually hidden screen-reader text is excluded) and within the screen's width (not in a
# menu slid off to the side), plus placeholders, the option a closed list shows and the values of
# input buttons.
VISIBLE_TEXT = """() => {
  const authored = 'script,style,noscript,template,textarea,select,code,pre,[contenteditable],' +
    '.lesson-body,.rich,.richtext,.rich-text,.callout,.case';
  const shown = (el) => {
    if (!el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) return false;
    if (el.closest('.w-sr-only,.sr-only,.visually-hidden')) return false;  // for screen readers only
    const r = el.getBoundingClientRect();  // and not slid off the screen sideways (a closed sidebar)
    return r.width > 2 && r.height > 2 && r.right > 0 && r.left < window.innerWidth;
  };
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const text = walker.currentNode.textContent.trim();
    const el = walker.currentNode.parentElement;
    if (!text || !el || el.closest(authored) || !shown(el)) continue;
    out.push(text);
  }
  for (const el of document.querySelectorAll('[placeholder]')) if (shown(el)) out.push(el.placeholder);
  for (const el of document.querySelectorAll('select')) {  // the option shown in a closed list
    if (shown(el) && !el.multiple) for (const option of el.selectedOptions) out.push(option.text);
  }
  for (const el of document.querySelectorAll('input[type=submit],input[type=button]')) {
    if (shown(el) && el.value) out.push(el.value);
  }
  return out;
}"""

LINKS = """() => {
  const found = Array.from(document.querySelectorAll('a[href]'), (a) => a.getAttribute('href'));
  const sidebar = document.getElementById('wagtail-sidebar-props');
  if (sidebar) for (const m of sidebar.textContent.matchAll(/"url":\\s*"([^"]+)"/g)) found.push(m[1]);
  return found;
}"""

# No words: e-mail addresses, URLs and paths; a template's placeholders ({name}, %(name)s); a
# model's label (courses.coursepage); an example of what to type, quoted (“total >= 5 and
# flag:called_119”).
NOT_WORDS = re.compile(
    r"\S+@\S+|https?://\S+|www\.\S+|[\w.-]*/[\w/.-]+|\{[\w.]+\}|%\(\w+\)s|\b[a-z_]+\.[a-z_]+\b|“[\x00-\x7f]*?”"
)

# English that Wagtail 8 prints itself, not from a message: the aging-pages report names a page's
# last publisher "None" when no user published it (the demo publishes through code).
WAGTAIL_PRINTS = {"/admin/reports/aging-pages/": {"None"}}
WORD = re.compile(r"[A-Za-z0-9_]+")


def english_words(texts: list[str], *, also_allowed: set[str]) -> dict[str, str]:
    """ASCII words of three or more letters not in ALLOWED, each with the text it was found in;
    a token with digits (an employee number, a code) is not a word."""
    words = {}
    for text in texts:
        for token in WORD.findall(NOT_WORDS.sub(" ", text)):
            if len(token) < 3 or not token.isalpha() or token.lower() in ALLOWED | also_allowed:
                continue
            words.setdefault(token, text[:80])
    return words


def _content_words() -> set[str]:
    """Authored content that shows on admin listings and reports as it was typed: the codes of
    competencies, areas, posts and sites, page slugs, a scenario's node keys, and
    certificates' verification codes, and the words of the demo's course content written in English
    (the LEARN model)."""
    from wagtail.models import Page

    from certificates.models import Certificate
    from drills.models import DrillType
    from operations.models import OutcomeCategory
    from org.models import Post, Site, SiteType
    from scenarios.models import ScenarioPage
    from skills.models import Competency, CompetencyArea

    words = {"learn"}
    for code in Certificate.objects.values_list("code", flat=True):  # "6BD62Z1uQJ-vaeT-": each part
        words.update(part.lower() for part in WORD.findall(code))
    for model in (Competency, CompetencyArea, Post, Site, SiteType, DrillType, OutcomeCategory):
        for code in model.objects.values_list("code", flat=True):
            words.update(part.lower() for part in re.split(r"[-_]", code))
    for slug in Page.objects.values_list("slug", flat=True):
        words.update(part.lower() for part in re.split(r"[-_]", slug))
    for scenario in ScenarioPage.objects.all():  # node keys, flags and conditions: ASCII-only values
        for value in _strings([scenario.nodes.raw_data[:], scenario.competencies.raw_data[:]]):
            if value.isascii():
                words.update(word.lower() for word in WORD.findall(value.replace("_", " ")))
    return words


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def _shape(path: str) -> str:
    return re.sub(r"\d+", "N", path)


def _starts(username: str | None) -> list[str]:
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    if username is None:  # a visitor: signing in, a first sign-in with the slip's code, recovery
        return ["/accounts/login/", "/admin/login/", reverse("accounts:activate"), reverse("accounts:recover")]

    role = user_role(get_user_model().objects.get(username=username))
    starts = [str(url) for url, _label in navigation_for(role)]
    starts += [reverse("notifications:inbox"), reverse("notifications:channels")]
    pages = _one_page_of_each_type()
    if username in ("trainee", "trainer"):
        starts += [page.url for page in pages]
    if username in ("trainer", "hr"):
        starts += ["/admin/", *(f"/admin/pages/{page.pk}/edit/" for page in pages)]
    return starts


def _one_page_of_each_type():
    """A live page of each type (the course catalogue, a course, a lesson, a quiz, a scenario)."""
    from wagtail.models import Page

    pages = []
    for content_type in Page.objects.live().filter(depth__gt=2).values_list("content_type", flat=True).distinct():
        page = Page.objects.live().filter(content_type=content_type).order_by("path").first()
        if page is not None:
            pages.append(page.specific)
    return pages


def _walk(page, username: str | None, shots, seen: set[str], counter: list[int], content: set[str]) -> dict[str, dict]:
    """Visit the pages `username` reaches (shapes in `seen` are skipped); {url: English words}."""
    if username is not None:
        login(page, username, DEMO_PASSWORD)
    found: dict[str, dict] = {}
    starts = _starts(username)
    queue = deque(starts)
    mine: set[str] = set()  # a person's own starting pages are walked even if another walked them
    visited = 0
    while queue and visited < PAGES_PER_USER:
        url = queue.popleft()
        path = url.split("#")[0]
        if not path.startswith("/") or path.startswith("//") or "?" in path or SKIP.search(path):
            continue
        if path in mine or (_shape(path) in seen and path not in starts):
            continue
        mine.add(path)
        seen.add(_shape(path))
        try:
            response = page.goto(path)
        except PlaywrightError as error:  # a download: not a page
            print(f"not a page: {path} ({str(error).splitlines()[0]})")
            continue
        if response is None or response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
            continue
        page.wait_for_load_state("load")
        if username is not None and "/accounts/login/" in page.url:
            continue
        if username is not None and "/admin/login/" in page.url:
            # A signed-in person sent to a sign-in page has lost their session or their role's
            # rights (a flushed database once took the HR admins' admin access). Signing in again
            # tells the two apart: a lost session (seen once in CI, after 29 of the trainer's
            # pages, not reproduced) is printed; rights that are gone fail the walk.
            login(page, username, DEMO_PASSWORD)
            page.goto(path)
            page.wait_for_load_state("load")
            if "/admin/login/" in page.url:
                found[path] = {"sent-to-sign-in": page.url}
                continue
            print(f"{username}: session lost before {path}; signed in again")
        visited += 1
        counter[0] += 1
        name = re.sub(r"[^\w]+", "-", path).strip("-") or "home"
        page.screenshot(path=shots / f"{counter[0]:03d}-{username or 'visitor'}-{name}.png", full_page=True)
        words = english_words(page.evaluate(VISIBLE_TEXT), also_allowed={username or "", *content})
        for word in WAGTAIL_PRINTS.get(path, ()):
            words.pop(word, None)
        if words:
            found[path] = words
        # Course pages are walked through _starts, one of each type, not one by one.
        queue.extend(link for link in page.evaluate(LINKS) if not link.startswith("/courses/"))
    print(f"{username or 'visitor'}: {visited} pages")
    return found


def test_no_english_words_on_any_page_in_zh_hans(phone, full_demo, live_server, tmp_path):
    shots = tmp_path / "zh-hans-walk"
    shots.mkdir()
    print(f"screenshots: {shots}")
    seen: set[str] = set()
    counter = [0]
    content = _content_words()
    english = {}
    for username in USERS:
        phone.context.clear_cookies()
        phone.context.add_cookies([{"name": "django_language", "value": "zh-hans", "url": live_server.url}])
        english.update(
            {
                f"{username or 'visitor'} {url}": words
                for url, words in _walk(phone, username, shots, seen, counter, content).items()
            }
        )
    report = "\n".join(
        f"{page}: " + "; ".join(f"{word} «{text}»" for word, text in sorted(words.items()))
        for page, words in sorted(english.items())
    )
    print(f"{counter[0]} pages, {sum(len(w) for w in english.values())} English words on {len(english)} pages")
    assert counter[0] > 40
    assert english == {}, "\n" + report
