"""Making, reading and hashing one-time codes.

Activation codes are 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L), printed as
ABCD-EFGH: 31⁸ ≈ 8.5 × 10¹¹ codes, typed on a phone from a slip. Recovery codes are 6 digits, as
text messages carry them. Only an HMAC under the project's secret key is stored: a copy of the
database alone does not give the codes back, not even the short ones."""

import re
import secrets

from django.utils.crypto import constant_time_compare, salted_hmac

ACTIVATION_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
ACTIVATION_LENGTH = 8
RESET_CODE_DIGITS = 6


def activation_code_new() -> str:
    return "".join(secrets.choice(ACTIVATION_ALPHABET) for _ in range(ACTIVATION_LENGTH))


def activation_code_normalise(text: str) -> str:
    """What a person typed or a QR carried: any case, with or without the dash and spaces."""
    return re.sub(r"[^0-9A-Za-z]", "", text or "").upper()[:32]


def activation_code_display(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def activation_code_hash(code: str) -> str:
    return salted_hmac("accounts.activation", activation_code_normalise(code), algorithm="sha256").hexdigest()


def reset_code_new() -> str:
    return f"{secrets.randbelow(10**RESET_CODE_DIGITS):0{RESET_CODE_DIGITS}d}"


def reset_code_hash(*, reset_id: int, code: str) -> str:
    # Keyed by the row too: the same six digits hash differently in every recovery.
    return salted_hmac(f"accounts.reset.{reset_id}", re.sub(r"\D", "", code or ""), algorithm="sha256").hexdigest()


def reset_code_matches(*, reset_id: int, code: str, code_hash: str) -> bool:
    return bool(code_hash) and constant_time_compare(reset_code_hash(reset_id=reset_id, code=code), code_hash)
