"""The one way browser tests sign in (tests/browser and the browser XSS tests in tests/security)."""

from playwright.sync_api import Page

# The password every user built by tests.factories.org.UserFactory has.
FACTORY_PASSWORD = "pw-test-123"


def login(page: Page, username: str, password: str = FACTORY_PASSWORD) -> None:
    """Sign in through the login form as a person would, and return only once the redirect away
    from the login page has landed and the page is idle. The form's own button is clicked
    ("main form button[type=submit]"): the top bar's language switch is a submit button too and
    comes first on the page. A login that fails stays on the login page and times out here, so a
    test never goes on as the wrong (anonymous) user."""
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main form button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.wait_for_load_state("networkidle")


def trainee_pages(user) -> list[str]:
    """The demo trainee's own pages, from their earliest-due course: my learning, the course, a
    lesson, a quiz, skills, results, certificates and notifications (the phone walk and the
    accessibility check visit the same ones)."""
    from django.urls import reverse

    from courses.models import CourseEnrolment
    from quizzes.models import QuizPage

    course = CourseEnrolment.objects.filter(user=user).select_related("course").order_by("due_date").first().course
    quiz = QuizPage.objects.live().descendant_of(course).first() or QuizPage.objects.live().first()
    return [
        reverse("courses:my_learning"),
        course.url,
        course.get_children().live().first().url,
        quiz.url,
        reverse("skills:mine"),
        reverse("quizzes:my_results"),
        reverse("certificates:mine"),
        reverse("notifications:inbox"),
    ]
