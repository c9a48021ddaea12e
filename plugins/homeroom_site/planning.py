"""Which HTML pages the site has: one PlannedPage per URL of the contract, per language."""

from datetime import datetime

from homeroom_output.pages import PlannedPage, in_each
from homeroom_school import urls
from homeroom_school.model import Item, School, SchoolClass
from homeroom_school.newsletters import Newsletters, plan_newsletters
from homeroom_school.settings import Config
from homeroom_school.views import show

from .searching import search_page
from .sheets import has_sheet, sheet_page


def chunks(items: list, size: int) -> list[list]:
    return [items[start : start + size] for start in range(0, len(items), size)] or [[]]


def newest(items: list[Item]) -> datetime | None:
    dates = [item.original.updated for item in items if item.original.updated]
    return max(dates) if dates else None


class Planner:
    """Plans every page of one school; pure, so tests can look at it without writing."""

    def __init__(self, school: School, config: Config, newsletters: Newsletters | None = None):
        self.school = school
        self.config = config
        if newsletters is None:  # a test's planner: the build's come from `newsletters_of`
            newsletters = plan_newsletters(school, config.newsletter_weeks, config.timezone)
        self.newsletters = newsletters

    def plan(self) -> list[PlannedPage]:
        pages = self.school_level()
        for school_class in self.school.classes.values():
            pages += self.class_pages(school_class)
        return pages

    def school_level(self) -> list[PlannedPage]:
        """The school's own pages: the homes, the 404 page and the school pages."""
        pages = [self.root(), self.not_found()]
        for lang in self.school.languages:
            pages.append(self.lang_home(lang))
            pages += [self.school_page(item, lang) for item in self.school.pages]
            if self.config.search:
                pages.append(search_page(self.school, lang))
        return pages

    def class_pages(self, school_class: SchoolClass) -> list[PlannedPage]:
        """Every page of one class, in each of its languages. They read only what
        `class_inputs` lists (and the settings)."""
        pages = []
        for lang in school_class.languages:
            pages.append(self.class_home(school_class, lang))
            pages += self.archive(school_class, lang)
            pages += [self.post(item, lang) for item in self.school.news.get(school_class.id, [])]
            pages += self.newsletter_pages(school_class, lang)
            pages.append(self.events_archive(school_class, lang))
            for item in self.school.events.get(school_class.id, []):
                pages.append(self.event(item, lang))
                pages += [sheet_page(self, item, lang)] if has_sheet(item) else []
        return pages

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

    def school_feeds(self, lang: str) -> list:
        return [
            ("atom", "Atom", urls.school_feed(lang, "atom")),
            ("rss", "RSS", urls.school_feed(lang, "rss")),
        ]

    def class_feeds(self, school_class: SchoolClass, lang: str) -> list:
        return [
            ("atom", "Atom", urls.class_feed(lang, school_class.id, "atom")),
            ("rss", "RSS", urls.class_feed(lang, school_class.id, "rss")),
        ]

    def upcoming(self, events: list[Item], lang: str) -> list:
        today = self.config.today
        coming = [item for item in events if not item.when.is_over(today)]
        return [show(self.school, item, lang) for item in coming[: self.config.home_events]]

    def latest_newsletter(self, school_class: SchoolClass, lang: str):
        """(month's first day, URL) of the newest newsletter, or None."""
        found = self.newsletters.of(school_class.id)
        if not found:
            return None
        return found[-1].first_day, urls.newsletter(lang, school_class.id, found[-1].month)

    def calendar_links(self, path: str) -> dict:
        """The calendar's address to paste, and its webcal:// twin that calendar apps open."""
        https = f"{self.config.absolute_url}/{path}"
        return {"calendar_url": https, "webcal_url": urls.webcal(https)}

    def home_vars(self, lang: str) -> dict:
        school = self.school
        news = school.news_in(lang, self.config.school_home_news)
        classes = [
            (c, urls.class_home(lang if lang in c.languages else c.languages[0], c.id))
            for c in school.classes.values()
        ]
        return {
            "classes": classes,
            "news": [show(school, item, lang) for item in news],
            "events": self.upcoming(school.events_in(lang), lang),
            **self.calendar_links(urls.school_calendar(lang)),
        }

    def root(self) -> PlannedPage:
        lang = self.school.default_lang
        everywhere = in_each(self.school.languages, urls.lang_home)
        return PlannedPage(
            url=urls.root(),
            lang=lang,
            template="home",
            title="",
            vars={**self.home_vars(lang), "is_root": True},
            switcher=everywhere,
            alternates=[*everywhere, ("x-default", urls.root())],
            feeds=self.school_feeds(lang),
            lastmod=self.school.last_news_change(lang),
        )

    def not_found(self) -> PlannedPage:
        """404.html, which GitHub Pages serves for any address it does not have."""
        lang = self.school.default_lang
        return PlannedPage(
            url=urls.not_found(),
            lang=lang,
            template="404",
            title="",
            switcher=in_each(self.school.languages, urls.lang_home),
            in_sitemap=False,
        )

    def lang_home(self, lang: str) -> PlannedPage:
        everywhere = in_each(self.school.languages, urls.lang_home)
        return PlannedPage(
            url=urls.lang_home(lang),
            lang=lang,
            template="home",
            title="",
            vars=self.home_vars(lang),
            switcher=everywhere,
            alternates=[*everywhere, ("x-default", urls.root())],
            feeds=self.school_feeds(lang),
            lastmod=self.school.last_news_change(lang),
        )

    def school_page(self, item: Item, lang: str) -> PlannedPage:
        shown = show(self.school, item, lang)
        return PlannedPage(
            url=shown.url,
            lang=lang,
            template="page",
            title=shown.title,
            title_lang=shown.text_lang if shown.fallback else None,
            vars={"shown": shown},
            switcher=in_each(self.school.languages, urls.school_page, item.slug),
            alternates=[] if shown.fallback else shown.translations(self.school),
            feeds=self.school_feeds(lang),
            canonical=shown.original_url if shown.fallback else None,
            lastmod=shown.version.updated,
            in_sitemap=not shown.fallback and not item.draft,
            crumbs=[self.home_crumb(lang)],
        )

    def home_crumb(self, lang: str) -> tuple:
        return ("", urls.lang_home(lang), "home")

    def class_crumbs(self, school_class: SchoolClass, lang: str) -> list:
        return [
            self.home_crumb(lang),
            (school_class.name_in(lang), urls.class_home(lang, school_class.id), ""),
        ]

    def class_home(self, school_class: SchoolClass, lang: str) -> PlannedPage:
        posts = self.school.published_news(school_class.id)
        shown = [show(self.school, item, lang) for item in posts[: self.config.home_news]]
        everywhere = in_each(school_class.languages, urls.class_home, school_class.id)
        return PlannedPage(
            url=urls.class_home(lang, school_class.id),
            lang=lang,
            template="class",
            title=school_class.name_in(lang),
            vars={
                "school_class": school_class,
                "news": shown,
                "more_news": len(posts) > len(shown),
                "archive_url": urls.news_archive(lang, school_class.id),
                "events": self.upcoming(self.school.published_events(school_class.id), lang),
                "events_url": urls.events_archive(lang, school_class.id),
                "latest_newsletter": self.latest_newsletter(school_class, lang),
                "work": [
                    (
                        show(self.school, item, lang),
                        self.school.students[f"{item.class_id}/{item.student}"],
                    )
                    for item in self.school.public_entries(school_class.id)[: self.config.home_news]
                ],
                **self.calendar_links(urls.class_calendar(lang, school_class.id)),
            },
            switcher=everywhere,
            alternates=everywhere,
            feeds=self.class_feeds(school_class, lang),
            lastmod=newest(posts),
            crumbs=[self.home_crumb(lang)],
        )

    def archive(self, school_class: SchoolClass, lang: str) -> list[PlannedPage]:
        posts = self.school.published_news(school_class.id)
        pages = chunks(posts, self.config.archive_page_size)
        planned = []
        for number, chunk in enumerate(pages, start=1):
            url = urls.news_archive(lang, school_class.id, number)
            everywhere = in_each(school_class.languages, urls.news_archive, school_class.id, number)
            planned.append(
                PlannedPage(
                    url=url,
                    lang=lang,
                    template="archive",
                    title=school_class.name_in(lang),
                    vars={
                        "school_class": school_class,
                        "news": [show(self.school, item, lang) for item in chunk],
                        "page_number": number,
                        "page_count": len(pages),
                        "newer_url": urls.news_archive(lang, school_class.id, number - 1)
                        if number > 1
                        else None,
                        "older_url": urls.news_archive(lang, school_class.id, number + 1)
                        if number < len(pages)
                        else None,
                    },
                    switcher=everywhere,
                    alternates=everywhere,
                    feeds=self.class_feeds(school_class, lang),
                    lastmod=newest(chunk),
                    crumbs=self.class_crumbs(school_class, lang),
                )
            )
        return planned

    def newsletter_pages(self, school_class: SchoolClass, lang: str) -> list[PlannedPage]:
        """Every month's newsletter (its edition in `lang`), and the archive that lists them."""
        editions = self.newsletters.in_language(school_class.id, lang)
        pages = []
        for edition in editions:
            issue = edition.issue
            everywhere = in_each(
                school_class.languages, urls.newsletter, issue.class_id, issue.month
            )
            pages.append(
                PlannedPage(
                    url=edition.url,
                    lang=lang,
                    template="newsletter",
                    title=school_class.name_in(lang),
                    vars={
                        **edition.template_vars(self.config.absolute_url),
                        "email_url": edition.email_url(),
                    },
                    switcher=everywhere,
                    alternates=everywhere,
                    feeds=self.class_feeds(school_class, lang),
                    lastmod=newest(list(issue.posts)) or issue.issued,
                    crumbs=[
                        *self.class_crumbs(school_class, lang),
                        ("", urls.newsletter_archive(lang, school_class.id), "newsletters"),
                    ],
                )
            )
        everywhere = in_each(school_class.languages, urls.newsletter_archive, school_class.id)
        pages.append(
            PlannedPage(
                url=urls.newsletter_archive(lang, school_class.id),
                lang=lang,
                template="newsletters",
                title=school_class.name_in(lang),
                vars={
                    "school_class": school_class,
                    "issues": [(edition.issue, edition.url) for edition in reversed(editions)],
                },
                switcher=everywhere,
                alternates=everywhere,
                feeds=self.class_feeds(school_class, lang),
                crumbs=self.class_crumbs(school_class, lang),
            )
        )
        return pages

    def events_archive(self, school_class: SchoolClass, lang: str) -> PlannedPage:
        events = self.school.published_events(school_class.id)
        today = self.config.today
        everywhere = in_each(school_class.languages, urls.events_archive, school_class.id)
        return PlannedPage(
            url=urls.events_archive(lang, school_class.id),
            lang=lang,
            template="events",
            title=school_class.name_in(lang),
            vars={
                "school_class": school_class,
                "upcoming": [
                    show(self.school, e, lang) for e in events if not e.when.is_over(today)
                ],
                "past": [
                    show(self.school, e, lang) for e in reversed(events) if e.when.is_over(today)
                ],
                **self.calendar_links(urls.class_calendar(lang, school_class.id)),
            },
            switcher=everywhere,
            alternates=everywhere,
            feeds=self.class_feeds(school_class, lang),
            lastmod=newest(events),
            crumbs=self.class_crumbs(school_class, lang),
        )

    def class_item(self, item: Item, lang: str, template: str, page_url, archive_url, label: str,
                   **extra) -> PlannedPage:  # fmt: skip
        """A post's or an event's page: in the reader's language, or the original, marked."""
        school_class = self.school.classes[item.class_id]
        shown = show(self.school, item, lang)
        return PlannedPage(
            url=shown.url,
            lang=lang,
            template=template,
            title=shown.title,
            title_lang=shown.text_lang if shown.fallback else None,
            vars={"shown": shown, "school_class": school_class, **extra},
            switcher=in_each(school_class.languages, page_url, school_class.id, item.slug),
            alternates=[] if shown.fallback else shown.translations(self.school),
            feeds=self.class_feeds(school_class, lang),
            canonical=shown.original_url if shown.fallback else None,
            lastmod=shown.version.updated,
            in_sitemap=not shown.fallback and not item.draft,
            crumbs=[
                *self.class_crumbs(school_class, lang),
                ("", archive_url(lang, school_class.id), label),
            ],
        )

    def event(self, item: Item, lang: str) -> PlannedPage:
        ics_url = urls.event_calendar(lang, item.class_id, item.slug)
        past = item.when.is_over(self.config.today)  # no booking links on a past event
        return self.class_item(
            item, lang, "event", urls.event_page, urls.events_archive, "events",
            ics_url=ics_url, past=past,
            sheet_url=urls.event_sheet(lang, item.class_id, item.slug) if has_sheet(item) else None,
        )  # fmt: skip

    def post(self, item: Item, lang: str) -> PlannedPage:
        return self.class_item(item, lang, "post", urls.news_post, urls.news_archive, "news")
