"""Staff with training due, for bench/notifications.py and the fault test of a killed scheduler
(tests/faults/test_scheduler_killed.py): a course and `count` people on the roster, each with an
e-mail address (and a WeCom user id when asked) and an enrolment due tomorrow, so the courses
reminder run has one "due soon" notification to make for each. Bulk-created: the bench needs ten
thousand in seconds, and what is measured is the reminder run and its delivery, not the roster."""

import datetime as dt


def reminder_course():
    """The one course every bench person is enrolled in (created once)."""
    from wagtail.models import Page

    from courses.models import CatalogPage, CoursePage, HomePage

    course = CoursePage.objects.filter(slug="notify-bench-course").first()
    if course is not None:
        return course
    root = Page.get_first_root_node()
    home = HomePage.objects.first() or root.add_child(instance=HomePage(title="学院", slug="notify-bench-home"))
    catalog = CatalogPage.objects.first() or home.add_child(instance=CatalogPage(title="目录", slug="notify-bench"))
    course = CoursePage(title="消防安全基础", slug="notify-bench-course", subject_area="law")
    catalog.add_child(instance=course)
    return course


def due_staff_build(*, count: int, prefix: str, wecom: bool = False) -> list[int]:
    """`count` people numbered PREFIX00000…, each due to finish the course tomorrow. Returns their
    user ids."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from courses.models import CourseEnrolment
    from org.models import StaffProfile

    course = reminder_course()
    User = get_user_model()
    numbers = [f"{prefix}{i:05d}" for i in range(count)]
    with transaction.atomic():
        User.objects.bulk_create([User(username=n, password="!") for n in numbers], batch_size=2000)  # noqa: S106
        users = dict(User.objects.filter(username__in=numbers).values_list("username", "pk"))
        StaffProfile.objects.bulk_create(
            [
                StaffProfile(
                    user_id=users[n],
                    employee_number=n,
                    name=f"员工{n}",
                    email=f"{n.lower()}@staff.example.com",
                    wecom_userid=n if wecom else "",
                )
                for n in numbers
            ],
            batch_size=2000,
        )
        due = timezone.localdate() + dt.timedelta(days=1)
        CourseEnrolment.objects.bulk_create(
            [CourseEnrolment(user_id=users[n], course=course, due_date=due) for n in numbers], batch_size=2000
        )
    return [users[n] for n in numbers]
