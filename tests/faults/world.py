"""Builds and reads the fault tests' data in the private cluster, in a process of its own (the
test process's Django is bound to pytest's test database, never to the private cluster).

    python -m tests.faults.world quiz --trainees 6 --questions 8
    python -m tests.faults.world certificates --count 10
    python -m tests.faults.world state

Data goes in through the services, as real data does; each command prints one JSON line."""

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


def state() -> dict:
    """What the database holds: attempts with their answers, certificates, task results."""
    import django

    django.setup()
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult

    from certificates.models import Certificate
    from quizzes.models import AttemptAnswer, QuizAttempt

    answers: dict[str, dict] = {}
    for answer in AttemptAnswer.objects.order_by("pk"):
        answers.setdefault(str(answer.attempt_id), {})[str(answer.question_id)] = {
            "response": answer.response,
            "version": answer.version,
            "score": None if answer.score is None else str(answer.score),
        }
    return {
        "attempts": {
            str(a.pk): {
                "status": a.status,
                "graded_at": a.graded_at.isoformat() if a.graded_at else None,
                "finished_at": a.finished_at.isoformat() if a.finished_at else None,
                "score": None if a.score is None else str(a.score),
            }
            for a in QuizAttempt.objects.all()
        },
        "answers": answers,
        "certificates": [
            {
                "pk": c.pk,
                "user": c.user_id,
                "key": c.achievement_key,
                "cycle": c.cycle,
                "status": c.status,
                "file": c.file.name,
                "file_exists": bool(c.file) and c.file.storage.exists(c.file.name),
                "render_attempts": c.render_attempts,
            }
            for c in Certificate.objects.order_by("pk")
        ],
        "tasks": {
            f"{row['task_path'].rsplit('.', 1)[-1]}:{row['status']}": row["n"]
            for row in DBTaskResult.objects.values("task_path", "status").annotate(n=Count("pk")).order_by("task_path")
        },
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    q = commands.add_parser("quiz")
    q.add_argument("--trainees", type=int, required=True)
    q.add_argument("--questions", type=int, required=True)
    c = commands.add_parser("certificates")
    c.add_argument("--count", type=int, required=True)
    commands.add_parser("state")
    args = parser.parse_args()
    if args.command == "quiz":
        out = quiz(args.trainees, args.questions)
    elif args.command == "certificates":
        out = certificates(args.count)
    else:
        out = state()
    sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
