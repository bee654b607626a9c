"""Reads about certificates: a holder's own, a manager's team list with live status, and the
public verification of one code."""

import datetime as dt
import hmac
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet
from django.utils import timezone

from certificates.models import Certificate, LiveStatus
from certificates.models.records import EXPIRING_WITHIN_DAYS
from org.selectors import staff_visible_to


def certificates_of_user(*, user: AbstractBaseUser) -> QuerySet[Certificate]:
    return Certificate.objects.filter(user=user).select_related("user__staff_profile").order_by("-issued_on", "-id")


def certificate_for_team(*, pk: int) -> Certificate | None:
    """One certificate as its detail page and the revoke, retry and renew actions show it, with the
    holder's profile and the template; None for an unknown id. Whether the reader may see the
    holder is the caller's check (org.selectors.user_can_see_user)."""
    return Certificate.objects.select_related("user__staff_profile", "template").filter(pk=pk).first()


def certificate_renewal(*, certificate: Certificate) -> Certificate | None:
    """The certificate that renewed this one, if any: only its id and code, for a link."""
    return Certificate.objects.filter(renewed_from=certificate).only("pk", "code").first()


def _live_status_q(status: str, today: dt.date) -> Q:
    not_revoked = Q(revoked_at__isnull=True)
    soon = today + dt.timedelta(days=EXPIRING_WITHIN_DAYS)
    return {
        LiveStatus.REVOKED: Q(revoked_at__isnull=False),
        LiveStatus.EXPIRED: not_revoked & Q(expires_on__lt=today),
        LiveStatus.EXPIRING: not_revoked & Q(expires_on__gte=today, expires_on__lte=soon),
        LiveStatus.VALID: not_revoked & (Q(expires_on__isnull=True) | Q(expires_on__gt=soon)),
        LiveStatus.WITHDRAWN: Q(user__staff_profile__erased_at__isnull=False),
    }.get(status, Q())


def certificates_visible_to(
    *,
    user: AbstractBaseUser,
    site_id: int | None = None,
    post_id: int | None = None,
    status: str | None = None,
    today: dt.date | None = None,
) -> QuerySet[Certificate]:
    """Certificates of the staff `user` may see (org.selectors.staff_visible_to), filtered by the
    holder's current site and post and by live status."""
    today = today or timezone.localdate()
    queryset = Certificate.objects.filter(user_id__in=staff_visible_to(user).values("user_id"))
    if site_id:
        queryset = queryset.filter(user__staff_profile__site_id=site_id)
    if post_id:
        queryset = queryset.filter(user__staff_profile__post_id=post_id)
    if status:
        queryset = queryset.filter(_live_status_q(status, today))
    return queryset.select_related("user__staff_profile__site", "user__staff_profile__post", "template").order_by(
        "user__staff_profile__site__code", "user__staff_profile__employee_number", "-issued_on", "-id"
    )


def name_mask(name: str) -> str:
    """王小明 → 王*明, 王明 → 王*, Li Lei → L****i: enough to match a CV, not to identify."""
    name = (name or "").strip()
    if len(name) <= 1:
        return "*"
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


@dataclass(frozen=True)
class Verification:
    found: bool
    code: str = ""
    holder: str = ""
    achievement: str = ""
    issued_on: dt.date | None = None
    expires_on: dt.date | None = None
    status: str = ""
    status_label: str = ""
    revoked_on: dt.date | None = None

    def as_dict(self) -> dict:
        if not self.found:
            return {"found": False}
        return {
            "found": True,
            "code": self.code,
            "holder": self.holder,
            "achievement": self.achievement,
            "issued_on": self.issued_on.isoformat() if self.issued_on else None,
            "expires_on": self.expires_on.isoformat() if self.expires_on else None,
            "status": self.status,
            "status_label": str(self.status_label),
            "revoked_on": self.revoked_on.isoformat() if self.revoked_on else None,
        }


# Stands in for the certificate on a miss, so a miss does the same work as a hit.
_DECOY = Certificate(code="-" * 16, holder_name="-", achievement="-", issued_on=dt.date(2000, 1, 1))

VERIFY_FIELDS = (
    "code",
    "holder_name",
    "achievement",
    "issued_on",
    "expires_on",
    "revoked_at",
    "user__staff_profile__erased_at",
)


def certificate_verification(*, code: str, today: dt.date | None = None) -> Verification:
    """What the public may know about a certificate code: masked name, achievement, dates and
    live status – nothing else. Hit and miss run the same single query and the same steps, and
    the code is compared in constant time, so timing does not tell a near miss from a hit.
    A holder whose personal data was erased shows as "withdrawn", without a name."""
    today = today or timezone.localdate()
    row = Certificate.objects.filter(code=code[:32]).values(*VERIFY_FIELDS).first()
    candidate = row or {
        "code": _DECOY.code,
        "holder_name": _DECOY.holder_name,
        "achievement": _DECOY.achievement,
        "issued_on": _DECOY.issued_on,
        "expires_on": None,
        "revoked_at": None,
        "user__staff_profile__erased_at": None,
    }
    matches = hmac.compare_digest(candidate["code"].encode(), code.encode())
    erased = candidate["user__staff_profile__erased_at"] is not None
    certificate = Certificate(
        code=candidate["code"], expires_on=candidate["expires_on"], revoked_at=candidate["revoked_at"]
    )
    status = certificate.live_status(today=today, erased=erased)
    verification = Verification(
        found=True,
        code=candidate["code"],
        holder="" if erased else name_mask(candidate["holder_name"]),
        achievement=candidate["achievement"],
        issued_on=candidate["issued_on"],
        expires_on=candidate["expires_on"],
        status=status,
        status_label=LiveStatus(status).label,
        revoked_on=timezone.localtime(candidate["revoked_at"]).date() if candidate["revoked_at"] else None,
    )
    return verification if (row is not None and matches) else Verification(found=False)
