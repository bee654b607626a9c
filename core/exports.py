"""Files built for one requester (Excel exports of staff data): their expiry, shared by every app
that builds them (skills' dashboard exports, the hours app's 学时 exports)."""

import datetime as dt

from django.db import models, transaction


def stored_file_delete_on_commit(file) -> None:
    """Delete a stored file once the transaction that stops pointing at it commits (a rollback
    keeps both the row and the file)."""
    name, storage = file.name, file.storage
    transaction.on_commit(lambda: storage.delete(name))


def ready_exports_expire(*, model: type[models.Model], built_before: dt.datetime) -> int:
    """Delete the files of `model`'s ready exports finished before `built_before` and mark the
    rows expired (`model.Status.READY` / `EXPIRED`, fields `status`, `file`, `finished_at`).
    Rows another worker is expiring are skipped, so two workers or a rerun expire each once."""
    with transaction.atomic():
        old = list(
            model.objects.select_for_update(skip_locked=True).filter(
                status=model.Status.READY, finished_at__lt=built_before
            )
        )
        for export in old:
            stored_file_delete_on_commit(export.file)
        model.objects.filter(pk__in=[e.pk for e in old]).update(status=model.Status.EXPIRED, file="")
    return len(old)
