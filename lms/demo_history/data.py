"""The demo staff's history, read from lms/demo_data/history.yaml and checked before anything is
built: a misspelt key or an unknown kind of event stops `manage.py demo` with the file and the
entry named (core.demo_data)."""

from pathlib import Path

from core.demo_data import demo_entry_check, demo_error, demo_file_load, demo_list_check

DATA_FILE = Path(__file__).resolve().parent.parent / "demo_data" / "history.yaml"

# Each event is one action; its kind is the key it has besides `days_ago` (and an optional `hour`).
EVENTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # kind: (required keys, optional keys)
    "finish": (("finish",), ()),
    "read": (("read", "lessons"), ()),
    "play": (("play",), ("choices",)),
    "assess": (("assess", "assessor", "scores", "notes"), ()),
    "react": (("react", "rating", "usefulness", "comment"), ()),
    "recommend": (("recommend",), ()),
    "approve": (("approve", "note"), ()),
    "goal": (("goal", "horizon", "target_level"), ()),
}
FOLLOW_UP_KEYS = ("evaluator", "rating")
FOLLOW_UP_OPTIONAL = ("figures", "overrides", "open")


def event_kind(event: dict, *, path: Path, where: str) -> str:
    kinds = [kind for kind in EVENTS if kind in event]
    if len(kinds) != 1:
        raise demo_error(path=path, where=where, problem=f"must hold exactly one of {', '.join(EVENTS)}")
    required, optional = EVENTS[kinds[0]]
    demo_entry_check(
        entry=event, path=path, where=where, required=("days_ago", *required), optional=("hour", *optional)
    )
    return kinds[0]


def history_load(*, path: Path = DATA_FILE) -> dict:
    """The platform's launch (days ago), the trainer who marks essays, the follow-ups' defaults and
    each person's events, checked."""
    data = demo_entry_check(
        entry=demo_file_load(path=path),
        path=path,
        where="the file",
        required=("launch_days_ago", "marker", "onboarding_programme", "defaults", "staff"),
    )
    demo_entry_check(
        entry=data["defaults"], path=path, where="defaults", required=("follow_up_notes", "owner_satisfaction")
    )
    for i, person in enumerate(demo_list_check(value=data["staff"], path=path, where="staff")):
        where = f"staff[{i}]"
        demo_entry_check(
            entry=person, path=path, where=where, required=("employee", "events"), optional=("onboarding", "follow_ups")
        )
        if "follow_ups" in person:
            demo_entry_check(
                entry=person["follow_ups"],
                path=path,
                where=f"{where} follow_ups",
                required=FOLLOW_UP_KEYS,
                optional=FOLLOW_UP_OPTIONAL,
            )
        last = None
        for j, event in enumerate(demo_list_check(value=person["events"], path=path, where=f"{where} events")):
            event_kind(event, path=path, where=f"{where} events[{j}]")
            if last is not None and event["days_ago"] > last:
                raise demo_error(path=path, where=f"{where} events[{j}]", problem="is earlier than the event before it")
            last = event["days_ago"]
    return data
