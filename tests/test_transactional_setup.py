"""The suite's own set-up for transactional tests (tests/conftest.py)."""

import pytest
from wagtail.models import Page


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_marked_by_its_decorator_restores_the_migrated_rows(request):
    """The decorator's own django_db mark must not hide the serialized rollback that the suite
    adds: a plain flush at its end would re-run post_migrate and recreate the content types under
    new ids, and the next serialized test's restore would clash with them (as one CI run on
    PostgreSQL did, seven times on one worker)."""
    assert request.node.get_closest_marker("django_db").kwargs == {"transaction": True, "serialized_rollback": True}
    assert Page.objects.filter(depth=1).exists()


@pytest.mark.django_db(transaction=True)
def test_a_second_one_after_it_still_restores():
    assert Page.objects.filter(depth=1).exists()
