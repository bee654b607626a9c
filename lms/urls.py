from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from api.v1 import api as api_v1
from lms import offline, views

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/sso/", include("accounts.sso.urls")),
    path("accounts/", include("accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("healthz", views.healthz, name="healthz"),
    path("sw.js", offline.service_worker, name="service_worker"),
    path("manifest.webmanifest", offline.web_manifest, name="web_manifest"),
    path("me/", views.home, name="home"),
    path("learning/", include("courses.urls")),
    path("people/", include("people.urls")),
    path("quizzes/", include("quizzes.urls")),
    path("scenarios/", include("scenarios.urls")),
    path("skills/", include("skills.urls")),
    path("analytics/", include("analytics.urls")),
    path("certificates/", include("certificates.urls")),
    path("privacy/", include("privacy.urls")),
    path("notifications/", include("notifications.urls")),
    path("fieldwork/", include("fieldwork.urls")),
    path("drills/", include("drills.urls")),
    path("hours/", include("hours.urls")),
    path("api/v1/", api_v1.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns.append(path("", include(wagtail_urls)))
