from certificates.models.records import (  # noqa: F401
    Certificate,
    CertificateReminder,
    LiveStatus,
    ReminderStatus,
    RenderStatus,
)
from certificates.models.templates import (  # noqa: F401
    AchievementKind,
    CertificateRule,
    CertificateTemplate,
    Orientation,
    SkillLevel,
)
