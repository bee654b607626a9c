"""Demo organisation: one company, two sites, the posts, a dozen staff and one login per role."""

import datetime as dt

from django.utils import timezone

from org.models import Company, Department, Post, Role, Site
from org.services import staff_set_scope, staff_upsert

POSTS = [
    ("kefu", "客服", 1),
    ("gongcheng", "工程", 2),
    ("anbao", "秩序/安保", 3),
    ("baojie", "保洁", 4),
    ("lvhua", "绿化", 5),
    ("caiwu", "财务", 6),
    ("guanli", "管理", 7),
]

SITES = [
    ("YG", "阳光花园", 800, "示例市滨江路 88 号"),
    ("CH", "翠湖苑", 1200, "示例市湖滨大道 16 号"),
]

# employee number, login, name, post, site, role, days since hire
STAFF = [
    ("HR001", "hr", "周敏", "guanli", "YG", Role.HR_ADMIN, 900),
    ("TR001", "trainer", "吴老师", "guanli", "YG", Role.TRAINER, 1500),
    ("MG001", "manager", "陈经理", "guanli", "YG", Role.MANAGER, 1200),
    ("MG002", "manager2", "林经理", "guanli", "CH", Role.MANAGER, 1000),
    ("YG101", "trainee", "王小明", "kefu", "YG", Role.TRAINEE, 2),
    ("YG102", None, "李娜", "kefu", "YG", Role.TRAINEE, 40),
    ("YG201", None, "张强", "gongcheng", "YG", Role.TRAINEE, 200),
    ("YG301", None, "刘勇", "anbao", "YG", Role.TRAINEE, 5),
    ("YG302", None, "赵刚", "anbao", "YG", Role.TRAINEE, 400),
    ("YG401", None, "孙梅", "baojie", "YG", Role.TRAINEE, 90),
    ("CH101", "trainee2", "黄丽", "kefu", "CH", Role.TRAINEE, 3),
    ("CH201", None, "郑伟", "gongcheng", "CH", Role.TRAINEE, 30),
    ("CH301", None, "马超", "anbao", "CH", Role.TRAINEE, 150),
    ("CH501", None, "何芳", "lvhua", "CH", Role.TRAINEE, 60),
]

DEMO_PASSWORD = "demo12345"  # noqa: S105 - printed by `make run`; demo only


def build() -> None:
    company, _ = Company.objects.get_or_create(name="示例物业服务有限公司")
    posts = {}
    for code, name, order in POSTS:
        posts[code], _ = Post.objects.update_or_create(code=code, defaults={"name": name, "sort_order": order})
    sites = {}
    for code, name, households, address in SITES:
        sites[code], _ = Site.objects.update_or_create(
            code=code, defaults={"company": company, "name": name, "households": households, "address": address}
        )
        for post_code in ("kefu", "gongcheng", "anbao", "baojie", "lvhua"):
            Department.objects.get_or_create(
                site=sites[code], name=f"{posts[post_code].name}部", defaults={"post": posts[post_code]}
            )
    today = timezone.localdate()
    managers = {}
    by_number: dict = {}
    mentors: dict = {}
    for index, (number, login, name, post, site, role, days) in enumerate(STAFF):
        department = Department.objects.filter(site=sites[site], post=posts[post]).first()
        manager = managers.get(site) if role == Role.TRAINEE else None
        profile, _ = staff_upsert(
            employee_number=number,
            username=login or number,
            name=name,
            phone=f"139{index + 1:08d}",
            post=posts[post],
            site=sites[site],
            department=department,
            hire_date=today - dt.timedelta(days=days),
            role=role,
            manager=manager,
            mentor=mentors.get(number),
            password=DEMO_PASSWORD if login else None,
        )
        by_number[number] = profile
        if role == Role.MANAGER:
            managers[site] = profile
            staff_set_scope(profile=profile, sites=[sites[site]])
    # 师徒带教: each new hire is paired with an experienced colleague of the same site.
    for mentee, mentor in (("YG101", "YG102"), ("YG301", "YG302"), ("CH101", "CH201")):
        profile = by_number[mentee]
        if profile.mentor_id != by_number[mentor].pk:
            profile.mentor = by_number[mentor]
            profile.save(update_fields=["mentor"])
