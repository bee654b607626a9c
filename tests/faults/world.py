"""Builds and reads the fault tests' data in the private cluster, in a process of its own (the
test process's Django is bound to pytest's test database, never to the private cluster).

    python -m tests.faults.world quiz --trainees 6 --questions 8
    python -m tests.faults.world certificates --count 10

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


def main() -> int:
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    q = commands.add_parser("quiz")
    q.add_argument("--trainees", type=int, required=True)
    q.add_argument("--questions", type=int, required=True)
    c = commands.add_parser("certificates")
    c.add_argument("--count", type=int, required=True)
    args = parser.parse_args()
    out = quiz(args.trainees, args.questions) if args.command == "quiz" else certificates(args.count)
    sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
