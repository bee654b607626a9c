"""Helpers shared by the certificate tests."""


def render_tasks(callbacks: list) -> list:
    """The on-commit callbacks that queue a certificate's rendering (other callbacks, such as the
    notification service's batch, may be queued in the same transaction)."""
    return [c for c in callbacks if "certificate_render_enqueue" in getattr(c, "__qualname__", "")]
