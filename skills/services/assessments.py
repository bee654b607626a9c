"""Supervisors' practical assessments and behaviour observations."""

from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from core.sanitize import sanitize_text
from skills.messages import EVIDENCE_OBSERVATION, EVIDENCE_PRACTICAL
from skills.models import Assessment, AssessmentKind, AssessmentScore, EvidenceKind, Rubric
from skills.services.evidence import evidence_record


class ScoresDoNotMatchRubric(Exception):
    pass


@transaction.atomic
def assessment_record(
    *,
    trainee: AbstractBaseUser,
    assessor: AbstractBaseUser,
    rubric: Rubric,
    scores: list[int],
    notes: str = "",
    photo: UploadedFile | None = None,
    passed: bool | None = None,
) -> Assessment:
    """Record a rubric-scored assessment of a named trainee and log it as evidence on the rubric's
    competency. Pass/fail is the assessor's call when given, else the rubric's pass mark decides.
    The caller has already checked that the trainee is in the assessor's scope and validated the photo."""
    criteria = list(rubric.criteria.all())
    if len(scores) != len(criteria) or any(s < 0 or s > c.max_score for s, c in zip(scores, criteria, strict=False)):
        raise ScoresDoNotMatchRubric(f"Rubric {rubric.pk} needs {len(criteria)} scores within their maxima.")
    total, maximum = sum(scores), sum(c.max_score for c in criteria)
    percent = Decimal(100 * total / maximum).quantize(Decimal("0.01")) if maximum else Decimal(0)
    if passed is None:
        passed = percent >= rubric.pass_percent
    assessment = Assessment.objects.create(
        kind=rubric.kind,
        trainee=trainee,
        assessor=assessor,
        rubric=rubric,
        competency=rubric.competency,
        title=rubric.name,
        total_score=total,
        max_score=maximum,
        passed=passed,
        notes=sanitize_text(notes),
        photo=photo or "",
    )
    AssessmentScore.objects.bulk_create(
        [
            AssessmentScore(assessment=assessment, criterion=c.text, score=s, max_score=c.max_score)
            for s, c in zip(scores, criteria, strict=True)
        ]
    )
    kind = EvidenceKind.PRACTICAL if rubric.kind == AssessmentKind.PRACTICAL else EvidenceKind.OBSERVATION
    evidence_record(
        user=trainee,
        kind=kind,
        title=EVIDENCE_PRACTICAL if kind == EvidenceKind.PRACTICAL else EVIDENCE_OBSERVATION,
        title_params={"rubric": rubric.name},
        source_type="skills.Assessment",
        source_id=str(assessment.pk),
        recorded_by=assessor,
        competency=rubric.competency,
        score=Decimal(total),
        percent=percent,
        passed=passed,
    )
    return assessment
