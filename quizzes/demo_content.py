"""The demo's question banks, written for this project from the domain facts (DOMAIN.md). The
questions live in demo_data/<area>.yaml, one bank per course (the area is the course's slug); this
loader reads and checks them and gives quizzes/demo.py BANKS (area → (bank name, questions)),
COURSE_QUIZZES (area → the course quiz's title, draw and minutes), BANK_SUBJECTS (area → the
bank's subject area) and QUIZ_PAGES (demo_data/quizzes.yaml: the texts and rules every course quiz
shares, and the final exam with the banks it draws from).

Each question comes out as a dict with `type`, `stem`, `explanation` and, by type, `options` and
`correct` (choices: the texts of the right options), `answer` (true/false) or `accepted`
(fill-in); essays carry only the stem and the marking notes in `explanation`."""

from pathlib import Path

from core.demo_data import demo_entry_check, demo_error, demo_file_load, demo_list_check

DATA_DIR = Path(__file__).resolve().parent / "demo_data"
PAGES_FILE = "quizzes.yaml"

# question type → keys it needs besides type, stem and explanation
TYPE_KEYS = {
    "single": ("options", "correct"),
    "multiple": ("options", "correct"),
    "true_false": ("answer",),
    "fill_in": ("accepted",),
    "essay": (),
}


def _choices(question: dict, *, path: Path, where: str) -> None:
    options = demo_list_check(value=question["options"], path=path, where=f"{where} options")
    correct = demo_list_check(value=question["correct"], path=path, where=f"{where} correct")
    if len(set(options)) != len(options):
        raise demo_error(path=path, where=f"{where} options", problem="repeat an option")
    stray = [text for text in correct if text not in options]
    if stray:
        raise demo_error(path=path, where=f"{where} correct", problem=f"names texts that are not options: {stray}")
    if question["type"] == "single" and len(correct) != 1:
        raise demo_error(path=path, where=f"{where} correct", problem="must name exactly one option")


def question_spec_check(entry, *, path: Path, index: int) -> dict:
    """One question of a bank file, checked for the keys its type needs."""
    where = f"questions[{index}]"
    if isinstance(entry, dict) and isinstance(entry.get("stem"), str):
        where += f" “{entry['stem'][:20]}”"
    if not isinstance(entry, dict) or entry.get("type") not in TYPE_KEYS:
        found = entry.get("type") if isinstance(entry, dict) else entry
        raise demo_error(path=path, where=where, problem=f"needs a type among {', '.join(TYPE_KEYS)} (found {found!r})")
    question = demo_entry_check(
        entry=entry, path=path, where=where, required=("type", "stem", *TYPE_KEYS[entry["type"]], "explanation")
    )
    if question["type"] in ("single", "multiple"):
        _choices(question, path=path, where=where)
    elif question["type"] == "true_false" and not isinstance(question["answer"], bool):
        raise demo_error(path=path, where=f"{where} answer", problem="must be true or false")
    elif question["type"] == "fill_in":
        accepted = demo_list_check(value=question["accepted"], path=path, where=f"{where} accepted")
        question = {**question, "accepted": [str(answer) for answer in accepted]}
    return question


def bank_load(*, path: Path) -> dict:
    """One bank file: its area, bank name, course quiz settings and checked questions."""
    bank = demo_entry_check(
        entry=demo_file_load(path=path),
        path=path,
        where="the bank",
        required=("area", "name", "quiz", "questions"),
        optional=("subject_area",),
    )
    if bank["area"] != path.stem:
        raise demo_error(path=path, where="area", problem=f"“{bank['area']}” must match the file name")
    demo_entry_check(entry=bank["quiz"], path=path, where="quiz", required=("title", "draw", "minutes"))
    questions = demo_list_check(value=bank["questions"], path=path, where="questions")
    stems = [q.get("stem") for q in questions if isinstance(q, dict)]
    repeated = {stem for stem in stems if stems.count(stem) > 1}
    if repeated:
        raise demo_error(path=path, where="questions", problem=f"repeat a stem: {sorted(repeated)}")
    return {**bank, "questions": [question_spec_check(q, path=path, index=i) for i, q in enumerate(questions)]}


COURSE_QUIZ_KEYS = ("intro", "pass_mark", "attempts_allowed", "success_text", "fail_text")
FINAL_EXAM_KEYS = (
    "course", "slug", "title", "banks", "draw_per_bank", "intro", "minutes", "grace_seconds", "pass_mark",
    "attempts_allowed", "requires_course_steps", "success_text", "fail_text",
)  # fmt: skip


def quiz_pages_load(*, path: Path = DATA_DIR / PAGES_FILE) -> dict:
    """The settings of the course quizzes and of the final exam (which draws from `banks`)."""
    pages = demo_entry_check(
        entry=demo_file_load(path=path), path=path, where="the file", required=("course_quiz", "final_exam")
    )
    demo_entry_check(entry=pages["course_quiz"], path=path, where="course_quiz", required=COURSE_QUIZ_KEYS)
    demo_entry_check(entry=pages["final_exam"], path=path, where="final_exam", required=FINAL_EXAM_KEYS)
    demo_list_check(value=pages["final_exam"]["banks"], path=path, where="final_exam banks")
    return pages


# Every YAML file here but quizzes.yaml is a bank, built in name order.
_LOADED = {path.stem: bank_load(path=path) for path in sorted(DATA_DIR.glob("*.yaml")) if path.name != PAGES_FILE}
BANKS = {area: (bank["name"], bank["questions"]) for area, bank in _LOADED.items()}
COURSE_QUIZZES = {area: bank["quiz"] for area, bank in _LOADED.items()}
BANK_SUBJECTS = {area: bank.get("subject_area", area) for area, bank in _LOADED.items()}
QUIZ_PAGES = quiz_pages_load()
_unknown = [area for area in QUIZ_PAGES["final_exam"]["banks"] if area not in BANKS]
if _unknown:
    raise demo_error(path=DATA_DIR / PAGES_FILE, where="final_exam banks", problem=f"name no bank: {_unknown}")
