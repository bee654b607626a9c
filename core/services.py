from typing import Any

from django.db import models

from core.models import AuditEvent


def audit_record(
    *, actor, action: str, obj: models.Model | None = None, subject_user=None, detail: dict[str, Any] | None = None
) -> AuditEvent:
    """Append one audit event. Never pass phone or ID numbers in `detail`: the log names what was
    touched, not the personal data itself."""
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        subject_user=subject_user,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        detail=detail or {},
    )
