"""Twine stories as scenario documents: Twee 3 source (`:: Passage [tags] {metadata}`) and the HTML
Twine 2 publishes (`<tw-storydata>` with `<tw-passagedata>`), turned into the JSON document of
docs/scenario-schema.md, which scenarios.services.scenario_import then checks and saves like any
other file. Nothing is written here.

Passages become nodes, the start passage the first node; links become choices, in the four forms
Twine knows: [[text->target]], [[target<-text]], [[text|target]] and [[target]]. A passage
without links is an ending: its tag success, partial or fail (成功, 部分, 失败) gives the outcome.
What a scenario has no room for is left out and reported by passage: macros of any story format
((set:), <<set>>, <% %>), variables, hooks, images, links that set variables, links to no
passage, passages the start cannot reach, special passages, the story's script and stylesheet."""

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.utils.translation import gettext as _

from core.sanitize import sanitize_text
from scenarios.schema import FORMAT, VERSION

SPECIAL = {
    "StoryTitle",
    "StoryData",
    "StoryInit",
    "StoryCaption",
    "StoryMenu",
    "StoryBanner",
    "StorySubtitle",
    "StoryAuthor",
    "StoryInterface",
    "StoryShare",
    "PassageReady",
    "PassageDone",
    "PassageHeader",
    "PassageFooter",
}
SPECIAL_TAGS = {"script", "stylesheet", "widget", "header", "footer", "startup", "debug-header", "debug-footer"}
OUTCOME_TAGS = {"success": "success", "成功": "success", "partial": "partial", "部分": "partial"}
OUTCOME_TAGS |= {"fail": "fail", "failure": "fail", "失败": "fail"}
LINK = re.compile(r"\[\[((?:[^\]]|\](?!\]))+)\]\]")
HARLOWE_MACRO = re.compile(r"\(([A-Za-z][\w-]*):")
SUGARCUBE_MACRO = re.compile(r"<<(/?)([A-Za-z=-][\w-]*)?[^>]*>>")
SNOWMAN = re.compile(r"<%[\s\S]*?%>")
IMAGE = re.compile(r"<img\b[^>]*>|!\[[^\]]*\]\([^)]*\)|\[img\[[^\]]*\](?:\[[^\]]*\])?\]", re.I)
VARIABLE = re.compile(r"(?<![\w$])\$[A-Za-z_]\w*")
KEY_CHARS = re.compile(r"[^A-Za-z0-9_-]+")


class NotTwine(ValueError):
    """The file is neither Twee 3 nor Twine 2 HTML."""


@dataclass
class Passage:
    name: str
    tags: list[str]
    text: str


@dataclass
class Story:
    title: str = ""
    start: str = ""
    format: str = ""  # the story format: Harlowe, SugarCube, Snowman, Chapbook
    passages: list[Passage] = field(default_factory=list)
    has_code: bool = False  # a story JavaScript or stylesheet


@dataclass
class TwineImport:
    document: dict
    notes: list[str] = field(default_factory=list)


# --- reading the two file forms ---------------------------------------------------------------


