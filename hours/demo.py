"""Demo 学时 targets: each post's yearly hours overall, and the safety-related hours (emergency
drills) and law hours the company asks of its front-line posts. Built through the services;
idempotent (a target is set, not added). Posts missing from the demo are skipped."""

from decimal import Decimal

from courses.models.pages import SubjectArea
from hours.services import hours_target_set
from org.models import Post

# post code → (overall hours a year, {subject area: hours a year})
TARGETS = {
    "kefu": (40, {SubjectArea.COMPLAINTS: 12, SubjectArea.LAW: 6}),
    "gongcheng": (48, {SubjectArea.EMERGENCY: 24, SubjectArea.LAW: 6}),
    "anbao": (48, {SubjectArea.EMERGENCY: 24, SubjectArea.LAW: 6}),
    "baojie": (24, {SubjectArea.EMERGENCY: 8}),
    "lvhua": (24, {SubjectArea.EMERGENCY: 8}),
    "caiwu": (24, {SubjectArea.LAW: 8}),
    "guanli": (36, {SubjectArea.MANAGEMENT: 16, SubjectArea.LAW: 8}),
}


def build() -> None:
    posts = {post.code: post for post in Post.objects.filter(code__in=TARGETS)}
    for code, (overall, areas) in TARGETS.items():
        post = posts.get(code)
        if post is None:
            continue
        hours_target_set(post=post, hours_per_year=Decimal(overall))
        for area, hours in areas.items():
            hours_target_set(post=post, hours_per_year=Decimal(hours), subject_area=area)
