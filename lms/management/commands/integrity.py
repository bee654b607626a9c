"""`manage.py integrity`: scan the database for rows that break the written invariants
(docs/invariants.md) and list each with the rows involved. Exits 1 when there is one, 0 when the
records agree, so it can gate a deploy, a restore or a data migration."""

import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from core.integrity import invariants_check, invariants_load


class Command(BaseCommand):
    help = (
        "Check the records against the invariants in docs/invariants.md (settings.LMS_INVARIANTS): "
        "list every violation with its rows; exit 1 when there is one."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--only",
            action="append",
            default=[],
            metavar="PATH",
            help="Run only invariants whose dotted path contains this text (repeatable), e.g. --only certificates.",
        )
        parser.add_argument(
            "--language",
            default=settings.LANGUAGE_CODE,
            help=f"Language of the sentences (default {settings.LANGUAGE_CODE}).",
        )
        parser.add_argument("--json", dest="as_json", action="store_true", help="One JSON document instead of lines.")

    def handle(self, *args, only: list[str], language: str, as_json: bool, **options):
        paths = [path for path, _f in invariants_load() if not only or any(text in path for text in only)]
        if not paths:
            raise CommandError(f"No invariant matches {only}.")
        with translation.override(language):
            violations = invariants_check(paths=paths)
        if as_json:
            self.stdout.write(
                json.dumps(
                    {"checked": paths, "violations": [v.as_dict() for v in violations]},
                    ensure_ascii=False,
                    indent=2,
                    default=str,
                )
            )
        else:
            for v in violations:
                related = f" [{', '.join(str(r) for r in v.related)}]" if v.related else ""
                self.stdout.write(f"{v.invariant}  {v.row}: {v.message}{related}")
            summary = f"{len(violations)} violation(s) of {len(paths)} invariant(s)."
            self.stdout.write(self.style.ERROR(summary) if violations else self.style.SUCCESS(summary))
        if violations:
            raise CommandError(f"{len(violations)} violation(s).", returncode=1)
