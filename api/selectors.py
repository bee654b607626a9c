"""Reads of the API's own records."""

from django.contrib.auth.models import AbstractBaseUser

from api.models import RosterSyncJob
from org.models import Role
from org.selectors import user_role


def roster_sync_job_visible_to(*, user: AbstractBaseUser, job_id: int) -> RosterSyncJob | None:
    """A roster sync job is the company's roster: HR admins, the role that syncs it, read every
    job (as they see every staff member); anyone else reads none."""
    if user_role(user) != Role.HR_ADMIN:
        return None
    return RosterSyncJob.objects.filter(pk=job_id).first()
