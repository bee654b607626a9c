import pytest
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from notifications.messages import Kind, Notice
from tests.factories.org import StaffProfileFactory
from tests.fakes.smtp import SmtpFake
from tests.fakes.work_apps import WorkAppFake

# Test messages (declared once per process: a Notice registers its id).
REMINDER = Notice(
    id="tests.reminder",
    kind=Kind.FOLLOW_UP,
    title=_("Follow-up evaluation due: %(name)s"),
    body=_("Please record it on the manager dashboard."),
)


@pytest.fixture(autouse=True)
def _no_outside_channels(settings):
    """Every channel off and no cached token, unless a test's fake turns one on."""
    cache.clear()
    settings.NOTIFICATION_CHANNELS = {
        "email": {"ENABLED": False},
        "wecom": {},
        "dingtalk": {},
        "sms": {"ENABLED": False},
    }
    settings.NOTIFICATION_SITE_URL = "https://academy.example.com"


@pytest.fixture
def smtp_fake(settings):
    fake = SmtpFake().start()
    settings.MAILERS = {**settings.MAILERS, "notifications": fake.mailer()}
    settings.NOTIFICATION_CHANNELS = {
        **settings.NOTIFICATION_CHANNELS,
        "email": {"ENABLED": True, "MAILER": "notifications"},
    }
    yield fake
    fake.stop()


@pytest.fixture
def wecom_fake(settings):
    fake = WorkAppFake(key="ww-corp", secret="ww-secret").start()
    settings.NOTIFICATION_CHANNELS = {**settings.NOTIFICATION_CHANNELS, "wecom": fake.settings()}
    yield fake
    fake.stop()


@pytest.fixture
def dingtalk_fake(settings):
    fake = WorkAppFake(key="ding-key", secret="ding-secret").start()
    settings.NOTIFICATION_CHANNELS = {**settings.NOTIFICATION_CHANNELS, "dingtalk": fake.settings(agent_id="2000001")}
    yield fake
    fake.stop()


@pytest.fixture
def sms_outbox(settings):
    from core.sms import LocmemSmsBackend

    settings.SMS_BACKEND = "core.sms.LocmemSmsBackend"
    settings.NOTIFICATION_CHANNELS = {**settings.NOTIFICATION_CHANNELS, "sms": {"ENABLED": True}}
    LocmemSmsBackend.outbox = []
    return LocmemSmsBackend.outbox


@pytest.fixture
def person(db):
    return StaffProfileFactory(
        name="王芳",
        email="wang.fang@example.com",
        wecom_userid="WangFang",
        dingtalk_userid="ding-wf",
        phone="13800138001",
    )
