"""Phone numbers and ID-card numbers never reach the logs, whatever logger or format is used."""

import logging

from core.logging import RedactPersonalDataFilter, redact


def test_redact_hides_mobile_numbers_and_id_card_numbers():
    text = "员工 王小明 手机 13912345678 身份证 11010519491231002X 工号 E00012"
    cleaned = redact(text)
    assert "13912345678" not in cleaned
    assert "11010519491231002X" not in cleaned
    assert "E00012" in cleaned  # employee numbers are not personal data that must be hidden


def test_redact_leaves_ordinary_numbers_alone():
    assert redact("order 12345 total 100.50 at 2026-11-23") == "order 12345 total 100.50 at 2026-11-23"


def test_the_filter_redacts_formatted_arguments_of_a_log_record(caplog):
    logger = logging.getLogger("tests.redaction")
    redaction = RedactPersonalDataFilter()
    caplog.handler.addFilter(redaction)
    try:
        with caplog.at_level(logging.INFO, logger="tests.redaction"):
            logger.info("roster row %s rejected: phone=%s id=%s", 7, "13912345678", "110105194912310021")
    finally:
        caplog.handler.removeFilter(redaction)
    assert "13912345678" not in caplog.text
    assert "110105194912310021" not in caplog.text
    assert "[phone-redacted]" in caplog.text and "[id-redacted]" in caplog.text


def test_the_project_logging_config_installs_the_filter_on_every_handler(settings):
    for name, handler in settings.LOGGING["handlers"].items():
        assert "redact_personal" in handler.get("filters", []), name
