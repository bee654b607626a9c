"""base_data() puts back what the migrations create when a transactional test flushed it."""

import pytest
from django.contrib.auth.models import Permission

from tests.courses.wagtail_base import base_data


@pytest.mark.django_db
def test_base_data_recreates_flushed_permissions():
    Permission.objects.all().delete()
    base_data()
    assert Permission.objects.filter(content_type__app_label="wagtailcore", codename="add_page").exists()
