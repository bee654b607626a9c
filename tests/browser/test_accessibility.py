"""axe-core (WCAG 2 A and AA) on every trainee, manager and HR page of the walk, at 390 px, on the
demo's data (issue #17). axe-core is the npm package pinned in package.json; `make test` installs
it. The pages' CSP allows only nonce'd scripts, so the checking context bypasses CSP to inject it:
what is checked is the page's markup and styles, which the bypass does not change."""

from pathlib import Path

import pytest

from lms.demo import DEMO_PASSWORD
from tests.browser.helpers import login, trainee_pages

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not AXE.exists(), reason="axe-core is not installed: run `npm ci` (make test does)"),
]

RUN_AXE = """() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}}).then(
  (result) => result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map((n) => n.target.join(' ')),
  })))"""


@pytest.fixture
def checker(browser, live_server):
    """A 390×844 context like `phone`, but one that lets the injected axe-core run under the CSP."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, base_url=live_server.url, locale="zh-CN", bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def _pages(username: str) -> list[str]:
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from skills.models import LevelRecord

    user = get_user_model().objects.get(username=username)
    if username == "trainee":
        return trainee_pages(user)
    if username == "manager":
        person = LevelRecord.objects.filter(user__staff_profile__site__managers=user.staff_profile).first()
        return [
            reverse("skills:dashboard"),
            reverse("skills:person", args=[person.user_id if person else user.pk]),
            reverse("skills:promotions"),
            reverse("skills:exports"),
            reverse("skills:reports"),
            reverse("people:staff_list"),
            reverse("certificates:team"),
        ]
    return [
        reverse("people:staff_list"),
        reverse("people:roster_upload"),
        reverse("privacy:home"),
        reverse("privacy:audit_log"),
        reverse("notifications:delivery"),
    ]


def test_no_wcag_a_or_aa_violation_on_trainee_manager_and_hr_pages_at_390px(checker, full_demo, live_server):
    violations = []
    checked = []
    for username in ("trainee", "manager", "hr"):
        checker.context.clear_cookies()
        login(checker, username, DEMO_PASSWORD)
        for url in _pages(username):
            response = checker.goto(url)
            assert response.status == 200, (username, url)
            checker.wait_for_load_state("networkidle")
            checker.add_script_tag(path=str(AXE))
            checked.append(url)
            for v in checker.evaluate(RUN_AXE):
                violations.append(f"{username} {url}: {v['id']} ({v['impact']}) {v['help']} at {v['targets']}")
    print(f"axe-core checked {len(checked)} pages: {checked}")  # pytest -s
    assert violations == [], "\n".join(violations)
