"""Demo courses: home → catalogue → the six onboarding courses and the six post courses (工程,
秩序/安保, 保洁, 绿化, 客服, 项目经理) with their lessons (content in courses/demo_content/), the
onboarding programme and a post training programme per post (each assigned automatically to its
posts' new hires). Who is assigned what and how far they got is the demo staff's history
(lms.demo_history), replayed through the services after all content exists. Lessons show the
generated badge picture and the diagrams drawn for the platform (static/img/diagrams/*.svg),
loaded as Wagtail images.

Pages are created through Wagtail's page API and published as revisions, exactly as a trainer's
edits are. A page that already exists (looked up by slug under its parent) is left alone, so a
second run duplicates nothing and never overwrites what a trainer has edited since."""

import copy
import io
import re
from pathlib import Path

from django.core.files import File
from django.core.files.images import ImageFile
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.models import Site as WagtailSite

from courses.demo_content import COURSES, ONBOARDING, POST_COURSES, POST_PROGRAMMES
from courses.demo_content.blocks import DIAGRAM, IMAGE, diagram_path
from courses.models import (
    CatalogPage,
    CoursePage,
    HomePage,
    LearningObjective,
    LessonPage,
    Programme,
    ProgrammeCourse,
)
from org.models import Post

BADGE_IMAGE_TITLE = "工牌佩戴示意图"
CJK_FONTS = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
]


def home_and_catalog() -> tuple[HomePage, CatalogPage]:
    root = Page.get_first_root_node()
    home = HomePage.objects.first()
    if home is None:
        home = root.add_child(instance=HomePage(title="物业服务学院", slug="academy"))
        home.save_revision().publish()
    WagtailSite.objects.update_or_create(
        is_default_site=True,
        defaults={"root_page": home, "hostname": "localhost", "port": 80, "site_name": "物业服务学院"},
    )
    # Wagtail's own welcome page is replaced by ours.
    Page.objects.filter(depth=2, slug="home").exclude(pk=home.pk).delete()
    catalog = CatalogPage.objects.child_of(home).filter(slug="courses").first() or CatalogPage.objects.first()
    if catalog is None:
        catalog = CatalogPage(
            title="课程目录",
            slug="courses",
            intro="<p>入职培训、岗位培训和提升培训的全部课程。</p>",
        )
        home.add_child(instance=catalog)
        catalog.save_revision().publish()
    return home, catalog


def badge_image():
    """A simple generated diagram (uniform with the badge on the left chest) so the etiquette
    lesson shows the image block working without shipping binary files."""
    Image = get_image_model()
    existing = Image.objects.filter(title=BADGE_IMAGE_TITLE).first()
    if existing:
        return existing
    from PIL import Image as PILImage
    from PIL import ImageDraw, ImageFont

    canvas = PILImage.new("RGB", (800, 500), "#f6f7f9")
    draw = ImageDraw.Draw(canvas)
    font_path = next((path for path in CJK_FONTS if Path(path).exists()), None)
    font = ImageFont.truetype(font_path, 30) if font_path else ImageFont.load_default()
    small = ImageFont.truetype(font_path, 24) if font_path else font
    # Shirt: shoulders, body and collar.
    draw.polygon([(250, 90), (550, 90), (660, 190), (600, 240), (560, 200), (560, 460), (240, 460), (240, 200),
                  (200, 240), (140, 190)], fill="#0b6e4f")  # fmt: skip
    draw.polygon([(350, 90), (400, 150), (450, 90)], fill="#ffffff")
    draw.line([(400, 150), (400, 460)], fill="#08523b", width=3)
    # The wearer's left chest is on the viewer's right.
    draw.rectangle([(440, 200), (530, 250)], fill="#ffffff", outline="#1f2933", width=3)
    draw.text((452, 210), "工牌", fill="#1f2933", font=small)
    draw.line([(530, 225), (650, 300)], fill="#b54708", width=3)
    draw.text((600, 305), "左胸佩戴", fill="#b54708", font=font)
    draw.text((30, 30), "工服整洁 · 工牌端正", fill="#1f2933", font=font)
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG")
    image = Image(title=BADGE_IMAGE_TITLE)
    image.file = ImageFile(io.BytesIO(buffer.getvalue()), name="badge-left-chest.png")
    image.save()
    return image


