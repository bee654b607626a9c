"""Inspect views for the Wagtail admin that read in the reader's language."""

from wagtail.admin.views.generic.models import InspectView


class BlankForNoneInspectView(InspectView):
    """An empty field shows as a dash. Wagtail 8 prints an empty date or link as Python's None,
    in English whatever the reader's language (a certificate that never expires, never revoked)."""

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        return "—" if value is None else value
