"""The XSS corpus, the browser check and the helpers that send the corpus in, shared by
test_xss_browser.py and test_xss_imports_browser.py.

Each payload carries a visible word (甲, 乙, …) followed by a tag naming the way it came in (e.g.
"甲L" for the lesson authored in the admin). Whether the app strips the markup on input
(core.sanitize) or escapes it on output, that word must still be on the page: the check proves the
content was rendered, not silently dropped, and that nothing in it ran."""

import json

from django.test import Client

TAG = "§"
PAYLOADS = [
    "<script>window.__xss=1</script>甲§",
    '<img src=x onerror="window.__xss=1">乙§',
    # An unclosed <svg> once made nh3 drop the words of later tags (foreign content);
    # core.sanitize now removes svg and math tags first (tests/lms/test_sanitize.py).
    '"><svg onload="window.__xss=1">丙§</svg>',
    "javascript:window.__xss=1",
    '<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>丁§',
    "';window.__xss=1;//戊§",
    '{{7*7}}<a href="javascript:window.__xss=1">己§</a>',
    # Entity-encoded markup: a sanitiser that unescapes after cleaning stores it as real markup.
    "&lt;img src=x onerror=window.__xss=1&gt;庚§",
    # Breaks out of a textarea or a title element when an answer or a title is put back in one.
    "</textarea></title><img src=x onerror=window.__xss=1>辛§",
    '<a href=" JaVaScRiPt:window.__xss=1">壬§</a>',
]
WORDS = "甲乙丙丁戊己庚辛壬"


def corpus(tag: str = "") -> list[str]:
    """The payloads with their visible words tagged, e.g. corpus("Q") → [..., "…甲Q", ...]."""
    return [payload.replace(TAG, tag) for payload in PAYLOADS]


def words(tag: str) -> list[str]:
    """The visible words of corpus(tag): what must be readable wherever the corpus is shown."""
    return [f"{word}{tag}" for word in WORDS]


CORPUS = corpus()

# Anything a payload could have planted: a handler attribute, a javascript: URL, an iframe srcdoc.
_PLANTED = """() => {
  const found = [];
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      const value = attr.value.replace(/[\\s\\u0000-\\u001f]/g, "").toLowerCase();
      if (name.startsWith("on") && attr.value.includes("__xss")) found.push(`${el.tagName} ${name}`);
      if (["href", "src", "action", "formaction", "xlink:href", "data"].includes(name)
          && value.startsWith("javascript:")) found.push(`${el.tagName} ${name}=${attr.value}`);
      if (name === "srcdoc") found.push(`${el.tagName} srcdoc`);
    }
  }
  return found;
}"""

_MISSING = """(wanted) => {
  const fields = Array.from(document.querySelectorAll("input, textarea")).map((e) => e.value);
  const text = [(document.body || document.documentElement).textContent, document.title, ...fields].join("\\n");
  return wanted.filter((w) => !text.includes(w));
}"""


def _watch_dialogs(page) -> None:
    """Record every dialog the page opens (and dismiss it), once per browser context."""
    context = page.context
    if not hasattr(context, "xss_dialogs"):
        context.xss_dialogs = []
        context.on("dialog", lambda d: (context.xss_dialogs.append(d.message), d.dismiss()))


def assert_no_script_ran(page, path: str, shows: list[str] | tuple[str, ...] = ()) -> None:
    """Open `path`: it answers, no dialog opens, no injected script sets window.__xss, no handler
    or javascript: URL from the corpus is in the DOM, and every string of `shows` is readable
    on the page (as text — shown or on a step not yet reached —, the title, or a form field's value)."""
    _watch_dialogs(page)
    response = page.goto(path)
    assert response is not None and response.status < 400, (path, response and response.status)
    assert_clean(page, path, shows)


def assert_clean(page, where: str, shows: list[str] | tuple[str, ...] = ()) -> None:
    """The checks of assert_no_script_ran on the page as it is now (after a form post, or
    content set directly)."""
    _watch_dialogs(page)
    page.wait_for_load_state("networkidle")
    assert not page.context.xss_dialogs, (where, page.context.xss_dialogs)
    assert page.evaluate("window.__xss === undefined"), where
    assert page.evaluate(_PLANTED) == [], where
    missing = page.evaluate(_MISSING, list(shows))
    assert not missing, f"not shown on {where}: {missing}"


# --- helpers to send the corpus in -----------------------------------------------------------------


def contentstate(texts: list[str]) -> str:
    """Draftail's JSON as the editor posts it: one paragraph per text, the first character of each
    linked to a javascript: URL (what a tampered request could send)."""
    blocks, entities = [], {}
    for i, text in enumerate(texts):
        entities[str(i)] = {"type": "LINK", "mutability": "MUTABLE", "data": {"url": "javascript:window.__xss=1"}}
        blocks.append(
            {
                "key": f"b{i}",
                "type": "unstyled",
                "depth": 0,
                "text": text,
                "inlineStyleRanges": [],
                "entityRanges": [{"offset": 0, "length": 1, "key": i}],
            }
        )
    return json.dumps({"blocks": blocks, "entityMap": entities})


def listblock(values: list) -> dict:
    return {
        "count": str(len(values)),
        **{str(i): {"value": v, "deleted": "", "order": str(i), "id": ""} for i, v in enumerate(values)},
    }


def admin_post(client: Client, url: str, data: dict, *, expect_saved: bool = True):
    response = client.post(url, data)
    if expect_saved and (response.status_code != 302 or "/login/" in response["Location"]):
        form = response.context.get("form") if response.context else None
        formsets = {k: [f.errors for f in fs.forms] for k, fs in getattr(form, "formsets", {}).items()}
        raise AssertionError(f"{url} refused: {response.status_code} {form.errors if form else ''} {formsets}")
    return response


def trainer_client(world) -> Client:
    client = Client()
    client.force_login(world.trainer.user)
    return client


def answer_each_question(phone, *, essay: str = "", fill_in: str = "") -> None:
    """Answer the paper one question at a time, as the player shows it, waiting for each save."""
    count = phone.locator("section.question").count()
    for i in range(count):
        current = phone.locator("section.question.current")
        kind = current.get_attribute("data-type")
        if kind == "essay" and essay:
            current.locator("textarea").fill(essay)
        elif kind == "fill_in" and fill_in:
            current.locator("input[type=text]").fill(fill_in)
        else:
            current.locator("label").first.click()
        current.locator(".save-status.saved").wait_for()
        if i < count - 1:
            phone.click("#next-question")
