"""Settings shared by every environment. Everything that differs between machines comes from the
environment, so the same code runs the demo, the tests and production."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "core",
    "lms",
    "org",
    "notifications",
    "people",
    "accounts",
    "accounts.sso.wecom",
    "courses",
    "quizzes",
    "scenarios",
    "skills",
    "certificates",
    "drills",
    "fieldwork",
    "regulations",
    "operations",
    "hours",
    "analytics",
    "api",
    "privacy",
    "wagtail.contrib.forms",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks_db",
    "axes",
    # Company single sign-on (accounts.sso): allauth's framework, its DingTalk and OpenID Connect
    # providers and our WeCom one. After "accounts", whose templates replace allauth's.
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.dingtalk",
    "allauth.socialaccount.providers.openid_connect",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # PostgreSQL's search fields and indexes (Wagtail's database search backend uses them there).
    # Installed whatever the database: on SQLite it only registers lookups nothing calls, so every
    # settings module runs on both databases without checking the engine.
    "django.contrib.postgres",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The keys nearly every request reads from the cache, read together once (core.cache).
    "core.cache.RequestCacheMiddleware",
    # Refuses NUL and other control characters in the address, query, form fields and JSON
    # bodies with 400 before any view or database sees them.
    "core.middleware.ControlCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.middleware.TraineePagesCSPMiddleware",
    # X-Offline-User / X-Offline-Keep for the service worker (lms/offline.py).
    "lms.offline.OfflineHeadersMiddleware",
    "axes.middleware.AxesMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "lms.urls"
WSGI_APPLICATION = "lms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lms.context_processors.role",
                "lms.context_processors.drill_attention",
                "notifications.context_processors.inbox",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + a busy timeout let the web process and the task worker share the embedded database.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

# Reads go to a read replica only inside core.db_router.reporting() and only when a `replica`
# database is configured (production: DATABASE_REPLICA_URL); everything else uses `default`.
DATABASE_ROUTERS = ["core.db_router.ReportingRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # The login name, an employee number (工号) or a mobile number on the roster; the signed-in
    # user is loaded with their profile from the shared cache (core.auth_backends).
    "accounts.backends.StaffIdentifierBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lockout: five failures per username+IP lock for an hour; the login page answers the same
# whether or not the account exists.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Failures count per person whichever name was typed (login name, 工号 or mobile number).
AXES_USERNAME_CALLABLE = "accounts.identity.axes_username"

# First sign-in and recovery (accounts): an activation code is valid this many days, once; a
# recovery code sent by text message this many minutes, for ACCOUNTS_RESET_MAX_ATTEMPTS wrong tries.
ACCOUNTS_ACTIVATION_DAYS = int(os.environ.get("ACCOUNTS_ACTIVATION_DAYS", "7"))
ACCOUNTS_RESET_CODE_MINUTES = int(os.environ.get("ACCOUNTS_RESET_CODE_MINUTES", "10"))
ACCOUNTS_RESET_MAX_ATTEMPTS = 5
# Text messages (core.sms): the provider's account and the approved template of each kind of
# message (Aliyun template codes, e.g. SMS_123456789). SMS_BACKEND names the backend.
SMS_ALIYUN = {
    "ACCESS_KEY_ID": os.environ.get("SMS_ALIYUN_ACCESS_KEY_ID", ""),
    "ACCESS_KEY_SECRET": os.environ.get("SMS_ALIYUN_ACCESS_KEY_SECRET", ""),
    "SIGN_NAME": os.environ.get("SMS_ALIYUN_SIGN_NAME", ""),
    "ENDPOINT": os.environ.get("SMS_ALIYUN_ENDPOINT", "https://dysmsapi.aliyuncs.com/"),
    "REGION": os.environ.get("SMS_ALIYUN_REGION", "cn-hangzhou"),
}
SMS_TEMPLATES = {
    "verification_code": os.environ.get("SMS_TEMPLATE_VERIFICATION_CODE", ""),
    "notice": os.environ.get("SMS_TEMPLATE_NOTICE", ""),
}

# Company single sign-on (django-allauth, accounts.sso): only sign-in, never sign-up; a company
# identity signs in the staff member the roster names (accounts.sso.linking) or is refused.
ACCOUNT_ADAPTER = "accounts.sso.adapter.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "accounts.sso.adapter.StaffSocialAccountAdapter"
ACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_QUERY_EMAIL = False
SOCIALACCOUNT_STORE_TOKENS = False
# Each service is offered on the sign-in page once its company app is configured.
SOCIALACCOUNT_PROVIDERS: dict = {}
if os.environ.get("SSO_WECOM_CORP_ID"):
    # scope snsapi_privateinfo also gives the mobile number (the app needs that right in WeCom).
    SOCIALACCOUNT_PROVIDERS["wecom"] = {
        "APPS": [
            {
                "client_id": os.environ["SSO_WECOM_CORP_ID"],
                "secret": os.environ.get("SSO_WECOM_SECRET", ""),
                "settings": {
                    "agent_id": os.environ.get("SSO_WECOM_AGENT_ID", ""),
                    "scope": os.environ.get("SSO_WECOM_SCOPE", "snsapi_base"),
                },
            }
        ]
    }
if os.environ.get("SSO_DINGTALK_APP_KEY"):
    SOCIALACCOUNT_PROVIDERS["dingtalk"] = {
        "APPS": [
            {"client_id": os.environ["SSO_DINGTALK_APP_KEY"], "secret": os.environ.get("SSO_DINGTALK_APP_SECRET", "")}
        ],
        "SCOPE": ["openid", "corpid", "Contact.User.mobile"],
    }
if os.environ.get("SSO_OIDC_SERVER_URL"):
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "APPS": [
            {
                "provider_id": os.environ.get("SSO_OIDC_ID", "company"),
                "name": os.environ.get("SSO_OIDC_NAME", "公司统一身份"),
                "client_id": os.environ.get("SSO_OIDC_CLIENT_ID", ""),
                "secret": os.environ.get("SSO_OIDC_SECRET", ""),
                "settings": {
                    "server_url": os.environ["SSO_OIDC_SERVER_URL"],
                    "employee_number_claim": os.environ.get("SSO_OIDC_EMPLOYEE_NUMBER_CLAIM", "employee_number"),
                },
            }
        ],
        "OAUTH_PKCE_ENABLED": True,
        "SCOPE": ["openid", "profile", "phone"],
    }

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_CONTENT_LANGUAGES = [("zh-hans", "简体中文")]
WAGTAIL_SITE_NAME = "物业服务学院"
WAGTAILADMIN_USER_LOGIN_FORM = "accounts.forms.AdminLoginForm"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "txt", "mp4", "mp3"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Uploads: documents of the listed types only, at most 200 MB (lesson videos), always downloaded as
# attachments (never rendered inline in our origin); images without SVG (it can carry script).
WAGTAILDOCS_MAX_UPLOAD_SIZE = 200 * 1024 * 1024
WAGTAILDOCS_INLINE_CONTENT_TYPES: list[str] = []
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # Each process's copies of values stored under a generation (core.cache.generational_get).
    "generational": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "generational",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}

# Background work: Django's task framework with the database-backed worker
# (`manage.py db_worker`). Scaling out = more workers on the same database.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# A roster sync through the API (POST /api/v1/people/roster) with more rows than this is queued
# for a task worker and applied all-or-nothing; the answer is 202 with a status URL.
ROSTER_SYNC_INLINE_MAX_ROWS = int(os.environ.get("ROSTER_SYNC_INLINE_MAX_ROWS", "50"))

MAILERS = {
    "default": {"BACKEND": os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")}
}
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "academy@example.com")

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content Security Policy for the trainee pages. The Wagtail admin is exempted in
# lms.urls because it ships inline scripts of its own.
from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "media-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "frame-ancestors": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
}

# Typed events between the apps (core.events): each event's dotted path, then its listeners, each a
# function taking the event. `manage.py check` imports every path and checks every signature.
LMS_EVENT_LISTENERS: dict[str, list[str]] = {
    "org.events.StaffHired": ["courses.listeners.on_staff_hired"],
    "org.events.StaffPostChanged": ["courses.listeners.on_staff_post_changed"],
    "courses.events.CourseCompleted": [
        "skills.listeners.on_course_completed",
        "certificates.listeners.on_course_completed",
    ],
    "courses.events.ProgrammeCompleted": ["certificates.listeners.on_programme_completed"],
    "quizzes.events.QuizAttemptGraded": [
        "skills.listeners.on_quiz_attempt_graded",
        "quizzes.listeners.on_quiz_attempt_graded",
    ],
    "quizzes.events.EssayAwaitsMarking": ["quizzes.listeners.on_essay_awaits_marking"],
    "scenarios.events.ScenarioRunFinished": ["skills.listeners.on_scenario_run_finished"],
    "skills.events.SkillLevelApproved": ["certificates.listeners.on_skill_level_approved"],
    "fieldwork.events.FieldRecordReviewed": ["skills.listeners.on_field_record_reviewed"],
    "drills.events.DrillAttended": ["skills.listeners.on_drill_attended"],
    "drills.events.DrillRoleAssessed": ["skills.listeners.on_drill_role_assessed"],
    "core.personal_data.PersonalDataExportRequested": [
        "notifications.listeners.on_personal_data_export",
        "accounts.listeners.on_personal_data_export",
        "quizzes.listeners.on_personal_data_export",
        "skills.listeners.on_personal_data_export",
        "certificates.listeners.on_personal_data_export",
        "fieldwork.listeners.on_personal_data_export",
        "operations.listeners.on_personal_data_export",
    ],
    "core.personal_data.PersonalDataErased": [
        "notifications.listeners.on_personal_data_erase",
        "accounts.listeners.on_personal_data_erase",
        "quizzes.listeners.on_personal_data_erase",
        "skills.listeners.on_personal_data_erase",
        "certificates.listeners.on_personal_data_erase",
        "fieldwork.listeners.on_personal_data_erase",
        "operations.listeners.on_personal_data_erase",
        "hours.listeners.on_personal_data_erase",
    ],
}

# Invariants of the records (core.integrity, docs/invariants.md): functions returning the rows that
# break a rule, run by `manage.py integrity`. Each app lists its own; rules across apps are the shell's.
LMS_INVARIANTS: list[str] = [
    "org.invariants.post_tenures_do_not_overlap",
    "org.invariants.open_post_tenures_match_the_current_post",
    "courses.invariants.enrolments_match_their_steps",
    "courses.invariants.programme_assignments_match_their_courses",
    "quizzes.invariants.attempts_add_up",
    "skills.invariants.level_records_meet_their_gate",
    "skills.invariants.follow_ups_belong_to_completed_enrolments",
    "skills.invariants.follow_up_reminders_reached_someone",
    "certificates.invariants.certificates_have_their_achievement",
    "certificates.invariants.reminders_reached_someone",
    "notifications.invariants.notifications_reached_a_channel",
    "drills.invariants.drills_match_their_records",
    "lms.invariants.skill_level_certificates_have_their_level",
    "regulations.invariants.regulations_have_their_latest_version_current",
    "regulations.invariants.review_items_follow_their_version",
    "regulations.invariants.refreshers_rest_on_a_revision",
]

# Periodic work: `manage.py scheduler` (one per host, one leads) enqueues each task (a django.tasks
# Task, by dotted path) once per N-second period; the task workers run them. Tasks must be safe to
# run twice.
LMS_PERIODIC_TASKS: list[tuple[str, int]] = [
    ("quizzes.tasks.quiz_attempts_sweep", 60),
    ("scenarios.tasks.scenario_runs_expire", 60),
    ("courses.tasks.course_reminders_task", 24 * 3600),
    ("lms.tasks.manager_digests_task", 24 * 3600),
    ("skills.tasks.follow_up_reminders", 3600),
    ("skills.tasks.promotion_recommendations", 24 * 3600),
    ("certificates.tasks.certificate_expiry_reminders_task", 6 * 3600),
    ("certificates.tasks.certificates_render_stuck_requeue_task", 300),
    ("notifications.tasks.deliveries_sweep_task", 60),
    ("org.tasks.roster_imports_expire", 6 * 3600),
    ("org.tasks.roster_imports_stuck_fail", 600),
    ("drills.tasks.drill_due_reminders_task", 24 * 3600),
    ("api.tasks.roster_syncs_stuck_fail_task", 600),
    ("api.tasks.roster_syncs_expire_task", 6 * 3600),
    ("skills.tasks.dashboard_exports_stuck_fail_task", 600),
    ("skills.tasks.dashboard_exports_expire_task", 6 * 3600),
    ("hours.tasks.hours_exports_expire_task", 6 * 3600),
    ("skills.tasks.whole_company_summaries_recount_task", 300),  # within SKILLS_TEAM_CACHE_SECONDS
]

# Notifications (notifications app): the outside channels, each enabled once configured. The in-app
# inbox needs nothing. Work messages go to the company's own WeCom (企业微信) or DingTalk (钉钉) app:
# its key (WeCom corp id, DingTalk app key), secret and agent id; API is the service's address
# (tests point it at a local fake).
NOTIFICATION_CHANNELS = {
    "email": {
        "ENABLED": env_bool("NOTIFY_EMAIL", True),
        "MAILER": os.environ.get("NOTIFY_EMAIL_MAILER", "default"),
    },
    "wecom": {
        "API": os.environ.get("WECOM_API", "https://qyapi.weixin.qq.com"),
        "KEY": os.environ.get("WECOM_CORP_ID", ""),
        "SECRET": os.environ.get("WECOM_SECRET", ""),
        "AGENT_ID": os.environ.get("WECOM_AGENT_ID", ""),
    },
    "dingtalk": {
        "API": os.environ.get("DINGTALK_API", "https://oapi.dingtalk.com"),
        "KEY": os.environ.get("DINGTALK_APP_KEY", ""),
        "SECRET": os.environ.get("DINGTALK_APP_SECRET", ""),
        "AGENT_ID": os.environ.get("DINGTALK_AGENT_ID", ""),
    },
    "sms": {"ENABLED": env_bool("NOTIFY_SMS", False)},
}
NOTIFICATION_CHANNEL_BACKENDS = {
    "email": "notifications.channels.email.EmailChannel",
    "wecom": "notifications.channels.work_apps.WeComChannel",
    "dingtalk": "notifications.channels.work_apps.DingTalkChannel",
    "sms": "notifications.channels.sms.SmsChannel",
}
# The channels of a kind nobody chose for (HR can change them per kind on the notifications page).
NOTIFICATION_DEFAULT_CHANNELS = env_list("NOTIFY_DEFAULT_CHANNELS", "email,wecom,dingtalk")
# Someone with no address on any chosen channel but a phone on file gets a text message (through
# core.sms, settings.SMS_BACKEND, when NOTIFY_SMS is on).
NOTIFICATION_SMS_FALLBACK = env_bool("NOTIFY_SMS_FALLBACK", True)
# Outside channels are written in this language; the inbox shows the reader's.
NOTIFICATION_LANGUAGE = os.environ.get("NOTIFY_LANGUAGE", LANGUAGE_CODE)
# Links in outside messages are made absolute with this address.
NOTIFICATION_SITE_URL = os.environ.get("NOTIFY_SITE_URL", WAGTAILADMIN_BASE_URL)
# Deliveries per task; retries after 1, 2, 4 … minutes (at most an hour apart), 8 tries in all
# (about four hours) before a delivery fails for good.
NOTIFICATION_DELIVERY_BATCH = int(os.environ.get("NOTIFY_DELIVERY_BATCH", "50"))
# A task sends each channel's share of its batch over this many connections at once.
NOTIFICATION_SEND_THREADS = int(os.environ.get("NOTIFY_SEND_THREADS", "8"))
NOTIFICATION_RETRY_BASE_SECONDS = int(os.environ.get("NOTIFY_RETRY_BASE_SECONDS", "60"))
NOTIFICATION_RETRY_MAX_SECONDS = int(os.environ.get("NOTIFY_RETRY_MAX_SECONDS", "3600"))
NOTIFICATION_MAX_ATTEMPTS = int(os.environ.get("NOTIFY_MAX_ATTEMPTS", "8"))
# A worker holds a batch this long while sending; if it dies, the sweep queues the batch again
# after it. A delivery waiting this long past its time lost its task and is queued again.
NOTIFICATION_SENDING_HOLD_SECONDS = int(os.environ.get("NOTIFY_SENDING_HOLD_SECONDS", "300"))
NOTIFICATION_SWEEP_GRACE_SECONDS = int(os.environ.get("NOTIFY_SWEEP_GRACE_SECONDS", "300"))
NOTIFICATION_SWEEP_LIMIT = 5000

# A certificate still pending this long after its render was queued lost its task (a worker
# killed mid-render) and is queued again by certificates_render_stuck_requeue_task. Longer than a
# render waits in the queue at its busiest (rendering takes about a second a certificate).
CERTIFICATE_RENDER_STUCK_SECONDS = int(os.environ.get("DJANGO_CERTIFICATE_RENDER_STUCK_SECONDS", str(15 * 60)))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_personal": {"()": "core.logging.RedactPersonalDataFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact_personal"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
    },
}

# The dashboard's summaries (team averages, compliance by site) over a scope larger than a team
# (a whole company) are cached this long and shown with their time
# (skills.selectors.dashboard.scope_summaries).
SKILLS_TEAM_CACHE_SECONDS = 600
