"""An index on Wagtail's page url_path: HomePage.route finds the page at a path by its url_path in
one lookup, instead of one query per level of the tree."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0002_programme_permissions"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS courses_page_url_path_idx ON wagtailcore_page (url_path)",
            "DROP INDEX IF EXISTS courses_page_url_path_idx",
        ),
    ]
