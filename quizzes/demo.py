"""Demo quizzes: a question bank per subject course (law, etiquette, complaints, emergency), a
quiz step in each of those courses and the final onboarding exam in `practice`. Built through
the services; idempotent (questions are matched by category and stem, quizzes by slug)."""

from courses.models import CatalogPage, CoursePage
from courses.models.pages import SubjectArea
from quizzes.demo_content import BANKS, COURSE_QUIZZES
from quizzes.models import Question, QuestionCategory, QuizPage
from quizzes.services.bank import question_create, quiz_page_create

LETTERS = "ABCDEF"


def _bank(area: str) -> QuestionCategory:
    name, questions = BANKS[area]
    category, _created = QuestionCategory.objects.get_or_create(
        parent=None, name=name, defaults={"subject_area": area if area in SubjectArea.values else ""}
    )
    existing = set(Question.objects.filter(category=category).values_list("stem", flat=True))
    for qtype, stem, spec, answer, explanation in _normalised(questions):
        if stem in existing:
            continue
        options = (
            [(text, LETTERS[i] in answer) for i, text in enumerate(spec)] if qtype in ("single", "multiple") else []
        )
        question_create(
            category=category,
            qtype=qtype,
            stem=stem,
            options=options,
            correct_true=answer if qtype == "true_false" else None,
            accepted=spec if qtype == "fill_in" else [],
            explanation=explanation,
            difficulty=3 if qtype == "essay" else 2 if qtype == "multiple" else 1,
            points=5 if qtype == "essay" else 2 if qtype == "multiple" else 1,
        )
    return category


def _normalised(questions):
    """The content file is compact: (type, stem, options, letters, explanation) for choices,
    (type, stem, truth, explanation) for true/false, (type, stem, answers, explanation) for
    fill-in and (type, stem, None, explanation) for essays."""
    for item in questions:
        if item[0] in ("single", "multiple"):
            yield item
        elif item[0] == "true_false":
            yield item[0], item[1], None, item[2], item[3]
        else:
            yield item[0], item[1], item[2] or [], None, item[3]


def _course(slug: str) -> CoursePage | None:
    catalog = CatalogPage.objects.filter(slug="courses").first()
    if catalog is None:
        return None
    return CoursePage.objects.child_of(catalog).filter(slug=slug).first()


def build() -> None:
    categories = {area: _bank(area) for area in BANKS}
    for area, spec in COURSE_QUIZZES.items():
        course = _course(area)
        slug = f"{area}-quiz"
        if course is None or QuizPage.objects.child_of(course).filter(slug=slug).exists():
            continue
        quiz_page_create(
            course=course,
            title=spec["title"],
            slug=slug,
            draws=[(categories[area], spec["draw"])],
            intro=f"<p>从题库中随机抽取 {spec['draw']} 道题，限时 {spec['minutes']} 分钟，80 分及格，可多次作答，取最高分。</p>",
            random_order=True,
            shuffle_options=True,
            time_limit_minutes=spec["minutes"],
            pass_mark=80,
            attempts_allowed=3,
            grading_method="highest",
            success_text="恭喜通过！可以继续学习下一步。",
            fail_text="还差一点，请回看课程内容后再试。",
        )
    practice = _course("practice")
    if practice is not None and not QuizPage.objects.child_of(practice).filter(slug="onboarding-exam").exists():
        quiz_page_create(
            course=practice,
            title="新员工入职结业考试",
            slug="onboarding-exam",
            draws=[(categories[area], 5) for area in ("law", "etiquette", "complaints", "emergency")],
            intro="<p>结业考试覆盖法律法规、服务礼仪、投诉处理和应急处置四个模块，共 20 题，限时 30 分钟，80 分及格，最多两次机会。</p>",
            is_final_exam=True,
            random_order=True,
            shuffle_options=True,
            time_limit_minutes=30,
            grace_seconds=30,
            pass_mark=80,
            attempts_allowed=2,
            grading_method="highest",
            review_when="immediately",
            success_text="恭喜你通过入职结业考试！",
            fail_text="本次未通过，请复习薄弱模块后再次参加考试。",
        )
