"""Counts shown to the reader use the English singular for one: "About 1 minute", not "1 minutes"."""

import pytest

from tests.factories.courses import LessonPageFactory
from tests.factories.org import StaffProfileFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("minutes", "text"), [(1, "About 1 minute<"), (2, "About 2 minutes<")])
def test_a_lesson_says_minute_or_minutes(client, catalog, minutes, text):
    lesson = LessonPageFactory(parent__parent=catalog, estimated_minutes=minutes)
    client.force_login(StaffProfileFactory().user)

    html = client.get(lesson.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert text in html
