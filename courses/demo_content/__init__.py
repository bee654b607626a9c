"""The demo's courses, written from the domain facts in our own words. The text lives in
data/*.yaml (one file per course, plus onboarding.yaml for the eight-day plan and posts.yaml for the
post training plans); this loader reads and checks those files and hands courses/demo.py the specs
it builds from: COURSES (the onboarding courses in catalogue order), ONBOARDING, POST_COURSES (one
岗位培训 course per post, catalogued after the onboarding courses) and POST_PROGRAMMES."""

from pathlib import Path

from core.demo_data import demo_entry_check, demo_error, demo_file_load, demo_list_check
from courses.demo_content.blocks import lesson_block_from_data

DATA_DIR = Path(__file__).resolve().parent / "data"

COURSE_REQUIRED = (
    "slug",
    "title",
    "subject_area",
    "kind",
    "posts",
    "hours",
    "summary",
    "intro",
    "objectives",
    "lessons",
)
LESSON_REQUIRED = ("slug", "title", "minutes", "body")
ONBOARDING_REQUIRED = ("name", "description", "posts", "due_days", "courses", "days")
PROGRAMME_REQUIRED = ("name", "description", "posts", "due_days", "days")


def _lesson(entry, *, path: Path, index: int) -> dict:
    where = f"lessons[{index}]"
    if isinstance(entry, dict) and "slug" in entry:
        where += f" “{entry['slug']}”"
    lesson = demo_entry_check(entry=entry, path=path, where=where, required=LESSON_REQUIRED, optional=("required",))
    body = demo_list_check(value=lesson["body"], path=path, where=f"{where} body")
    return {
        **lesson,
        "body": [lesson_block_from_data(block, path=path, where=f"{where} body[{i}]") for i, block in enumerate(body)],
    }


def course_spec_load(*, path: Path) -> dict:
    """One course file as the spec courses/demo.py builds a CoursePage and its lessons from."""
    course = demo_entry_check(entry=demo_file_load(path=path), path=path, where="the course", required=COURSE_REQUIRED)
    if course["slug"] != path.stem:
        raise demo_error(path=path, where="slug", problem=f"“{course['slug']}” must match the file name")
    demo_list_check(value=course["objectives"], path=path, where="objectives")
    lessons = demo_list_check(value=course["lessons"], path=path, where="lessons")
    return {
        **course,
        "hours": str(course["hours"]),
        "lessons": [_lesson(entry, path=path, index=i) for i, entry in enumerate(lessons)],
    }


def onboarding_load(*, path: Path = DATA_DIR / "onboarding.yaml") -> dict:
    """The onboarding plan: its programme fields, the catalogue order and each course's due day."""
    plan = demo_entry_check(entry=demo_file_load(path=path), path=path, where="the plan", required=ONBOARDING_REQUIRED)
    demo_list_check(value=plan["courses"], path=path, where="courses")
    if not isinstance(plan["days"], dict):
        raise demo_error(path=path, where="days", problem="must map a course slug to its due day")
    unknown = [slug for slug in plan["days"] if slug not in plan["courses"]]
    if unknown:
        raise demo_error(path=path, where="days", problem=f"names courses not in `courses`: {', '.join(unknown)}")
    return plan


def post_programmes_load(*, path: Path = DATA_DIR / "posts.yaml") -> list[dict]:
    """The post training plans: each names the posts whose new staff get it, its due days and its
    courses (slug → due day) in catalogue order."""
    data = demo_entry_check(entry=demo_file_load(path=path), path=path, where="the file", required=("programmes",))
    programmes = demo_list_check(value=data["programmes"], path=path, where="programmes")
    for i, plan in enumerate(programmes):
        where = f"programmes[{i}]"
        demo_entry_check(entry=plan, path=path, where=where, required=PROGRAMME_REQUIRED)
        demo_list_check(value=plan["posts"], path=path, where=f"{where} posts")
        if not isinstance(plan["days"], dict) or not plan["days"]:
            raise demo_error(path=path, where=f"{where} days", problem="must map a course slug to its due day")
        late = [slug for slug, day in plan["days"].items() if not 1 <= day <= plan["due_days"]]
        if late:
            raise demo_error(path=path, where=f"{where} days", problem=f"fall after due_days: {', '.join(late)}")
    return programmes


ONBOARDING = onboarding_load()
COURSES = [course_spec_load(path=DATA_DIR / f"{slug}.yaml") for slug in ONBOARDING["courses"]]
POST_PROGRAMMES = post_programmes_load()
POST_COURSES = [course_spec_load(path=DATA_DIR / f"{slug}.yaml") for plan in POST_PROGRAMMES for slug in plan["days"]]
