"""Writes of the regulation register: recording a version (and flagging what cites a superseded
clause), citing a clause, deciding a review item, and assigning the refreshers a revision leads to.
Each runs in one transaction; every decision is audited."""

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from core.sanitize import sanitize_text
from core.services import audit_record
from courses.models import CoursePage
from courses.models.records import AssignmentSource
from courses.services import course_refresher_assign
from notifications.services import notification_send
from quizzes.models import Question
from regulations.models import (
    Citation,
    Clause,
    ClauseChange,
    Regulation,
    RegulationRefresher,
    RegulationVersion,
    ReviewItem,
    ReviewStatus,
)
from regulations.notices import REGULATION_REFRESHER
from regulations.selectors import citation_course_ids, regulation_holders_of_course

# A refresher a regulation's change leads to is due this many days after it is assigned.
REFRESHER_DUE_DAYS = 30


@dataclass(frozen=True)
class ClauseInput:
    number: str
    text: str
    key: str = ""


@dataclass(frozen=True)
class VersionRecorded:
    version: RegulationVersion
    changed: int
    removed: int
    unchanged: int
    new: int
    flagged: list[ReviewItem]


@transaction.atomic
def regulation_create(*, name: str, issuing_body: str, kind: str, actor: AbstractBaseUser | None) -> Regulation:
    regulation = Regulation.objects.create(
        name=sanitize_text(name).strip(), issuing_body=sanitize_text(issuing_body).strip(), kind=kind
    )
    audit_record(actor=actor, action="regulation_created", obj=regulation, detail={"name": regulation.name})
    return regulation


def _normalised(text: str) -> str:
    return "".join(text.split())


