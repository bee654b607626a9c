"""The accounts app's part of a person's data export and erasure (core.personal_data)."""

from accounts.models import Activation, PasswordResetCode


def accounts_personal_data(*, user_id: int) -> dict:
    """When codes were issued and used: the codes themselves were never stored."""
    return {
        "activations": [
            {
                "reason": activation.reason,
                "issued_at": activation.created_at.isoformat(),
                "expires_at": activation.expires_at.isoformat(),
                "used_at": activation.used_at.isoformat() if activation.used_at else None,
                "revoked_at": activation.revoked_at.isoformat() if activation.revoked_at else None,
            }
            for activation in Activation.objects.filter(user_id=user_id).order_by("created_at", "id")
        ],
        "password_recoveries": [
            {
                "asked_at": reset.created_at.isoformat(),
                "sent_at": reset.sent_at.isoformat() if reset.sent_at else None,
                "used_at": reset.used_at.isoformat() if reset.used_at else None,
            }
            for reset in PasswordResetCode.objects.filter(user_id=user_id).order_by("created_at", "id")
        ],
    }


def accounts_personal_data_erase(*, user_id: int) -> None:
    """An erased person's codes go: none may let anyone into the (deactivated) login again."""
    Activation.objects.filter(user_id=user_id).delete()
    PasswordResetCode.objects.filter(user_id=user_id).delete()
