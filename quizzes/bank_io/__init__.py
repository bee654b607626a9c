"""Question bank files: the Excel 题库 template Chinese trainers use, Moodle XML and GIFT. Each
format parses to ParsedQuestion rows plus a per-row / per-question error list (nothing is
written here); quizzes.services.bank validates and imports all or nothing, and exports back."""

from quizzes.bank_io.common import ParsedQuestion, ParseReport  # noqa: F401
