from django.core.management.base import BaseCommand

from lms.demo import demo_build


class Command(BaseCommand):
    help = "Build (or bring up to date) the demo organisation, courses, quizzes, scenarios and certificates."

    def handle(self, *args, **options):
        demo_build(stdout=self.stdout)
