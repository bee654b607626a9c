"""Builds and reads the fault tests' data in the private cluster, in a process of its own (the
test process's Django is bound to pytest's test database, never to the private cluster).

    python -m tests.faults.world quiz --trainees 6 --questions 8
    python -m tests.faults.world certificates --count 10
    python -m tests.faults.world team --staff 3
    python -m tests.faults.world staff-add --number FT900 --name 新同事
    python -m tests.faults.world export-request --manager 7 --table matrix --table late
    python -m tests.faults.world due --count 20 --prefix FA

Data goes in through the services, as real data does; each command prints one JSON line. The
tests read the outcome with plain SQL (tests/faults/conftest.py, FaultSite.state), which takes
milliseconds where a Django process takes seconds to start."""

import argparse
import json
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.faults.settings")


def quiz(trainees: int, questions: int) -> dict:
    """A course with a timed exam (the load bench's exam) and trainees with a login session."""
    from bench.quiz_load import build_exam

    quiz_id, sessions = build_exam(trainees, questions)
    return {"quiz_id": quiz_id, "sessions": sessions}


def certificates(count: int) -> dict:
    """`count` trainees, each issued one certificate: the issue queues the render task on commit
    in the database queue, where it waits for a worker."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from certificates.models import CertificateTemplate
    from certificates.services import certificate_issue

    template = CertificateTemplate.objects.create(
        name="故障测试模板",
        title="结业证书",
        body="<p>兹证明 <strong>{name}</strong> 于 {date} 完成「{achievement}」，特发此证。</p>",
        signatory="张总",
        signatory_title="培训中心主任",
        issuer="示例物业服务有限公司",
    )
    User = get_user_model()
    issued = []
    for i in range(count):
        user = User.objects.create(username=f"holder{i}", first_name=f"学员{i}", password="!")  # noqa: S106
        certificate, _created = certificate_issue(
            user=user, template=template, achievement_key="course:fault", achievement="消防安全基础"
        )
        issued.append(certificate.pk)
    return {"certificates": issued}


TEAM_SITE = "FT"


def team(staff: int) -> dict:
    """A site, a manager whose scope it is (with a login session) and `staff` trainees there, all
    added through org's services as a roster import adds them."""
    import django

    django.setup()
    from bench.quiz_load import login_session
    from org.models import Company, Post, Role, Site
    from org.services import staff_set_scope, staff_upsert

    company = Company.objects.create(name="故障测试物业")
    site = Site.objects.create(company=company, code=TEAM_SITE, name="故障测试小区")
    post = Post.objects.create(code="ft-kefu", name="故障测试客服")
    manager, _created = staff_upsert(employee_number="FT000", name="测试经理", post=post, site=site, role=Role.MANAGER)
    staff_set_scope(profile=manager, sites=[site])
    names = [f"测试员工{i}" for i in range(staff)]
    for i, name in enumerate(names):
        staff_upsert(employee_number=f"FT{i + 1:03d}", name=name, post=post, site=site, manager=manager)
    return {"manager": manager.user_id, "session": login_session(manager.user), "staff": names}


def staff_add(number: str, name: str) -> dict:
    """One more trainee on the team's site, through the same service."""
    import django

    django.setup()
    from org.models import Post, Site
    from org.services import staff_upsert

    site = Site.objects.get(code=TEAM_SITE)
    profile, created = staff_upsert(employee_number=number, name=name, post=Post.objects.get(code="ft-kefu"), site=site)
    assert created
    return {"user": profile.user_id}


def export_request(manager: int, tables: list[str]) -> dict:
    """The manager asks for the dashboard's tables as Excel: each build is queued for a worker."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from skills.selectors.dashboard import Filters
    from skills.services import dashboard_export_request

    requester = get_user_model().objects.get(pk=manager)
    exports = [dashboard_export_request(requester=requester, table=t, filters=Filters()) for t in tables]
    return {"exports": {e.table: e.pk for e in exports}}


def due(count: int, prefix: str) -> dict:
    """`count` people with an e-mail address and a course due tomorrow (bench/notifications_world)."""
    import django

    django.setup()
    from bench.notifications_world import due_staff_build

    return {"users": due_staff_build(count=count, prefix=prefix)}


def main() -> int:
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    q = commands.add_parser("quiz")
    q.add_argument("--trainees", type=int, required=True)
    q.add_argument("--questions", type=int, required=True)
    c = commands.add_parser("certificates")
    c.add_argument("--count", type=int, required=True)
    t = commands.add_parser("team")
    t.add_argument("--staff", type=int, required=True)
    a = commands.add_parser("staff-add")
    a.add_argument("--number", required=True)
    a.add_argument("--name", required=True)
    e = commands.add_parser("export-request")
    e.add_argument("--manager", type=int, required=True)
    e.add_argument("--table", action="append", required=True)
    d = commands.add_parser("due")
    d.add_argument("--count", type=int, required=True)
    d.add_argument("--prefix", required=True)
    args = parser.parse_args()
    if args.command == "quiz":
        out = quiz(args.trainees, args.questions)
    elif args.command == "certificates":
        out = certificates(args.count)
    elif args.command == "team":
        out = team(args.staff)
    elif args.command == "staff-add":
        out = staff_add(args.number, args.name)
    elif args.command == "due":
        out = due(args.count, args.prefix)
    else:
        out = export_request(args.manager, args.table)
    sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
