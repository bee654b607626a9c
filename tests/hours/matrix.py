"""World helpers for the 学时 rows of tests/security/test_permission_matrix.py."""

from django.core.files.base import ContentFile

from hours.models import HoursExport


def hours_export_of_manager_here(world) -> HoursExport:
    """A ready 学时 export asked for by the manager of this site (made on first use)."""
    if not hasattr(world, "_hours_export"):
        export = HoursExport(requested_by=world.manager_here.user, status=HoursExport.Status.READY, rows=1)
        export.file.save("hours.xlsx", ContentFile(b"PK"), save=False)
        export.save()
        world._hours_export = export
    return world._hours_export
