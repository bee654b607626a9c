"""lms/demo_data/history.yaml is checked before anything is built: a misspelt key, an event of no
known kind or events out of order stop the demo with the file and the entry named."""

import pytest

from core.demo_data import DemoDataError
from lms.demo_history.data import DATA_FILE, history_load

HEADER = """
launch_days_ago: 420
marker: TR001
onboarding_programme: 新员工入职培训
defaults: {follow_up_notes: 好, owner_satisfaction: 88}
staff:
"""


def load(tmp_path, staff: str) -> dict:
    path = tmp_path / "history.yaml"
    path.write_text(HEADER + staff, encoding="utf-8")
    return history_load(path=path)


def test_the_demos_history_file_loads():
    data = history_load(path=DATA_FILE)
    assert {person["employee"] for person in data["staff"]} >= {"YG101", "YG102", "YG302"}


def test_a_misspelt_key_names_the_entry(tmp_path):
    with pytest.raises(DemoDataError, match=r"staff\[0\] events\[0\] is missing lessons"):
        load(tmp_path, "  - {employee: YG101, events: [{days_ago: 1, read: law, lesson: 1}]}\n")
    with pytest.raises(DemoDataError, match=r"staff\[0\] events\[0\] has unknown key\(s\) lesson"):
        load(tmp_path, "  - {employee: YG101, events: [{days_ago: 1, read: law, lessons: 1, lesson: 1}]}\n")


def test_an_event_of_no_known_kind_is_refused(tmp_path):
    with pytest.raises(DemoDataError, match=r"events\[0\] must hold exactly one of finish"):
        load(tmp_path, "  - {employee: YG101, events: [{days_ago: 1, study: law}]}\n")


def test_events_must_follow_each_other_in_time(tmp_path):
    with pytest.raises(DemoDataError, match=r"events\[1\] is earlier than the event before it"):
        load(tmp_path, "  - {employee: YG101, events: [{days_ago: 1, finish: culture}, {days_ago: 5, finish: law}]}\n")
    data = load(
        tmp_path, "  - {employee: YG101, events: [{days_ago: 5, finish: culture}, {days_ago: 1, finish: law}]}\n"
    )
    assert [e["days_ago"] for e in data["staff"][0]["events"]] == [5, 1]
