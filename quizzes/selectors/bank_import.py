"""Reads behind a bank import: which questions of a file are already in the bank, and whether the
file would change them.

A question of the file is the bank's question with the same ID number (every export writes it),
or, when the file gives none, the question with the same name in the same category (Moodle names
every question; a question without a name is named by the start of its text). Each bank question
answers for one question of the file. A field the file does not give (None) is not a change."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from quizzes.bank_io.common import ParsedQuestion, ParseReport
from quizzes.models import Question, QuestionCategory, QuestionType
from quizzes.models.bank import format_number

NEW, UPDATED, UNCHANGED = "new", "updated", "unchanged"


def _n(value) -> str | None:
    return None if value is None else format_number(Decimal(value))


def _typed(qtype: str, snapshot: dict) -> dict:
    """Only what the question's type uses is compared."""
    choice = qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE)
    if not choice:
        snapshot["options"] = []
    if qtype != QuestionType.TRUE_FALSE:
        snapshot.update(correct_true=None, true_feedback="", false_feedback="")
    if qtype != QuestionType.FILL_IN:
        snapshot.update(accepted=[], case_sensitive=False)
    if qtype not in (QuestionType.FILL_IN, QuestionType.NUMERICAL):
        snapshot["answers"] = []
    if qtype != QuestionType.ESSAY:
        snapshot["grader_info"] = ""
    return snapshot


class CategoryIndex:
    """The bank's categories, read once: a category's path, and the category of a path if it exists."""

    def __init__(self):
        self.by_id = {c.pk: c for c in QuestionCategory.objects.all()}
        self.by_parent = {
            (c.parent_id, c.name, c.moodle_context if c.parent_id is None else ""): c.pk for c in self.by_id.values()
        }

    def path(self, category_id: int | None) -> tuple:
        names, node = [], self.by_id.get(category_id)
        context = ""
        while node is not None:
            names.append(node.name)
            context = node.moodle_context
            node = self.by_id.get(node.parent_id)
        return (context, *reversed(names))

    def find(self, context: str, names: list[str]) -> int | None:
        parent = None
        for depth, name in enumerate(names):
            parent = self.by_parent.get((parent, name, context if depth == 0 else ""))
            if parent is None:
                return None
        return parent


def question_snapshot(question: Question, categories: CategoryIndex) -> dict:
    """What an import can set on a question, in comparable form (options and rows prefetched)."""
    options = sorted(question.options.all(), key=lambda o: (o.sort_order or 0, o.pk))
    rows = sorted(question.answer_keys.all(), key=lambda a: (a.sort_order or 0, a.pk))
    return _typed(
        question.qtype,
        {
            "qtype": question.qtype,
            "name": question.name,
            "idnumber": question.idnumber,
            "stem": question.stem,
            "category": categories.path(question.category_id),
            "options": [(o.text, o.is_correct, _n(o.fraction), o.feedback) for o in options],
            "correct_true": question.correct_true,
            "true_feedback": question.true_feedback,
            "false_feedback": question.false_feedback,
            "accepted": [line.strip() for line in question.accepted_answers.splitlines() if line.strip()],
            "answers": [(a.text, _n(a.value), _n(a.tolerance), _n(a.fraction), a.feedback) for a in rows],
            "case_sensitive": question.case_sensitive,
            "explanation": question.explanation,
            "grader_info": question.grader_info,
            "difficulty": question.difficulty,
            "points": _n(question.points),
            "tags": sorted(tag.name for tag in question.tags.all()),
            "is_active": question.is_active,
        },
    )


def parsed_snapshot(parsed: ParsedQuestion, *, category: tuple, existing: dict | None) -> dict:
    """The question as it will be after the import: what the file gives, and for what it does not
    give, what the bank has (or the bank's default for a new question)."""
    kept = existing or {"idnumber": "", "difficulty": 2, "points": "1", "tags": [], "is_active": True}
    return _typed(
        parsed.qtype,
        {
            "qtype": parsed.qtype,
            "name": parsed.display_name,
            "idnumber": parsed.idnumber or kept["idnumber"],
            "stem": parsed.stem,
            "category": category,
            "options": [(o.text, o.correct, _n(o.fraction), o.feedback) for o in parsed.options],
            "correct_true": parsed.correct_true,
            "true_feedback": parsed.true_feedback,
            "false_feedback": parsed.false_feedback,
            "accepted": list(parsed.accepted),
            "answers": [(a.text, _n(a.value), _n(a.tolerance), _n(a.fraction), a.feedback) for a in parsed.answers],
            "case_sensitive": parsed.case_sensitive,
            "explanation": parsed.explanation,
            "grader_info": parsed.grader_info,
            "difficulty": parsed.difficulty if parsed.difficulty is not None else kept["difficulty"],
            "points": _n(parsed.points) if parsed.points is not None else kept["points"],
            "tags": sorted(parsed.tags) if parsed.tags is not None else kept["tags"],
            "is_active": parsed.is_active if parsed.is_active is not None else kept["is_active"],
        },
    )


@dataclass
class PlannedQuestion:
    parsed: ParsedQuestion
    existing: Question | None
    status: str
    category: tuple  # (context, *names) the question will be in


@dataclass
class ImportPlan:
    report: ParseReport
    rows: list[PlannedQuestion] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def new(self) -> int:
        return self.count(NEW)

    @property
    def updated(self) -> int:
        return self.count(UPDATED)

    @property
    def unchanged(self) -> int:
        return self.count(UNCHANGED)

    @property
    def changes_nothing(self) -> bool:
        return bool(self.rows) and self.new == 0 and self.updated == 0


def bank_import_plan(*, report: ParseReport, default_category: QuestionCategory | None) -> ImportPlan:
    """Each question of a parsed file as new, updated or unchanged. Reads the categories once and
    the candidate questions (by ID number, or in the file's categories) in one query with their
    options, answer rows and tags."""
    plan = ImportPlan(report=report)
    categories = CategoryIndex()
    default = categories.path(default_category.pk) if default_category else ("",)
    targets = []
    for parsed in report.questions:
        path = (parsed.category_context, *parsed.category_path) if parsed.category_path else default
        targets.append((parsed, path, categories.find(path[0], list(path[1:]))))
    ids = {p.idnumber for p, _path, _cat in targets if p.idnumber}
    category_ids = {cat for _p, _path, cat in targets if cat}
    candidates = (
        Question.objects.filter(Q(idnumber__in=ids) | Q(category_id__in=category_ids))
        .prefetch_related("options", "answer_keys", "tags")
        .order_by("pk")
    )
    by_id, by_name = defaultdict(list), defaultdict(list)
    for question in candidates:
        by_id[question.idnumber].append(question)
        by_name[(question.category_id, question.name)].append(question)
    used: set[int] = set()
    for parsed, path, category_id in targets:
        if parsed.idnumber:
            pool = [q for q in by_id[parsed.idnumber] if q.pk not in used]
            pool.sort(key=lambda q: q.category_id != category_id)
        else:
            pool = [q for q in by_name[(category_id, parsed.display_name)] if q.pk not in used]
        existing = pool[0] if pool else None
        if existing is None:
            plan.rows.append(PlannedQuestion(parsed=parsed, existing=None, status=NEW, category=path))
            continue
        used.add(existing.pk)
        before = question_snapshot(existing, categories)
        after = parsed_snapshot(parsed, category=path, existing=before)
        status = UNCHANGED if after == before else UPDATED
        plan.rows.append(PlannedQuestion(parsed=parsed, existing=existing, status=status, category=path))
    return plan
