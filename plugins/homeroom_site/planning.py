"""Which HTML pages the site has: the page families (families.py), run for the school and
for each class in each of its languages. Pure, so tests can look at it without writing."""

from homeroom_output.pages import PlannedPage
from homeroom_school.features.newsletters import Newsletters, plan_newsletters
from homeroom_school.model import School, SchoolClass
from homeroom_school.settings import Config

from .class_pages import ClassPages
from .families import EventPages, NewsletterPages, NewsPages, SchoolPages


class Planner:
    """Plans every page of one school: the school's pages, then each class's."""

    def __init__(self, school: School, config: Config, newsletters: Newsletters | None = None):
        self.school = school
        if newsletters is None:  # a test's planner: the build's come from `newsletters_of`
            newsletters = plan_newsletters(school, config.newsletter_weeks, config.timezone)
        pages = ClassPages(school, config)
        self.school_pages = SchoolPages(pages)
        # A class's pages in one language, in the order the sitemap lists them.
        self.class_families = (
            NewsPages(pages, newsletters),
            NewsletterPages(pages, newsletters),
            EventPages(pages),
        )

    def plan(self) -> list[PlannedPage]:
        pages = self.school_level()
        for school_class in self.school.classes.values():
            pages += self.class_pages(school_class)
        return pages

    def school_level(self) -> list[PlannedPage]:
        """The school's own pages: the homes, the 404 page and the school pages."""
        return self.school_pages.all()

    def class_pages(self, school_class: SchoolClass) -> list[PlannedPage]:
        """Every page of one class, in each of its languages. They read only what
        `class_inputs` lists (and the settings)."""
        return [
            page
            for lang in school_class.languages
            for family in self.class_families
            for page in family.of(school_class, lang)
        ]

    def class_inputs(self, school_class: SchoolClass) -> tuple:
        """What a class's pages are made from besides the settings and today's date: the
        class, its posts, events and newsletter notes, its students and their entries."""
        school, class_id = self.school, school_class.id
        students = [s for s in school.students.values() if s.class_id == class_id]
        return (
            school_class,
            school.news.get(class_id, []),
            school.events.get(class_id, []),
            school.notes.get(class_id, {}),
            students,
            [school.entries.get(student.key, []) for student in students],
        )
