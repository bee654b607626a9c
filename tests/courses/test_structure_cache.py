"""Pages read by id from the page cache: many at once in one cache read and at most one query, and
any page change seen at the next read."""

import pytest

from courses.structure import page_cached, pages_cached
from quizzes.models import QuizPage
from tests.factories.courses import CoursePageFactory
from tests.factories.quizzes import QuizPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(catalog):
    return CoursePageFactory(parent=catalog)


def test_many_pages_cost_one_query_then_none(course, django_assert_num_queries):
    quizzes = [QuizPageFactory(parent=course) for _ in range(3)]
    page_cached(pk=quizzes[0].pk, model=QuizPage)  # one of them cached already
    with django_assert_num_queries(1):
        found = pages_cached(pks=[q.pk for q in quizzes] + [quizzes[1].pk], model=QuizPage)
    assert {pk: page.title for pk, page in found.items()} == {q.pk: q.title for q in quizzes}
    assert all(isinstance(page, QuizPage) for page in found.values())
    with django_assert_num_queries(0):
        assert pages_cached(pks=[q.pk for q in quizzes], model=QuizPage).keys() == found.keys()


def test_a_missing_page_or_another_type_is_left_out_and_a_change_is_seen(course):
    quiz = QuizPageFactory(parent=course, title="消防测验")
    assert pages_cached(pks=[quiz.pk, course.pk, 999_999], model=QuizPage).keys() == {quiz.pk}
    quiz.title = "消防测验（新）"
    quiz.save_revision().publish()
    assert pages_cached(pks=[quiz.pk], model=QuizPage)[quiz.pk].title == "消防测验（新）"
