import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.production")
application = get_wsgi_application()

from lms.warmup import process_warm  # noqa: E402 — needs the settings configured above

process_warm()
