from courses.models.pages import (  # noqa: F401
    CatalogPage,
    CoursePage,
    CourseStepCredit,
    CourseStepPage,
    HomePage,
    LearningObjective,
    LessonPage,
)
from courses.models.records import (  # noqa: F401
    CourseEnrolment,
    Programme,
    ProgrammeAssignment,
    ProgrammeCourse,
    StepCompletion,
    StepTime,
)
