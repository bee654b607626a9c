"""An XSS corpus (tests/security/xss.py) sent in through every way text enters the academy — the
Wagtail admin (course, lesson blocks, questions, quiz, certificate template), the question-bank
imports (Excel, GIFT, Moodle XML), the scenario JSON import, the quiz answer endpoints and the
API (roster sync, scenario play) — then viewed in Chromium at phone width as a trainee, a trainer
(also in the admin), a manager and an HR admin: no script runs (no dialog, no flag set by an
injected handler, no javascript: URL), and the text is shown, so it was not silently dropped.

Some rows are also stored unsanitised, as if from an older import, so output escaping is tested
on its own."""

import io
import json
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook
from wagtail.models import APIToken
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from certificates.models import CertificateTemplate
from certificates.rendering import certificate_html
from courses.models import CourseEnrolment, CoursePage, LessonPage, Programme
from courses.services import course_enrol, programme_assign
from org.models import StaffProfile
from org.services import staff_role_sync
from quizzes.bank_io.excel import HEADERS
from quizzes.models import AttemptAnswer, Question, QuestionCategory, QuizPage
from scenarios.models import ScenarioPage, ScenarioRun
from skills.models import CourseReaction
from tests.conftest import login
from tests.courses.wagtail_base import base_data
from tests.factories.certificates import CertificateFactory
from tests.factories.quizzes import QuizPageFactory
from tests.factories.skills import RubricFactory
from tests.security.xss import CORPUS, assert_clean, assert_no_script_ran, corpus, words

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RICH_FEATURES = ["bold", "italic", "h3", "h4", "ol", "ul", "link", "hr"]


@pytest.fixture
def xworld(world):
    """The security world, with the trainer's groups and their question-bank and certificate
    permissions as the migrations give them (another worker's flush may have removed them)."""
    from django.contrib.auth.models import Group, Permission

    base_data()
    authoring = Permission.objects.filter(
        content_type__app_label__in=["quizzes", "certificates"],
        content_type__model__in=["question", "questioncategory", "questionimport", "certificatetemplate"],
    )
    for group in Group.objects.filter(name__in=["Editors", "Moderators"]):
        group.permissions.add(*authoring)
    staff_role_sync(profile=world.trainer)
    return world


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


# --- the Wagtail admin: course, lesson, certificate template ---------------------------------------


