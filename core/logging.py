"""Log filter: phone numbers and Chinese ID-card numbers never reach the logs."""

import logging
import re

# 18-digit resident ID (last char may be X) and mainland mobile numbers.
_ID_NUMBER = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")
_PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def redact(text: str) -> str:
    text = _ID_NUMBER.sub("[id-redacted]", text)
    return _PHONE.sub("[phone-redacted]", text)


class RedactPersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg = cleaned
            record.args = ()
        return True
