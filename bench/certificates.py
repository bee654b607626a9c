"""Certificate rendering benchmark.

    .venv/bin/python bench/certificates.py

Builds a scratch SQLite database and media folder under /tmp, then prints:
  render_median_ms=   median time to render one certificate PDF (warm, one process, in memory)
  pdf_kb=             size of that PDF
  per_second_2_workers=  certificates rendered per second by two worker processes running the
                      real task service (lock row, render, write the file, flip the status)
Targets on the 2-core reference machine: <= 350 ms, <= 300 KB, >= 5 per second.
"""

import multiprocessing as mp
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRATCH = Path(tempfile.gettempdir()) / "bench-certificates"
WARM_RUNS = 2
TIMED_RUNS = 15
PER_WORKER = 12


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "lms.settings.dev"
    os.environ["DATABASE_URL"] = f"sqlite:///{SCRATCH / 'bench.sqlite3'}"
    os.environ["DJANGO_MEDIA_ROOT"] = str(SCRATCH / "media")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    import django

    django.setup()


def prepare(count: int) -> list[int]:
    import shutil

    shutil.rmtree(SCRATCH, ignore_errors=True)
    SCRATCH.mkdir(parents=True)
    setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from certificates.demo import _seal
    from certificates.models import Certificate, CertificateTemplate
    from org.services import staff_upsert

    template = CertificateTemplate.objects.create(
        name="基准测试模板",
        title="结业证书",
        body=(
            "<p><strong>{name}</strong> 同志（工号 {employee_number}，{site} · {post}）：</p>"
            "<p>已于 {date} 完成「{achievement}」全部课程与实操考核，成绩 {score} 分，准予结业，特发此证。</p>"
        ),
        signatory="吴老师",
        signatory_title="培训中心负责人",
        issuer="示例物业服务有限公司",
        validity_months=12,
        seal_image=_seal(),  # as in the demo: a 400 px PNG seal over the signature block
    )
    ids = []
    for n in range(count):
        profile, _ = staff_upsert(employee_number=f"B{n:04d}", name=f"欧阳晓{'燕明华丽强'[n % 5]}")
        certificate = Certificate.objects.create(
            user=profile.user,
            template=template,
            achievement_key="programme:1",
            achievement="新员工入职培训",
            holder_name=profile.name,
            employee_number=profile.employee_number,
            site_name="阳光花园",
            post_name="客服",
            score=92,
        )
        ids.append(certificate.pk)
    return ids


def single_process(certificate_id: int) -> tuple[float, int]:
    from certificates.models import Certificate
    from certificates.rendering import certificate_pdf

    certificate = Certificate.objects.select_related("template").get(pk=certificate_id)
    for _ in range(WARM_RUNS):
        certificate_pdf(certificate)
    timings = []
    pdf = b""
    for _ in range(TIMED_RUNS):
        start = time.perf_counter()
        pdf = certificate_pdf(certificate)
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), len(pdf)


def worker(ids: list[int], barrier, results) -> None:
    setup_django()
    from certificates.models import Certificate
    from certificates.rendering import certificate_pdf
    from certificates.services import certificate_render

    certificate_pdf(Certificate.objects.select_related("template").get(pk=ids[0]))  # warm fonts
    barrier.wait()
    start = time.perf_counter()
    done = sum(1 for pk in ids if certificate_render(certificate_id=pk).status == "ready")
    results.put((done, start, time.perf_counter()))


def main() -> None:
    ids = prepare(1 + 2 * PER_WORKER)
    median_ms, size = single_process(ids[0])
    from django.db import connections

    connections.close_all()
    context = mp.get_context("spawn")
    barrier, results = context.Barrier(2), context.Queue()
    chunks = [ids[1 : 1 + PER_WORKER], ids[1 + PER_WORKER :]]
    processes = [context.Process(target=worker, args=(chunk, barrier, results)) for chunk in chunks]
    for process in processes:
        process.start()
    outcomes = [results.get() for _ in processes]
    for process in processes:
        process.join()
    done = sum(outcome[0] for outcome in outcomes)
    elapsed = max(o[2] for o in outcomes) - min(o[1] for o in outcomes)
    print(f"render_median_ms={median_ms:.0f}")
    print(f"pdf_kb={size / 1024:.0f}")
    print(f"per_second_2_workers={done / elapsed:.1f}")
    print(f"rendered_2_workers={done}")


if __name__ == "__main__":
    main()
