"""The sign-in code: bound to one drill and one site, valid for its minute and the next one."""

import datetime as dt

from drills.signin import CodeProblem, drill_signin_code, drill_signin_code_check

NOW = dt.datetime(2026, 12, 6, 10, 0, 30, tzinfo=dt.UTC)


def check(code, *, drill_id=7, site_id=3, at=NOW):
    return drill_signin_code_check(drill_id=drill_id, site_id=site_id, code=code, at=at)


def test_a_code_is_accepted_in_its_own_minute():
    assert check(drill_signin_code(drill_id=7, site_id=3, at=NOW)).ok


def test_the_previous_minutes_code_is_still_accepted_as_grace():
    assert check(drill_signin_code(drill_id=7, site_id=3, at=NOW - dt.timedelta(seconds=60))).ok


def test_a_code_two_minutes_old_has_expired():
    result = check(drill_signin_code(drill_id=7, site_id=3, at=NOW - dt.timedelta(seconds=120)))
    assert not result.ok and result.problem == CodeProblem.EXPIRED


def test_the_code_changes_every_minute():
    assert drill_signin_code(drill_id=7, site_id=3, at=NOW) != drill_signin_code(
        drill_id=7, site_id=3, at=NOW + dt.timedelta(seconds=60)
    )


def test_another_drills_or_sites_code_is_refused():
    assert check(drill_signin_code(drill_id=8, site_id=3, at=NOW)).problem == CodeProblem.FOREIGN
    assert check(drill_signin_code(drill_id=7, site_id=4, at=NOW)).problem == CodeProblem.FOREIGN


def test_a_forged_or_tampered_code_is_refused():
    window, _dash, mac = drill_signin_code(drill_id=7, site_id=3, at=NOW).partition("-")
    assert check(f"{window}-{'0' * len(mac)}").problem == CodeProblem.FOREIGN
    # moving a valid mac to a later window does not extend it
    assert check(f"{int(window) + 1}-{mac}", at=NOW + dt.timedelta(seconds=60)).problem == CodeProblem.FOREIGN
    assert check("not-a-code").problem == CodeProblem.MALFORMED
    assert check("").problem == CodeProblem.MALFORMED


def test_a_code_from_the_future_is_refused():
    assert check(drill_signin_code(drill_id=7, site_id=3, at=NOW + dt.timedelta(seconds=120))).problem == (
        CodeProblem.FOREIGN
    )


def test_the_code_depends_on_the_secret_key(settings):
    code = drill_signin_code(drill_id=7, site_id=3, at=NOW)
    settings.SECRET_KEY = "another-secret-key-" * 3
    assert not check(code).ok