def diagram_image(*, name: str):
    """One of the diagrams drawn for the platform as a Wagtail image titled by its SVG <title> (the
    image's alt text). SVG stays off the upload form (WAGTAILIMAGES_EXTENSIONS: an uploaded SVG can
    carry script); these files are ours, checked by tests/courses/test_diagrams.py, and are shown
    through <img>, where an SVG runs no script."""
    Image = get_image_model()
    path = diagram_path(name)
    title = re.search(r"<title>(.*?)</title>", path.read_text(encoding="utf-8"), re.DOTALL).group(1).strip()
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    image = Image(title=title)
    with path.open("rb") as handle:
        image.file = File(handle, name=path.name)
        image.save()
    return image


def _images_of(specs: list[dict]) -> dict[str, int]:
    """Placeholder → Wagtail image id for every image block of these courses."""
    images = {IMAGE: badge_image().pk}
    for spec in specs:
        for lesson in spec["lessons"]:
            for block in lesson["body"]:
                placeholder = block["value"]["image"] if block["type"] == "image" else None
                if placeholder and placeholder.startswith(DIAGRAM) and placeholder not in images:
                    images[placeholder] = diagram_image(name=placeholder.removeprefix(DIAGRAM)).pk
    return images


def _body_with_images(body: list[dict], images: dict[str, int]) -> list[dict]:
    body = copy.deepcopy(body)
    for block in body:
        if block["type"] == "image":
            block["value"]["image"] = images[block["value"]["image"]]
    return body


def course_build(*, catalog: CatalogPage, spec: dict, posts: dict[str, Post], images: dict[str, int]) -> CoursePage:
    course = CoursePage.objects.child_of(catalog).filter(slug=spec["slug"]).first()
    if course is None:
        course = CoursePage(
            title=spec["title"],
            slug=spec["slug"],
            subject_area=spec["subject_area"],
            kind=spec["kind"],
            estimated_hours=spec["hours"],
            summary=spec["summary"],
            intro=spec["intro"],
            objectives=[LearningObjective(text=text) for text in spec["objectives"]],
        )
        course.target_posts = [posts[code] for code in spec["posts"] if code in posts]
        catalog.add_child(instance=course)
        course.save_revision().publish()
    for lesson_spec in spec["lessons"]:
        if LessonPage.objects.child_of(course).filter(slug=lesson_spec["slug"]).exists():
            continue
        lesson = LessonPage(
            title=lesson_spec["title"],
            slug=lesson_spec["slug"],
            estimated_minutes=lesson_spec["minutes"],
            is_required=lesson_spec.get("required", True),
            body=_body_with_images(lesson_spec["body"], images),
        )
        course.add_child(instance=lesson)
        lesson.save_revision().publish()
    return course


def onboarding_programme(*, courses: dict[str, CoursePage], posts: dict[str, Post]) -> Programme:
    programme, created = Programme.objects.get_or_create(
        name=ONBOARDING["name"],
        defaults={"description": ONBOARDING["description"], "due_days": ONBOARDING["due_days"]},
    )
    if created:
        programme.auto_assign_posts.set([posts[code] for code in ONBOARDING["posts"] if code in posts])
        programme.save()
    for order, (slug, day) in enumerate(ONBOARDING["days"].items()):
        if slug in courses:
            ProgrammeCourse.objects.get_or_create(
                programme=programme, course=courses[slug], defaults={"day": day, "sort_order": order}
            )
    return programme


def post_programme(*, plan: dict, courses: dict[str, CoursePage], posts: dict[str, Post]) -> Programme:
    """A post's training plan. Its auto-assignment reaches the post's hires from now on (through
    the StaffHired and StaffPostChanged listeners); the demo staff, made before it, are left as
    they are."""
    programme, created = Programme.objects.get_or_create(
        name=plan["name"], defaults={"description": plan["description"], "due_days": plan["due_days"]}
    )
    if created:
        programme.auto_assign_posts.set([posts[code] for code in plan["posts"] if code in posts])
        programme.save()
    for order, (slug, day) in enumerate(plan["days"].items()):
        if slug in courses:
            ProgrammeCourse.objects.get_or_create(
                programme=programme, course=courses[slug], defaults={"day": day, "sort_order": order}
            )
    return programme


def build() -> None:
    _home, catalog = home_and_catalog()
    posts = {post.code: post for post in Post.objects.all()}
    specs = [*COURSES, *POST_COURSES]
    images = _images_of(specs)
    courses = {spec["slug"]: course_build(catalog=catalog, spec=spec, posts=posts, images=images) for spec in specs}
    for plan in POST_PROGRAMMES:
        post_programme(plan=plan, courses=courses, posts=posts)
    onboarding_programme(courses=courses, posts=posts)
