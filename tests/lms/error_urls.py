"""The project's URLs plus one view that fails, for the 500 page's tests (tests/lms/test_error_pages.py)."""

from django.urls import path

from lms.urls import urlpatterns as project_urlpatterns


def fail_view(request):
    raise RuntimeError("a fault for the 500 page's test")


urlpatterns = [path("test-failure/", fail_view), *project_urlpatterns]