def test_xss_corpus_authored_in_the_wagtail_admin_runs_nowhere(xworld, phone):
    world, c = xworld, corpus("L")
    admin = trainer_client(world)
    catalog = world.course.get_parent()
    admin_post(
        admin,
        reverse("wagtailadmin_pages:add", args=["courses", "coursepage", catalog.pk]),
        nested_form_data(
            {
                "title": c[1],
                "slug": "xss-course",
                "summary": c[2],
                "subject_area": "complaints",
                "kind": "onboarding",
                "estimated_hours": "1.0",
                "intro": contentstate(c),
                "objectives": inline_formset([{"text": t} for t in c], min=1),
                "follow_up_months": "1,3,6",
                "comments": inline_formset([]),
                "action-publish": "publish",
            }
        ),
    )
    course = CoursePage.objects.get(slug="xss-course")
    block_data = [
        ("paragraph", contentstate(c)),
        ("key_points", {"title": c[0], "points": listblock(c)}),
        ("procedure", {"title": c[1], "steps": listblock([{"title": t, "detail": t} for t in c])}),
        ("checklist", {"title": c[2], "items": listblock(c)}),
        (
            "case_study",
            {"title": c[4], "situation": contentstate(c), "actions": listblock(c), "lesson": contentstate(c)},
        ),
        ("callout", {"kind": "warning", "text": contentstate(c)}),
    ]
    admin_post(
        admin,
        reverse("wagtailadmin_pages:add", args=["courses", "lessonpage", course.pk]),
        nested_form_data(
            {
                "title": c[0],
                "slug": "xss-lesson",
                "estimated_minutes": 10,
                "is_required": "on",
                "body": streamfield(block_data),
                "comments": inline_formset([]),
                "action-publish": "publish",
            }
        ),
    )
    lesson = LessonPage.objects.get(slug="xss-lesson")
    assert lesson.live and course.live

    # A certificate template body with the corpus is refused (only a few tags, no attributes);
    # a name carrying it is plain text and saved.
    add_template = reverse("wagtailsnippets_certificates_certificatetemplate:add")
    refused = admin_post(
        admin,
        add_template,
        {"name": "XSS", "orientation": "landscape", "title": "结业证书", "body": "<p>" + "".join(c) + "</p>"},
        expect_saved=False,
    )
    assert refused.status_code == 200 and not CertificateTemplate.objects.filter(name="XSS").exists()
    admin_post(
        admin,
        add_template,
        {"name": c[5], "orientation": "landscape", "title": "结业证书", "body": "<p>{name}：{achievement}</p>"},
    )
    template = CertificateTemplate.objects.get(name=c[5])

    admin_post(
        admin,
        reverse("wagtailsnippets_courses_programme:add"),
        nested_form_data(
            {
                "name": c[4],
                "description": "\n".join(c),
                "due_days": 8,
                "is_active": "on",
                "programme_courses": inline_formset([{"course": course.pk, "day": 1}], min=1),
            }
        ),
    )
    trainee = world.trainee
    programme_assign(programme=Programme.objects.get(name=c[4]), user=trainee.user, assigned_by=world.manager_here.user)
    course_enrol(user=trainee.user, course=course)
    certificate = CertificateFactory(
        user=trainee.user, template=template, achievement=course.title, holder_name=c[1], employee_number="YG9"
    )

    login(phone, "trainee")
    assert_no_script_ran(phone, "/learning/", shows=["乙L", "丁L"])
    assert_no_script_ran(phone, course.url, shows=words("L"))
    assert_no_script_ran(phone, lesson.url, shows=words("L"))
    assert_no_script_ran(phone, "/certificates/", shows=["乙L"])
    assert_no_script_ran(phone, f"/certificates/verify/{certificate.code}/", shows=["乙L"])
    # The HTML the PDF is printed from, opened as a page.
    phone.set_content(certificate_html(certificate))
    assert_clean(phone, "certificate_html", shows=["乙L"])

    phone.context.clear_cookies()
    login(phone, "trainer")
    assert_no_script_ran(phone, f"/admin/pages/{lesson.pk}/edit/", shows=["甲L"])
    assert_no_script_ran(phone, f"/admin/pages/{course.pk}/edit/", shows=["乙L"])
    assert_no_script_ran(phone, f"/admin/pages/{course.pk}/", shows=["甲L"])
    assert_no_script_ran(phone, "/admin/snippets/certificates/certificatetemplate/", shows=["戊L"])
    assert_no_script_ran(phone, "/admin/snippets/courses/programme/", shows=["丁L"])

    phone.context.clear_cookies()
    login(phone, "manager")
    assert_no_script_ran(phone, f"/people/{trainee.pk}/", shows=["乙L"])
    assert_no_script_ran(phone, "/certificates/team/", shows=["乙L"])
    assert_no_script_ran(phone, f"/certificates/{certificate.pk}/", shows=["乙L"])
    assert_no_script_ran(phone, "/skills/team/reports/", shows=["乙L"])
    assert_no_script_ran(phone, f"/skills/team/reports/{course.pk}/", shows=["乙L"])


# --- the Wagtail admin: questions and a quiz; answers through the quiz endpoints ------------------


