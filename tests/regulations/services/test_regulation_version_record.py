import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from regulations.models import Citation, ClauseChange, ReviewItem, ReviewStatus
from regulations.services import ClauseInput, citation_create, regulation_version_record
from tests.factories.quizzes import QuestionFactory
from tests.regulations.conftest import fee_clauses

pytestmark = pytest.mark.django_db


def _record(register, label, clauses, effective_on=dt.date(2026, 1, 1)):
    return regulation_version_record(
        regulation=register.regulation, label=label, effective_on=effective_on, summary="", clauses=clauses, actor=None
    )


def test_a_version_with_the_same_text_flags_nothing_and_carries_citations_forward(register):
    citation = citation_create(clause=register.fee_clause, question=QuestionFactory(), actor=None)
    # Only whitespace differs: the same text.
    recorded = _record(register, "2025", fee_clauses("业主应当按照约定向物业服务人 支付物业费。"))
    assert recorded.flagged == [] and recorded.unchanged == 2
    citation.refresh_from_db()
    assert citation.clause.version == recorded.version and citation.clause.change == ClauseChange.UNCHANGED
    assert not ReviewItem.objects.exists()


def test_a_removed_clause_flags_its_citations_with_no_new_clause(register):
    citation_create(clause=register.repair_clause, question=QuestionFactory(), actor=None)
    recorded = _record(
        register, "2025", [ClauseInput(number="第九百四十四条", text="业主应当按照约定向物业服务人支付物业费。")]
    )
    assert recorded.removed == 1
    item = ReviewItem.objects.get()
    assert item.old_clause == register.repair_clause and item.new_clause is None and item.status == ReviewStatus.OPEN


def test_a_renumbered_clause_is_matched_by_its_key(register):
    citation = citation_create(clause=register.fee_clause, question=QuestionFactory(), actor=None)
    recorded = _record(
        register,
        "2025",
        [ClauseInput(number="第九百四十五条", key="第九百四十四条", text="业主应当按照约定向物业服务人支付物业费。")],
    )
    citation.refresh_from_db()
    assert citation.clause.number == "第九百四十五条" and citation.clause.version == recorded.version


def test_only_the_current_version_is_cited_and_versions_do_not_go_back_in_time(register):
    _record(register, "2025", fee_clauses("新的物业费条文。"))
    with pytest.raises(ValidationError):
        citation_create(clause=register.repair_clause, question=QuestionFactory(), actor=None)
    with pytest.raises(ValidationError):
        _record(register, "2019", fee_clauses(), effective_on=dt.date(2019, 1, 1))
    with pytest.raises(ValidationError):
        _record(register, "2025", fee_clauses())  # the label is taken
    with pytest.raises(ValidationError):
        _record(register, "2027", [ClauseInput(number="第一条", text="甲"), ClauseInput(number="第一条", text="乙")])


def test_a_citation_with_an_open_review_cannot_be_removed_and_items_are_flagged_once(register):
    from regulations.services import citation_delete
    from tests.factories.org import TrainerFactory

    citation = citation_create(clause=register.fee_clause, question=QuestionFactory(), actor=None)
    assert citation_create(clause=register.fee_clause, question=citation.question, actor=None) == citation
    _record(register, "2025", fee_clauses("新的物业费条文。"))
    assert ReviewItem.objects.count() == 1
    with pytest.raises(ValidationError):
        citation_delete(citation=citation, actor=TrainerFactory().user)
    assert Citation.objects.filter(pk=citation.pk).exists()