@transaction.atomic
def regulation_version_record(
    *,
    regulation: Regulation,
    label: str,
    effective_on: dt.date,
    summary: str,
    clauses: list[ClauseInput],
    actor: AbstractBaseUser | None,
) -> VersionRecorded:
    """Record a new version of `regulation` and make it the current one.

    Each clause is matched to the clause of the previous version with the same key (by default
    its number). An unchanged clause (the same text, whitespace aside) carries its citations
    forward: nothing cites the old text any more, nothing needs review. A changed or removed
    clause leaves its citations on the old clause and flags each citing lesson, question or
    scenario in the review queue, once per version."""
    label = sanitize_text(label).strip()
    if not label:
        raise ValidationError(_("A version needs a label."))
    if not clauses:
        raise ValidationError(_("A version needs at least one clause."))
    previous = RegulationVersion.objects.select_for_update().filter(regulation=regulation, is_current=True).first()
    if previous is not None and effective_on < previous.effective_on:
        raise ValidationError(
            _("The new version cannot take effect before the current one (%(date)s).") % {"date": previous.effective_on}
        )
    if RegulationVersion.objects.filter(regulation=regulation, label=label).exists():
        raise ValidationError(_("This regulation already has a version “%(label)s”.") % {"label": label})
    old_by_key = {clause.key: clause for clause in previous.clauses.all()} if previous else {}
    if previous is not None:
        previous.is_current = False
        previous.save(update_fields=["is_current"])
    version = RegulationVersion.objects.create(
        regulation=regulation,
        label=label,
        effective_on=effective_on,
        summary=sanitize_text(summary).strip(),
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    counts = {ClauseChange.NEW: 0, ClauseChange.CHANGED: 0, ClauseChange.UNCHANGED: 0}
    seen_keys: set[str] = set()
    flagged: list[ReviewItem] = []
    for position, given in enumerate(clauses):
        number = sanitize_text(given.number).strip()
        key = sanitize_text(given.key).strip() or number
        text = sanitize_text(given.text).strip()
        if not number or not text:
            raise ValidationError(_("Every clause needs a number and its text."))
        if key in seen_keys:
            raise ValidationError(_("Two clauses have the same key “%(key)s”.") % {"key": key})
        seen_keys.add(key)
        old = old_by_key.get(key)
        if old is None:
            change = ClauseChange.NEW
        elif _normalised(old.text) == _normalised(text):
            change = ClauseChange.UNCHANGED
        else:
            change = ClauseChange.CHANGED
        counts[change] += 1
        clause = Clause.objects.create(
            version=version, number=number, key=key, text=text, position=position, supersedes=old, change=change
        )
        if old is None:
            continue
        if change == ClauseChange.UNCHANGED:
            Citation.objects.filter(clause=old).update(clause=clause)
        else:
            flagged += _flag(old_clause=old, new_clause=clause, version=version)
    removed = [clause for key, clause in old_by_key.items() if key not in seen_keys]
    for old in removed:
        flagged += _flag(old_clause=old, new_clause=None, version=version)
    audit_record(
        actor=actor,
        action="regulation_version_recorded",
        obj=version,
        detail={
            "regulation": regulation.pk,
            "label": label,
            "changed": counts[ClauseChange.CHANGED],
            "removed": len(removed),
            "flagged": len(flagged),
        },
    )
    return VersionRecorded(
        version=version,
        changed=counts[ClauseChange.CHANGED],
        removed=len(removed),
        unchanged=counts[ClauseChange.UNCHANGED],
        new=counts[ClauseChange.NEW],
        flagged=flagged,
    )


def _flag(*, old_clause: Clause, new_clause: Clause | None, version: RegulationVersion) -> list[ReviewItem]:
    items = []
    for citation in Citation.objects.filter(clause=old_clause):
        item, created = ReviewItem.objects.get_or_create(
            citation=citation, version=version, defaults={"old_clause": old_clause, "new_clause": new_clause}
        )
        if created:
            items.append(item)
    return items


@transaction.atomic
def citation_create(
    *, clause: Clause, page: Page | None = None, question: Question | None = None, actor: AbstractBaseUser | None
) -> Citation:
    """Cite a clause of a regulation's current version from a lesson or scenario page or a
    question. Citing the same item twice returns the first citation."""
    if (page is None) == (question is None):
        raise ValidationError(_("Choose one lesson, scenario or question."))
    if not RegulationVersion.objects.filter(pk=clause.version_id, is_current=True).exists():
        raise ValidationError(_("Only a clause of the current version can be cited."))
    citation, created = Citation.objects.get_or_create(
        clause=clause, page=page, question=question, defaults={"created_by": actor}
    )
    if created:
        audit_record(
            actor=actor,
            action="regulation_citation_added",
            obj=citation,
            detail={
                "clause": clause.pk,
                "page": page.pk if page else None,
                "question": question.pk if question else None,
            },
        )
    return citation


@transaction.atomic
def citation_delete(*, citation: Citation, actor: AbstractBaseUser) -> None:
    if citation.review_items.filter(status=ReviewStatus.OPEN).exists():
        raise ValidationError(_("Decide its open review first."))
    audit_record(
        actor=actor,
        action="regulation_citation_removed",
        obj=citation,
        detail={"clause": citation.clause_id, "page": citation.page_id, "question": citation.question_id},
    )
    citation.delete()


def review_item_revised_since_flag(item: ReviewItem) -> bool:
    """Whether the cited item was published (a page) or saved (a question) after it was flagged:
    only then can it be called revised."""
    citation = item.citation
    if citation.page_id:
        published = Page.objects.filter(pk=citation.page_id).values_list("last_published_at", flat=True).first()
        return published is not None and published > item.flagged_at
    updated = Question.objects.filter(pk=citation.question_id).values_list("updated_at", flat=True).first()
    return updated is not None and updated > item.flagged_at


@transaction.atomic
def review_item_decide(*, item: ReviewItem, status: str, actor: AbstractBaseUser | None, note: str = "") -> ReviewItem:
    """Close a review: the item was revised (its new text is published) or is still correct.

    Either way the citation moves on to the new clause (a removed clause has none: the citation
    stays on the old one, as history). Once no item of the course citing this version is open and
    at least one was revised, the course's certificate holders get their refresher
    (regulation_refreshers_assign). Deciding a decided item changes nothing."""
    item = ReviewItem.objects.select_for_update().select_related("citation", "version").get(pk=item.pk)
    if item.status != ReviewStatus.OPEN:
        return item
    if status not in (ReviewStatus.REVISED, ReviewStatus.STILL_CORRECT):
        raise ValidationError(_("Choose revised or still correct."))
    if status == ReviewStatus.REVISED and not review_item_revised_since_flag(item):
        raise ValidationError(_("Publish the revised lesson, scenario or question first."))
    item.status = status
    item.decided_at = timezone.now()
    item.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    item.note = sanitize_text(note).strip()
    item.save(update_fields=["status", "decided_at", "decided_by", "note"])
    if (
        item.new_clause_id
        and not Citation.objects.filter(
            clause_id=item.new_clause_id, page_id=item.citation.page_id, question_id=item.citation.question_id
        ).exists()
    ):
        Citation.objects.filter(pk=item.citation_id).update(clause_id=item.new_clause_id)
    audit_record(
        actor=actor,
        action="regulation_review_decided",
        obj=item,
        detail={"status": status, "version": item.version_id, "citation": item.citation_id},
    )
    for course_id in citation_course_ids(citation=item.citation):
        regulation_refreshers_assign(version=item.version, course_id=course_id)
    return item


def review_items_published(*, page: Page, actor: AbstractBaseUser | None) -> list[ReviewItem]:
    """A lesson or scenario page was published: its open reviews flagged before now are revised."""
    items = ReviewItem.objects.filter(citation__page_id=page.pk, status=ReviewStatus.OPEN)
    return [
        review_item_decide(item=item, status=ReviewStatus.REVISED, actor=actor)
        for item in items
        if review_item_revised_since_flag(item)
    ]


@transaction.atomic
def regulation_refreshers_assign(*, version: RegulationVersion, course_id: int) -> list[RegulationRefresher]:
    """Assign the course again to the holders of certificates resting on it (its own certificate,
    or a programme's that includes it), once every item of the course citing a clause this
    version superseded is decided and at least one of them was revised.

    Exactly once per version, course and person (RegulationRefresher's unique constraint), so
    publishing twice assigns and notifies once. Revoked, expired and withdrawn certificates hold
    nothing. The notification says which regulation and clauses changed and what changed."""
    items = list(ReviewItem.objects.filter(version=version).select_related("citation", "old_clause"))
    in_course = [item for item in items if course_id in citation_course_ids(citation=item.citation)]
    if not in_course or any(item.status == ReviewStatus.OPEN for item in in_course):
        return []
    revised = [item for item in in_course if item.status == ReviewStatus.REVISED]
    if not revised:
        return []
    course = CoursePage.objects.get(pk=course_id)
    clause_numbers = "、".join(dict.fromkeys(item.old_clause.number for item in revised))
    regulation = version.regulation
    reason = _("%(regulation)s (%(version)s) changed %(clauses)s.") % {
        "regulation": regulation.name,
        "version": version.label,
        "clauses": clause_numbers,
    }
    due = timezone.localdate() + dt.timedelta(days=REFRESHER_DUE_DAYS)
    already = set(
        RegulationRefresher.objects.filter(version=version, course_id=course_id).values_list("user_id", flat=True)
    )
    assigned = []
    for certificate in regulation_holders_of_course(course_id=course_id):
        if certificate.user_id in already:
            continue
        already.add(certificate.user_id)
        enrolment = course_refresher_assign(
            user=certificate.user, course=course, due_date=due, source=AssignmentSource.REGULATION, reason=reason
        )
        refresher = RegulationRefresher.objects.create(
            version=version, course=course, user=certificate.user, enrolment=enrolment, certificate=certificate
        )
        assigned.append(refresher)
        notification_send(
            user_id=certificate.user_id,
            key=f"regulation:{version.pk}:course:{course_id}",
            notice=REGULATION_REFRESHER,
            params={
                "regulation": regulation.name,
                "version": version.label,
                "effective": version.effective_on.isoformat(),
                "clauses": clause_numbers,
                "summary": version.summary,
                "course": course.title,
                "due": due.isoformat(),
            },
            url=course.url or "",
        )
        audit_record(
            actor=None,
            action="regulation_refresher_assigned",
            obj=refresher,
            subject_user=certificate.user,
            detail={"version": version.pk, "course": course_id, "certificate": certificate.pk},
        )
    return assigned
