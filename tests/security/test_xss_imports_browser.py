"""The XSS corpus (tests/security/xss.py) sent in through the imports — question banks (Excel,
GIFT, Moodle XML) and the HR roster (Excel) through their admin upload, preview and confirm
screens, a scenario JSON file then played through the API — and viewed in Chromium at phone width
by the trainer, the trainee, HR and the manager: no script runs and the text is shown."""

import io
import json
import re

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from org.models import StaffProfile
from quizzes.bank_io.excel import HEADERS
from quizzes.models import Question
from scenarios.models import ScenarioPage, ScenarioRun
from tests.browser.helpers import login
from tests.factories.quizzes import QuizPageFactory
from tests.security.xss import (
    CORPUS,
    assert_clean,
    assert_no_script_ran,
    corpus,
    trainer_client,
    words,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


# --- the question-bank imports: Excel, GIFT, Moodle XML --------------------------------------------


def excel_bank(c: list[str]) -> bytes:
    def row(qtype, stem, options=(), answer="", category="导入/分类"):
        opts = list(options)[:6] + [""] * (6 - len(options[:6]))
        return [qtype, stem, *opts, answer, "\n".join(c), category, "中", 1]

    wb = Workbook()
    ws = wb.active
    ws.append(HEADERS)
    ws.append(row("单选", c[0], c[1:7], "A", category=f"{c[2]}/{c[4]}"))
    ws.append(row("简答", c[5]))
    ws.append(row("填空", c[8], answer=c[9]))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def gift_bank(c: list[str]) -> bytes:
    def esc(text: str) -> str:
        for char in "\\~=#{}:":
            text = text.replace(char, "\\" + char)
        return text

    options = " ".join(("=" if i == 0 else "~") + esc(t) for i, t in enumerate(c[1:7]))
    return "\n".join(
        [
            f"$CATEGORY: {esc(c[2])}/{esc(c[4])}",
            "",
            f"::{esc(c[0][:20])}::{esc(c[0])} {{{options} ####{esc(' '.join(c))}}}",
            "",
            f"{esc(c[5])} {{}}",
            "",
            f"{esc(c[8])} {{={esc(c[9])}}}",
            "",
        ]
    ).encode()


def moodle_bank(c: list[str]) -> bytes:
    from xml.sax.saxutils import escape

    def text(value: str) -> str:
        return f"<text><![CDATA[{value}]]></text>"

    answers = "".join(
        f'<answer fraction="{100 if i == 0 else 0}" format="html">{text(t)}<feedback>{text(t)}</feedback></answer>'
        for i, t in enumerate(c[1:7])
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><quiz>'
        f'<question type="category"><category><text>$course$/{escape(c[2])}/{escape(c[4])}</text></category></question>'
        f'<question type="multichoice"><name>{text(c[0][:30])}</name><questiontext format="html">{text(c[0])}'
        f"</questiontext><generalfeedback>{text(' '.join(c))}</generalfeedback><single>true</single>{answers}</question>"
        f'<question type="essay"><name>{text("e")}</name><questiontext format="html">{text(c[5])}</questiontext>'
        f"<generalfeedback>{text(' '.join(c))}</generalfeedback></question>"
        f'<question type="shortanswer"><name>{text("s")}</name><questiontext format="html">{text(c[8])}'
        f'</questiontext><answer fraction="100">{text(c[9])}</answer></question>'
        "</quiz>"
    ).encode()


BANKS = [
    ("excel", "bank.xlsx", excel_bank),
    ("gift", "bank.gift.txt", gift_bank),
    ("moodle_xml", "bank.xml", moodle_bank),
]


def test_xss_corpus_in_imported_question_banks_runs_nowhere(authoring_world, phone, tmp_path):
    world = authoring_world
    login(phone, "trainer")
    for fmt, filename, build in BANKS:
        c = corpus(fmt[0].upper())
        path = tmp_path / filename
        path.write_bytes(build(c))
        assert_no_script_ran(phone, "/admin/quizzes/bank/")
        upload = phone.locator("form[enctype='multipart/form-data']")
        upload.locator("select[name=fmt]").select_option(fmt)
        upload.locator("input[name=file]").set_input_files(path)
        upload.locator("[type=submit]").click()
        phone.wait_for_load_state("networkidle")
        assert_clean(phone, f"{fmt} preview", shows=[f"甲{c[0][-1]}"])
        phone.locator("form[action*='/confirm/'] [type=submit]").click()
        phone.wait_for_load_state("networkidle")
        assert Question.objects.filter(stem__contains=f"甲{fmt[0].upper()}").exists(), fmt
    imported = list(Question.objects.order_by("pk"))
    assert len(imported) == 9
    assert_no_script_ran(phone, "/admin/snippets/quizzes/question/", shows=["甲E", "甲G", "甲M"])
    assert_no_script_ran(phone, "/admin/snippets/quizzes/questioncategory/", shows=["丙E", "丁G", "丙M"])
    assert_no_script_ran(phone, "/admin/quizzes/bank/", shows=["bank.xml"])

    # A quiz of the imported questions, taken by the trainee; explanations shown after hand-in.
    quiz = QuizPageFactory(parent=world.course, title="导入题测验", questions=imported)
    phone.context.clear_cookies()
    login(phone, "trainee")
    assert_no_script_ran(phone, quiz.url)
    phone.click("#quiz-start")
    phone.wait_for_url(re.compile(r"/quizzes/attempts/\d+/$"))
    assert_clean(phone, "attempt", shows=["甲E", "乙G", "辛M"])
    phone.click("#hand-in")
    phone.click("#confirm-submit")
    phone.wait_for_url(re.compile(r"/result/$"))
    assert_clean(phone, "result", shows=[*words("E"), *words("G"), *words("M")])


# --- the scenario JSON import, played through the API ----------------------------------------------


def scenario_json(c: list[str]) -> dict:
    choices = [
        {"key": f"c{i}", "text": t, "target": "mid", "feedback": t, "scores": {"listen": 1}} for i, t in enumerate(c)
    ]
    return {
        "format": "psa-scenario",
        "version": 1,
        "title": c[0],
        "slug": "xss-scenario",
        "intro": "\n".join(c),
        "competencies": [{"code": "listen", "name": c[1][:60], "pass_score": None}],
        "nodes": [
            {"key": "start", "kind": "dialogue", "speaker": "业主", "text": "\n".join(c), "choices": choices},
            {
                "key": "mid",
                "kind": "dialogue",
                "speaker": "业主",
                "text": "\n".join(c),
                "choices": [{"key": "go", "text": "\n".join(c), "target": "end", "feedback": "\n".join(c)}],
            },
            {"key": "end", "kind": "end", "text": "\n".join(c), "outcome": "success", "debrief": "\n".join(c)},
        ],
    }


def test_xss_corpus_in_an_imported_scenario_and_its_play_runs_nowhere(authoring_world, phone, tmp_path):
    world, c = authoring_world, corpus("S")
    admin = trainer_client(world)
    upload = tmp_path / "scenario.json"
    upload.write_text(json.dumps(scenario_json(c), ensure_ascii=False), encoding="utf-8")
    with upload.open("rb") as handle:
        response = admin.post(reverse("scenarios_import"), {"course": world.course.pk, "file": handle})
    assert response.status_code == 302, response.content.decode()[:2000]
    page = ScenarioPage.objects.get(slug="xss-scenario")
    page.get_latest_revision().publish()
    page.refresh_from_db()

    # The trainee plays through the API; a choice key carrying the corpus is refused.
    player = Client()
    player.force_login(world.trainee.user)
    state = player.post(f"/api/v1/scenarios/{page.pk}/runs", "{}", content_type="application/json").json()
    run = state["run"]
    # What the API hands to other clients (which may not escape it) holds no markup at all.
    assert "<" not in json.dumps(state, ensure_ascii=False), state
    for text in CORPUS:
        refused = player.post(
            f"/api/v1/scenarios/runs/{run}/choose", json.dumps({"choice": text}), content_type="application/json"
        )
        assert refused.status_code == 422
    login(phone, "trainee")
    assert_no_script_ran(phone, page.url, shows=words("S"))
    choose = f"/api/v1/scenarios/runs/{run}/choose"
    state = player.post(choose, json.dumps({"choice": "c1"}), content_type="application/json").json()
    assert state["feedback"] == "乙S"
    # Mid-run: the transcript shows the choice taken and its feedback, the next node and choice.
    assert_no_script_ran(phone, page.url, shows=words("S"))
    state = player.post(choose, json.dumps({"choice": "go"}), content_type="application/json").json()
    assert state["status"] == "finished"
    debrief = f"/scenarios/runs/{run}/"
    assert_no_script_ran(phone, debrief, shows=words("S"))
    assert_no_script_ran(phone, page.url, shows=["乙S"])

    phone.context.clear_cookies()
    login(phone, "trainer")
    assert_no_script_ran(phone, "/scenarios/", shows=["甲S"])
    assert_no_script_ran(phone, f"/scenarios/{page.pk}/analytics/", shows=["甲S"])
    assert_no_script_ran(phone, debrief, shows=words("S"))
    assert_no_script_ran(phone, f"/admin/pages/{page.pk}/edit/", shows=["甲S"])
    assert_no_script_ran(phone, f"/admin/scenarios/{page.pk}/diagram/", shows=["甲S"])
    assert_no_script_ran(phone, f"/admin/scenarios/{page.pk}/diagram.svg", shows=["甲S"])
    assert ScenarioRun.objects.get(pk=run).passed

    phone.context.clear_cookies()
    login(phone, "manager")
    assert_no_script_ran(phone, debrief, shows=words("S"))
    assert_no_script_ran(phone, f"/scenarios/{page.pk}/analytics/")


# --- the HR roster import (Excel) -----------------------------------------------------------------


def test_xss_corpus_in_an_imported_roster_runs_nowhere(authoring_world, phone, tmp_path):
    from tests.factories.org import PostFactory
    from tests.org.conftest import xlsx_bytes

    world = authoring_world
    PostFactory(code="kefu", name="客服")
    rows = [
        [f"R{i:03d}", text, "", "客服", world.site_a.code, "", "", "", "", ""] for i, text in enumerate(corpus("H"))
    ]
    # An unknown post: the preview names the bad cell's value in its error.
    rows.append(["R999", "坏行", "", corpus("P")[0], world.site_a.code, "", "", "", "", ""])
    roster = tmp_path / "roster.xlsx"
    roster.write_bytes(xlsx_bytes(rows))

    login(phone, "hr")
    assert_no_script_ran(phone, "/people/import/")
    phone.set_input_files("input[type=file]", str(roster))
    phone.click("form[enctype] button[type=submit]")
    assert_clean(phone, "roster preview", shows=[*words("H"), "甲P"])
    phone.click(".sticky-actions button[type=submit]")
    assert_clean(phone, "roster confirmed", shows=["甲P"])
    assert StaffProfile.objects.filter(employee_number__startswith="R0").count() == len(CORPUS)
    assert_no_script_ran(phone, "/people/?q=R0", shows=words("H"))
    phone.context.clear_cookies()
    login(phone, "manager")
    assert_no_script_ran(phone, "/skills/team/", shows=words("H"))
