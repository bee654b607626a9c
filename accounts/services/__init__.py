"""Writes of the accounts app: activations (activation.py) and password recovery by text message
(recovery.py)."""

from accounts.services.activation import (
    ActivationError,
    IssuedActivation,
    activation_complete,
    activation_find,
    activation_issue,
    activations_issue,
    password_reset_by_hr,
)
from accounts.services.recovery import (
    RecoveryCodeInvalid,
    password_reset_code_check,
    password_reset_code_send,
    password_reset_complete,
    password_reset_request,
)

__all__ = [
    "ActivationError",
    "IssuedActivation",
    "RecoveryCodeInvalid",
    "activation_complete",
    "activation_find",
    "activation_issue",
    "activations_issue",
    "password_reset_by_hr",
    "password_reset_code_check",
    "password_reset_code_send",
    "password_reset_complete",
    "password_reset_request",
]