def _unescape_name(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def parse_twee(text: str) -> Story:
    """Twee 3: `:: Name [tag tag] {"position": …}` opens a passage; StoryTitle and StoryData
    (JSON with "start") describe the story."""
    story, current = Story(), None
    header = re.compile(r"^::\s*((?:\\.|[^\\\[{])*?)\s*(?:\[((?:\\.|[^\]])*)\])?\s*(\{.*\})?\s*$")
    for line in text.splitlines():
        found = header.match(line) if line.startswith("::") else None
        if found:
            name = _unescape_name(found.group(1).strip())
            current = Passage(name=name, tags=(found.group(2) or "").split(), text="")
            story.passages.append(current)
        elif current is not None:
            current.text += line + "\n"
    for passage in story.passages:
        passage.text = passage.text.strip("\n")
    data = next((p for p in story.passages if p.name == "StoryData"), None)
    if data is not None:
        try:
            meta = json.loads(data.text or "{}")
            story.start, story.format = str(meta.get("start", "")), str(meta.get("format", ""))
        except (ValueError, AttributeError):
            story.start = ""
    title = next((p for p in story.passages if p.name == "StoryTitle"), None)
    story.title = title.text.strip() if title else ""
    story.has_code = any({"script", "stylesheet"} & set(p.tags) for p in story.passages)
    story.start = story.start or ("Start" if any(p.name == "Start" for p in story.passages) else "")
    return story


class _StoryHTML(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.story, self.stories = Story(), 0
        self._pid_start, self._pids, self._passage, self._inside = "", {}, None, ""

    def handle_starttag(self, tag, attrs):
        values = {k: v or "" for k, v in attrs}
        if tag == "tw-storydata":
            self.stories += 1
            if self.stories == 1:
                self.story.title, self._pid_start = values.get("name", ""), values.get("startnode", "")
                self.story.format = values.get("format", "")
        elif self.stories == 1 and tag == "tw-passagedata":
            self._passage = Passage(name=values.get("name", ""), tags=values.get("tags", "").split(), text="")
            self._pids[values.get("pid", "")] = self._passage.name
        elif self.stories == 1 and tag in ("style", "script") and values.get("role") in ("stylesheet", "script"):
            self._inside = tag

    def handle_endtag(self, tag):
        if tag == "tw-passagedata" and self._passage is not None:
            self.story.passages.append(self._passage)
            self._passage = None
        elif tag == self._inside:
            self._inside = ""

    def handle_data(self, data):
        if self._passage is not None:
            self._passage.text += data
        elif self._inside and data.strip():
            self.story.has_code = True

    def close(self):
        super().close()
        self.story.start = self._pids.get(self._pid_start, "")


def parse_twine_html(text: str) -> tuple[Story, int]:
    """A published Twine 2 story (or a library archive: the first story); returns it and how many
    stories the file holds."""
    reader = _StoryHTML()
    reader.feed(text)
    reader.close()
    return reader.story, reader.stories


# --- passages as nodes ------------------------------------------------------------------------


def _link(body: str) -> tuple[str, str]:
    """(text, target) of a link body, as Twine reads it: the rightmost ->, the leftmost <-, then |."""
    if "->" in body:
        text, target = body.rsplit("->", 1)
    elif "<-" in body:
        target, text = body.split("<-", 1)
    elif "|" in body:
        text, target = body.split("|", 1)
    else:
        text = target = body
    return text.strip(), target.strip()


def _closing(text: str, start: int, pair: str) -> int:
    """The index just after the bracket that closes the one at `start` (or the end of the text)."""
    depth, i = 0, start
    while i < len(text):
        depth += {pair[0]: 1, pair[1]: -1}.get(text[i], 0)
        i += 1
        if depth == 0:
            break
    return i


NAMED_OPEN = re.compile(r"\|[A-Za-z_]\w*>\[")
NAMED_CLOSE = re.compile(r"<[A-Za-z_]\w*\|")


def _harlowe(text: str, macros: list[str]) -> tuple[str, bool]:
    """Harlowe's macros are left out (their names collected); the words of its hooks — the
    [brackets] after a macro, |name>[…] and […]<name| — are kept, without the brackets.
    Links are placeholders by now, so every bracket left is a hook's or the author's."""
    out, i, hooks = [], 0, False
    while i < len(text):
        macro = HARLOWE_MACRO.match(text, i)
        named = NAMED_OPEN.match(text, i)
        if macro:
            macros.append(f"({macro.group(1).lower()}:)")
            i = _closing(text, i, "()")
            while i < len(text) and text[i] in " \t":
                i += 1
            if i < len(text) and text[i] == "[":
                end = _closing(text, i, "[]")
                inner, _nested = _harlowe(text[i + 1 : end - 1], macros)
                out.append(inner)
                hooks, i = True, end
        elif named or (text[i] == "[" and NAMED_CLOSE.match(text, _closing(text, i, "[]"))):
            start = named.end() - 1 if named else i
            end = _closing(text, start, "[]")
            inner, _nested = _harlowe(text[start + 1 : end - 1], macros)
            out.append(inner)
            hooks, i = True, end
            tail = NAMED_CLOSE.match(text, i)
            i = tail.end() if tail else i
        else:
            out.append(text[i])
            i += 1
    return "".join(out), hooks


@dataclass
class _Node:
    text: str
    links: list[tuple[str, str, bool]]  # (text, target passage, sets variables)


def _read_passage(passage: Passage, notes: list[str], *, harlowe: bool) -> _Node:
    """The passage's words and links; what cannot be carried over is noted."""
    links: list[tuple[str, str, bool]] = []

    def keep_link(match: re.Match) -> str:
        body, setter, _setting = match.group(1).partition("][")  # SugarCube: [[text|target][$x to 1]]
        links.append((*_link(body), bool(setter)))
        return f"\x00{len(links) - 1}\x00"

    text = LINK.sub(keep_link, passage.text)
    macros: list[str] = []
    text, images = IMAGE.subn("", text)
    text, scripts = SNOWMAN.subn("", text)
    text = SUGARCUBE_MACRO.sub(lambda m: macros.append(f"<<{m.group(2) or ''}>>") or "", text)
    text, hooks = _harlowe(text, macros) if harlowe else (text, False)
    variables = sorted(set(VARIABLE.findall(text)))
    name = passage.name
    if macros or scripts:
        listed = ", ".join(dict.fromkeys(macros + (["<% %>"] if scripts else [])))
        notes.append(_("Passage “%(passage)s”: macros %(macros)s were left out.") % {"passage": name, "macros": listed})
    if variables:
        notes.append(
            _("Passage “%(passage)s”: variables %(variables)s are not kept; the text shows them as written.")
            % {"passage": name, "variables": ", ".join(variables)}
        )
    if hooks:
        notes.append(_("Passage “%(passage)s”: hooks are shown as plain text, always.") % {"passage": name})
    if images:
        notes.append(_("Passage “%(passage)s”: images were left out; add them in the editor.") % {"passage": name})
    for link_text, _target, setter in links:
        if setter:
            notes.append(
                _("Passage “%(passage)s”: the link “%(link)s” sets variables; only the link was kept.")
                % {"passage": name, "link": link_text}
            )
    lines = []
    for line in text.splitlines():
        if re.fullmatch(r"(\s|\x00\d+\x00)*", line):
            continue  # a line of links only: they become the choices
        lines.append(re.sub(r"\x00(\d+)\x00", lambda m: links[int(m.group(1))][0], line).rstrip())
    body = sanitize_text("\n".join(lines))
    return _Node(text=re.sub(r"\n{3,}", "\n\n", body).strip(), links=links)


def _keys(names: list[str]) -> dict[str, str]:
    """A node key for each passage name: the name itself when it is a valid key, else a slug of
    it, else p1, p2 …; unique."""
    keys, taken = {}, set()
    for number, name in enumerate(names, start=1):
        key = KEY_CHARS.sub("-", name).strip("-")[:40] or f"p{number}"
        base, n = key, 1
        while key in taken:
            n += 1
            key = f"{base[: 40 - len(str(n)) - 1]}-{n}"
        keys[name] = key
        taken.add(key)
    return keys


def _reachable(start: str, nodes: dict[str, _Node]) -> list[str]:
    seen, todo = [start], [start]
    while todo:
        for _text, target, _setter in nodes[todo.pop()].links:
            if target in nodes and target not in seen:
                seen.append(target)
                todo.append(target)
    return seen


def story_to_scenario(story: Story, *, fallback_title: str) -> TwineImport:
    """The scenario document of a story, and what could not be carried over."""
    notes: list[str] = []
    playable = []
    for passage in story.passages:
        special = passage.name in SPECIAL or set(passage.tags) & SPECIAL_TAGS
        if special and passage.name not in ("StoryTitle", "StoryData"):
            if not {"script", "stylesheet"} & set(passage.tags):
                notes.append(
                    _("Passage “%(passage)s” is a story format's special passage and was left out.")
                    % {"passage": passage.name}
                )
        elif not special:
            playable.append(passage)
    if story.has_code:
        notes.append(_("The story's JavaScript and stylesheet were left out."))
    by_name = {p.name: p for p in playable}
    start = story.start if story.start in by_name else (playable[0].name if playable else "")
    harlowe = story.format.lower() in ("", "harlowe")  # "(name:" is a macro only in Harlowe
    read = {name: _read_passage(passage, notes, harlowe=harlowe) for name, passage in by_name.items()}
    order = _reachable(start, read) if start else []
    for passage in playable:
        if passage.name not in order:
            notes.append(
                _("Passage “%(passage)s” cannot be reached from the start and was left out.")
                % {"passage": passage.name}
            )
    keys = _keys(order)
    renamed = [f"{name} → {key}" for name, key in keys.items() if name != key]
    if renamed:
        notes.append(_("Passage names that are not node keys became: %(names)s.") % {"names": "; ".join(renamed)})
    nodes = []
    for name in order:
        node, passage = read[name], by_name[name]
        choices = []
        for link_text, target, _setter in node.links:
            if target not in keys:
                notes.append(
                    _("Passage “%(passage)s”: the link to “%(target)s” leads to no passage and was left out.")
                    % {"passage": name, "target": target}
                )
                continue
            choices.append({"key": f"c{len(choices) + 1}", "text": link_text or target, "target": keys[target]})
        outcome = next((OUTCOME_TAGS[t.lower()] for t in passage.tags if t.lower() in OUTCOME_TAGS), "")
        if not choices and not outcome:
            outcome = "partial"
            notes.append(
                _("Passage “%(passage)s” is an ending without a tag success, partial or fail: it was set to partial.")
                % {"passage": name}
            )
        kind = "end" if not choices else ("dialogue" if "dialogue" in passage.tags else "situation")
        nodes.append(
            {
                "key": keys[name],
                "kind": kind,
                "text": node.text,
                "outcome": outcome if kind == "end" else "",
                "choices": choices,
            }
        )
    title = sanitize_text(story.title)[:255] or fallback_title
    return TwineImport(document={"format": FORMAT, "version": VERSION, "title": title, "nodes": nodes}, notes=notes)


def twine_import(raw: bytes, *, filename: str) -> TwineImport:
    """A Twee 3 or Twine 2 HTML file as a scenario document; NotTwine for anything else."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise NotTwine(_("A Twine file must be UTF-8 text.")) from exc
    fallback = re.sub(r"\.(twee|tw|html?|txt)$", "", filename, flags=re.I) or "Twine"
    if "<tw-storydata" in text:
        story, count = parse_twine_html(text)
        result = story_to_scenario(story, fallback_title=fallback)
        if count > 1:
            result.notes.insert(
                0, _("The file holds %(count)s stories; only the first was imported.") % {"count": count}
            )
        return result
    if re.search(r"^::", text, re.M):
        return story_to_scenario(parse_twee(text), fallback_title=fallback)
    raise NotTwine(_("This is neither a Twee 3 file nor a story published from Twine 2."))
