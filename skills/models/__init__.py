from skills.models.evaluation import (  # noqa: F401
    Assessment,
    AssessmentKind,
    AssessmentScore,
    CourseReaction,
    FigureMetric,
    FollowUp,
    FollowUpEvaluation,
    FollowUpFigure,
    FollowUpStatus,
    ReminderKind,
    ReminderSent,
    ReminderStatus,
    Rubric,
    RubricCriterion,
)
from skills.models.exports import DashboardExport  # noqa: F401
from skills.models.framework import (  # noqa: F401
    Competency,
    CompetencyArea,
    CriterionKind,
    LevelCriterion,
    LevelLadder,
    SkillLevel,
)
from skills.models.records import (  # noqa: F401
    AppendOnlyError,
    Evidence,
    EvidenceKind,
    GoalHorizon,
    LearningPointEntry,
    LevelBasis,
    LevelRecord,
    PersonalGoal,
    PromotionRecommendation,
    PromotionStatus,
)