def test_xss_corpus_in_admin_questions_and_quiz_answers_runs_nowhere(xworld, phone):
    world, c = xworld, corpus("Q")
    admin = trainer_client(world)
    admin_post(admin, reverse("wagtailsnippets_quizzes_questioncategory:add"), {"name": c[1], "subject_area": ""})
    category = QuestionCategory.objects.get(name=c[1])
    add_question = reverse("wagtailsnippets_quizzes_question:add")

    def question(qtype: str, stem: str, **extra) -> Question:
        data = {
            "category": category.pk,
            "qtype": qtype,
            "difficulty": 2,
            "points": "1",
            "stem": stem,
            "options": inline_formset(extra.pop("options", [])),
            "correct_true": "",
            "accepted_answers": "",
            "explanation": "\n".join(c),
            "tags": "",
            "is_active": "on",
            **extra,
        }
        admin_post(admin, add_question, nested_form_data(data))
        return Question.objects.get(stem=stem)

    single = question(
        "single", c[0], options=[{"text": t, "is_correct": "on" if i == 0 else ""} for i, t in enumerate(c)]
    )
    fill = question("fill_in", c[4], accepted_answers="\n".join(c))
    essay = question("essay", c[2])
    admin_post(
        admin,
        reverse("wagtailadmin_pages:add", args=["quizzes", "quizpage", world.course.pk]),
        nested_form_data(
            {
                "title": c[5],
                "slug": "xss-quiz",
                "intro": contentstate(c),
                "fixed_questions": inline_formset([{"question": q.pk} for q in (single, fill, essay)]),
                "category_draws": inline_formset([]),
                "feedback_mode": "at_end",
                "multiple_choice_scoring": "half_for_subset",
                "pass_mark": 60,
                "attempts_allowed": 0,
                "grading_method": "highest",
                "exam_paper": "on",
                "success_text": "\n".join(c),
                "fail_text": "\n".join(c),
                "grace_seconds": 30,
                "review_when": "immediately",
                "review_score": "on",
                "review_responses": "on",
                "review_correct": "on",
                "review_explanations": "on",
                "is_required": "on",
                "comments": inline_formset([]),
                "action-publish": "publish",
            }
        ),
    )
    quiz = QuizPage.objects.get(slug="xss-quiz")

    # The trainee answers in the browser: the corpus typed into the essay and the fill-in blank
    # goes to the answer endpoint, and comes back into the textarea on reload.
    a = corpus("A")
    login(phone, "trainee")
    assert_no_script_ran(phone, quiz.url, shows=words("Q"))
    phone.click("#quiz-start")
    phone.wait_for_url(re.compile(r"/quizzes/attempts/\d+/$"))
    answer_each_question(phone, essay="\n".join(a), fill_in=a[0])
    attempt_path = phone.url.removeprefix(phone.url.split("/quizzes/")[0])
    assert_no_script_ran(phone, attempt_path, shows=[*words("Q"), *words("A")])
    phone.click("#hand-in")
    phone.click("#confirm-submit")
    phone.wait_for_url(re.compile(r"/result/$"))
    result_path = attempt_path + "result/"
    assert_no_script_ran(phone, result_path, shows=[*words("Q"), *words("A")])
    assert_no_script_ran(phone, "/quizzes/mine/", shows=["戊Q"])

    # The trainer marks the essay with a comment carrying the corpus.
    answer = AttemptAnswer.objects.get(question=essay)
    assert answer.response == "\n".join(a)
    phone.context.clear_cookies()
    login(phone, "trainer")
    assert_no_script_ran(phone, "/quizzes/marking/", shows=["丙Q", *words("A")])
    marked = admin.post(reverse("quizzes:mark", args=[answer.pk]), {"score": "1", "comment": "\n".join(corpus("M"))})
    assert marked.status_code == 302
    assert_no_script_ran(phone, f"/quizzes/{quiz.pk}/analysis/", shows=["甲Q"])
    assert_no_script_ran(phone, "/admin/snippets/quizzes/question/", shows=["甲Q", "丁Q"])
    assert_no_script_ran(phone, f"/admin/snippets/quizzes/question/edit/{single.pk}/", shows=["甲Q"])
    assert_no_script_ran(phone, "/admin/snippets/quizzes/questioncategory/", shows=["乙Q"])
    assert_no_script_ran(phone, f"/admin/pages/{quiz.pk}/edit/", shows=["戊Q"])

    phone.context.clear_cookies()
    login(phone, "trainee")
    assert_no_script_ran(phone, result_path, shows=words("M"))

    phone.context.clear_cookies()
    login(phone, "manager")
    assert_no_script_ran(phone, f"/people/{world.trainee.pk}/")
    assert_no_script_ran(phone, f"/skills/team/people/{world.trainee.user.pk}/")


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


def test_xss_corpus_in_imported_question_banks_runs_nowhere(xworld, phone, tmp_path):
    world = xworld
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


def test_xss_corpus_in_an_imported_scenario_and_its_play_runs_nowhere(xworld, phone, tmp_path):
    world, c = xworld, corpus("S")
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


def test_xss_corpus_in_an_imported_roster_runs_nowhere(xworld, phone, tmp_path):
    from tests.factories.org import PostFactory
    from tests.org.conftest import xlsx_bytes

    world = xworld
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


