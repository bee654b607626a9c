"""An XSS corpus (tests/security/xss.py) sent in through the Wagtail admin (course, lesson
blocks, programme, certificate template, questions, quiz), the quiz answer endpoints, the phone
forms (goals, course reactions, assessments) and the API (roster sync) — then viewed in Chromium at
phone width as a trainee, a trainer (also in the admin), a manager and an HR admin: no script runs
(no dialog, no flag set by an injected handler, no javascript: URL), and the text is shown, so it
was not silently dropped. The imports are in test_xss_imports_browser.py.

One roster row is also stored unsanitised, as if from an older import, so output escaping is
tested on its own."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import APIToken
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from certificates.models import CertificateTemplate
from certificates.rendering import certificate_html
from courses.models import CourseEnrolment, CoursePage, LessonPage, Programme
from courses.services import course_enrol, programme_assign
from org.models import StaffProfile
from quizzes.models import AttemptAnswer, Question, QuestionCategory, QuizPage
from skills.models import CourseReaction
from tests.browser.helpers import login
from tests.factories.certificates import CertificateFactory
from tests.factories.skills import RubricFactory
from tests.security.xss import (
    CORPUS,
    admin_post,
    answer_each_question,
    assert_clean,
    assert_no_script_ran,
    contentstate,
    corpus,
    listblock,
    trainer_client,
    words,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


# --- the Wagtail admin: course, lesson, certificate template ---------------------------------------


def test_xss_corpus_authored_in_the_wagtail_admin_runs_nowhere(authoring_world, phone):
    world, c = authoring_world, corpus("L")
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
                "step_credits": inline_formset([]),
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


def test_xss_corpus_in_admin_questions_and_quiz_answers_runs_nowhere(authoring_world, phone):
    world, c = authoring_world, corpus("Q")
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
            "answer_keys": inline_formset([]),
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


# --- the phone forms: goals, course reactions, supervisors' assessments ----------------------------


def test_xss_corpus_in_goals_reactions_and_assessments_runs_nowhere(authoring_world, phone):
    """Text typed into the phone pages by trainees and managers, and a rubric as saved in the
    admin, shown to the other side."""
    world = authoring_world
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
