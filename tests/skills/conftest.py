from tests.factories.skills_world import world  # noqa: F401
