"""Page weight on a weak network: what a trainee's phone downloads for each of their pages, in
Chromium, against gunicorn with the production settings (whitenoise's compressed, hashed,
immutable static files).

    .venv/bin/python bench/page_weight.py

Builds a scratch PostgreSQL database (bench_weight_<pid>, dropped at the end), runs migrate,
collectstatic and the demo, signs the demo trainee in (a session made directly), and loads each of
the trainee's pages (tests.browser.helpers.trainee_pages: my learning, a course, a lesson, a quiz,
skills, results, certificates, notifications) twice in a fresh 390 px browser context: the first
load starts with an empty cache, the repeat load is the same page opened again. Weight is what
crossed the network, compressed, headers included (Chrome's encodedDataLength of every request of
the page, and of the service worker's own requests).

Prints page=<path> first_kb= repeat_kb= requests= lines, then first_load_kb= and repeat_load_kb=
(the largest over the pages). Budgets: 100 KB first load, 20 KB repeat."""

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from loadlib.scratch import ROOT, manage, psql, scratch_env, server_start  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FIRST_BUDGET_KB, REPEAT_BUDGET_KB = 100, 20

PAGES = r"""
import json, os
from django.contrib.auth import get_user_model
from bench.quiz_load import login_session
from tests.browser.helpers import trainee_pages
user = get_user_model().objects.get(username="trainee")
json.dump({"pages": trainee_pages(user), "session": login_session(user)}, open(os.environ["BENCH_OUT"], "w"))
"""


class Meter:
    """Bytes over the network for one page target (CDP) and its context's service worker."""

    def __init__(self, context, page):
        self.cdp = context.new_cdp_session(page)
        self.cdp.send("Network.enable")
        self.cdp.send("Network.setCacheDisabled", {"cacheDisabled": False})
        self.bytes = 0
        self.requests = 0
        self.cdp.on("Network.loadingFinished", self._finished)
        context.on("requestfinished", self._worker_request)

    def _finished(self, event):
        self.bytes += event.get("encodedDataLength", 0)
        self.requests += 1 if event.get("encodedDataLength", 0) else 0

    def _worker_request(self, request):
        # Requests the service worker makes itself are not the page's; count what they transfer.
        if request.service_worker is None:
            return
        sizes = request.sizes()
        self.bytes += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        self.requests += 1

    def take(self) -> tuple[float, int]:
        kb, n = self.bytes / 1024, self.requests
        self.bytes, self.requests = 0, 0
        return kb, n


def measure(browser, base: str, session: str, path: str) -> tuple[float, float, int]:
    context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=base, locale="zh-CN")
    context.add_cookies([{"name": "sessionid", "value": session, "url": base, "secure": True, "httpOnly": True}])
    page = context.new_page()
    meter = Meter(context, page)
    response = page.goto(path, wait_until="networkidle")
    assert response is not None and response.ok and "/accounts/login/" not in page.url, (path, page.url)
    page.wait_for_timeout(300)
    first_kb, requests = meter.take()
    page.goto(path, wait_until="networkidle")
    page.wait_for_timeout(300)
    repeat_kb, _ = meter.take()
    context.close()
    return first_kb, repeat_kb, requests


def main() -> int:
    from playwright.sync_api import sync_playwright

    db = f"bench_weight_{os.getpid()}"
    work = Path(tempfile.mkdtemp(prefix="bench_weight_"))
    env = scratch_env(db, work, DJANGO_STATIC_ROOT=str(work / "static"), GUNICORN_WORKERS="2")
    psql(f'CREATE DATABASE "{db}"')
    server = None
    try:
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "collectstatic", "--noinput", "-v", "0")
        manage(env, "compilemessages", "--ignore=.venv", "--ignore=node_modules", "-v", "0")
        manage(env, "demo")
        out = work / "pages.json"
        manage(env, "shell", "-c", PAGES, extra_env={"BENCH_OUT": str(out), "PYTHONPATH": str(ROOT)})
        data = json.loads(out.read_text())
        server, port = server_start(env, work)
        base = f"http://localhost:{port}"
        worst_first = worst_repeat = 0.0
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
            )
            for path in data["pages"]:
                first_kb, repeat_kb, requests = measure(browser, base, data["session"], path)
                print(f"page={path} first_kb={first_kb:.1f} repeat_kb={repeat_kb:.1f} requests={requests}")
                worst_first, worst_repeat = max(worst_first, first_kb), max(worst_repeat, repeat_kb)
            browser.close()
        print(f"pages={len(data['pages'])}")
        print(f"first_load_kb={worst_first:.1f} (budget {FIRST_BUDGET_KB})")
        print(f"repeat_load_kb={worst_repeat:.1f} (budget {REPEAT_BUDGET_KB})")
        return 0 if worst_first <= FIRST_BUDGET_KB and worst_repeat <= REPEAT_BUDGET_KB else 1
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=60)
        psql(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