# --- the phone forms: goals, course reactions, supervisors' assessments ----------------------------


def test_xss_corpus_in_goals_reactions_and_assessments_runs_nowhere(xworld, phone):
    """Text typed into the phone pages by trainees and managers, and a rubric as saved in the
    admin, shown to the other side."""
    world = xworld
    rubric = RubricFactory(name=corpus("R")[1], criteria=[(t[:200], 2) for t in corpus("R")])
    CourseEnrolment.objects.filter(user=world.trainee.user, course=world.course).update(completed_at=timezone.now())
    trainee = world.client("trainee")
    for text in corpus("G"):
        assert trainee.post("/skills/goals/", {"horizon": "1-3", "text": text}).status_code == 302
    reaction = {"rating": 4, "usefulness": 5, "comment": "\n".join(corpus("C"))}
    assert trainee.post(f"/skills/courses/{world.course.pk}/reaction/", reaction).status_code == 302
    manager = world.client("manager_here")
    scores = {f"score_{i}": 1 for i in range(len(corpus("R")))}
    assessment = {**scores, "outcome": "auto", "notes": "\n".join(corpus("N"))}
    assess = f"/skills/team/people/{world.trainee.user.pk}/assess/{rubric.pk}/"
    assert manager.post(assess, assessment).status_code == 302

    login(phone, "trainee")
    assert_no_script_ran(phone, "/skills/", shows=words("G"))
    phone.context.clear_cookies()
    login(phone, "manager")
    assert_no_script_ran(phone, assess, shows=words("R"))
    assert_no_script_ran(phone, f"/skills/team/people/{world.trainee.user.pk}/", shows=["乙R", *words("N")])
    # Reaction comments are kept (for exports) but shown on no page; the report must stay clean.
    assert CourseReaction.objects.filter(comment__contains="甲C").exists()
    assert_no_script_ran(phone, f"/skills/team/reports/{world.course.pk}/")
    assert_no_script_ran(phone, "/skills/team/")


# --- the API: HR roster sync -----------------------------------------------------------------------


def test_xss_corpus_through_the_roster_api_runs_nowhere(world, phone):
    _, raw = APIToken.create_token(user=world.hr.user, name="HR system")
    api = Client(headers={"Authorization": f"Bearer {raw}"})
    rows = [
        {"employee_number": f"X{i:03d}", "name": text, "site_code": world.site_a.code}
        for i, text in enumerate(corpus("R"))
    ]
    result = api.post("/api/v1/people/roster", {"rows": rows}, content_type="application/json").json()
    assert result["errors"] + result["created"] == len(CORPUS)
    # One stored without sanitising, as if it came from an older import: escaping must hold alone.
    raw_profile = StaffProfile.objects.get(employee_number="X000")
    StaffProfile.objects.filter(pk=raw_profile.pk).update(name='<img src=x onerror="window.__xss=1">生')
    created = StaffProfile.objects.filter(employee_number__startswith="X").exclude(pk=raw_profile.pk)
    shown = list(created.values_list("name", flat=True))
    assert shown, result

    login(phone, "manager")
    assert_no_script_ran(phone, "/people/", shows=["生", *shown])
    assert_no_script_ran(phone, f"/people/{raw_profile.pk}/", shows=["生"])
    assert_no_script_ran(phone, "/skills/team/", shows=["生"])
    phone.context.clear_cookies()
    login(phone, "hr")
    for path in ("/people/", "/privacy/?q=X0", f"/privacy/staff/{raw_profile.pk}/", "/privacy/audit/"):
        assert_no_script_ran(phone, path)


# --- the check itself ------------------------------------------------------------------------------


@pytest.mark.parametrize("planted", ['<img src=x onerror="window.__xss=1">', '<a href=" javascript:void(0)">x</a>'])
def test_the_check_catches_a_payload_that_got_through(phone, planted):
    """The assertions above are not vacuous: markup from the corpus left unescaped fails them."""
    phone.set_content(f"<p>甲</p>{planted}")
    with pytest.raises(AssertionError):
        assert_clean(phone, "planted")
    phone.goto("about:blank")
    phone.set_content("<p>甲</p>")
    with pytest.raises(AssertionError, match="not shown"):
        assert_clean(phone, "dropped", shows=["乙"])
