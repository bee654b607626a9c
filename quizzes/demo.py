"""Demo quizzes: a question bank per course with a quiz (the onboarding subjects law, etiquette,
complaints, emergency and the six post courses), a quiz step in each of those courses and the
final onboarding exam in `practice` (drawing from the onboarding banks), from the files in
quizzes/demo_data/. Built through the services; idempotent (questions are matched by category and
stem, quizzes by slug)."""

from courses.models import CatalogPage, CoursePage
from courses.models.pages import SubjectArea
from quizzes.demo_content import BANK_SUBJECTS, BANKS, COURSE_QUIZZES, QUIZ_PAGES
from quizzes.models import Question, QuestionCategory, QuizPage
from quizzes.services.bank import question_create, quiz_page_create


def _bank(area: str) -> QuestionCategory:
    name, questions = BANKS[area]
    category, _created = QuestionCategory.objects.get_or_create(
        parent=None,
        name=name,
        defaults={"subject_area": BANK_SUBJECTS[area] if BANK_SUBJECTS[area] in SubjectArea.values else ""},
    )
    existing = set(Question.objects.filter(category=category).values_list("stem", flat=True))
    for spec in questions:
        if spec["stem"] in existing:
            continue
        qtype = spec["type"]
        question_create(
            category=category,
            qtype=qtype,
            stem=spec["stem"],
            options=[(text, text in spec["correct"]) for text in spec.get("options", [])],
            correct_true=spec["answer"] if qtype == "true_false" else None,
            accepted=spec.get("accepted", []),
            explanation=spec["explanation"],
            difficulty=3 if qtype == "essay" else 2 if qtype == "multiple" else 1,
            points=5 if qtype == "essay" else 2 if qtype == "multiple" else 1,
        )
    return category


def _course(slug: str) -> CoursePage | None:
    catalog = CatalogPage.objects.filter(slug="courses").first()
    if catalog is None:
        return None
    return CoursePage.objects.child_of(catalog).filter(slug=slug).first()


def build() -> None:
    categories = {area: _bank(area) for area in BANKS}
    shared = QUIZ_PAGES["course_quiz"]
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
            intro=shared["intro"].format(draw=spec["draw"], minutes=spec["minutes"], pass_mark=shared["pass_mark"]),
            random_order=True,
            shuffle_options=True,
            time_limit_minutes=spec["minutes"],
            pass_mark=shared["pass_mark"],
            attempts_allowed=shared["attempts_allowed"],
            grading_method="highest",
            success_text=shared["success_text"],
            fail_text=shared["fail_text"],
        )
    exam = QUIZ_PAGES["final_exam"]
    course = _course(exam["course"])
    if course is not None and not QuizPage.objects.child_of(course).filter(slug=exam["slug"]).exists():
        quiz_page_create(
            course=course,
            title=exam["title"],
            slug=exam["slug"],
            draws=[(categories[area], exam["draw_per_bank"]) for area in exam["banks"]],
            intro=exam["intro"],
            is_final_exam=True,
            random_order=True,
            shuffle_options=True,
            time_limit_minutes=exam["minutes"],
            grace_seconds=exam["grace_seconds"],
            pass_mark=exam["pass_mark"],
            attempts_allowed=exam["attempts_allowed"],
            requires_course_steps=exam["requires_course_steps"],
            grading_method="highest",
            review_when="immediately",
            success_text=exam["success_text"],
            fail_text=exam["fail_text"],
        )
