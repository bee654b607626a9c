"""The one signal the register listens to: Wagtail's page_published."""

from regulations.models import ReviewItem, ReviewStatus


def page_published_reviews_close(sender, instance, revision=None, **kwargs) -> None:
    """Close the open reviews of a cited page that was just published (as revised), and assign
    the refreshers that follow (regulations.services.review_items_published)."""
    if not ReviewItem.objects.filter(citation__page_id=instance.pk, status=ReviewStatus.OPEN).exists():
        return
    from regulations.services import review_items_published

    review_items_published(page=instance, actor=getattr(revision, "user", None))
