"""The site's pages by family: each plans its own URLs of the contract (docs/URLS in the
README), in each language, through the shared `ClassPages`. A new kind of page goes in the
family it belongs to, or in a new family that planning.py runs. Pure, like the planner."""

from homeroom_output.pages import PlannedPage, in_each
from homeroom_school import urls
from homeroom_school.features.newsletters import Newsletters
from homeroom_school.model import Item, SchoolClass
from homeroom_school.views import show

from .class_pages import ClassPages, chunks, newest
from .searching import search_page
from .sheets import has_sheet, sheet_page


class NewsPages:
    """A class's home (its news first), its news archive in pages, and each post."""

    def __init__(self, pages: ClassPages, newsletters: Newsletters):
        self.pages = pages
        self.school = pages.school
        self.config = pages.config
        self.newsletters = newsletters

    def of(self, school_class: SchoolClass, lang: str) -> list[PlannedPage]:
        posts = self.school.news.get(school_class.id, [])
        return [
            self.home(school_class, lang),
            *self.archive(school_class, lang),
            *(self.post(item, lang) for item in posts),
        ]

    def latest_newsletter(self, school_class: SchoolClass, lang: str):
        """(month's first day, URL) of the newest newsletter, or None."""
        found = self.newsletters.of(school_class.id)
        if not found:
            return None
        return found[-1].first_day, urls.newsletter(lang, school_class.id, found[-1].month)

    def home(self, school_class: SchoolClass, lang: str) -> PlannedPage:
        school, config, pages = self.school, self.config, self.pages
        posts = school.published_news(school_class.id)
        shown = [show(school, item, lang) for item in posts[: config.home_news]]
        work = school.public_entries(school_class.id)[: config.home_news]
        return pages.page(
            school_class,
            lang,
            "class",
            urls.class_home,
            vars={
                "school_class": school_class,
                "news": shown,
                "more_news": len(posts) > len(shown),
                "archive_url": urls.news_archive(lang, school_class.id),
                "events": pages.upcoming(school.published_events(school_class.id), lang),
                "events_url": urls.events_archive(lang, school_class.id),
                "latest_newsletter": self.latest_newsletter(school_class, lang),
                "work": [
                    (show(school, item, lang), school.students[f"{item.class_id}/{item.student}"])
                    for item in work
                ],
                **pages.calendar_links(urls.class_calendar(lang, school_class.id)),
            },
            lastmod=newest(posts),
            crumbs=[pages.home_crumb(lang)],
        )

    def archive(self, school_class: SchoolClass, lang: str) -> list[PlannedPage]:
        posts = self.school.published_news(school_class.id)
        chunked = chunks(posts, self.config.archive_page_size)
        planned = []
        for number, chunk in enumerate(chunked, start=1):
            newer = urls.news_archive(lang, school_class.id, number - 1) if number > 1 else None
            older = (
                urls.news_archive(lang, school_class.id, number + 1)
                if number < len(chunked)
                else None
            )
            vars = {
                "school_class": school_class,
                "news": [show(self.school, item, lang) for item in chunk],
                "page_number": number,
                "page_count": len(chunked),
                "newer_url": newer,
                "older_url": older,
            }
            planned.append(
                self.pages.page(
                    school_class,
                    lang,
                    "archive",
                    urls.news_archive,
                    number,
                    vars=vars,
                    lastmod=newest(chunk),
                    crumbs=self.pages.class_crumbs(school_class, lang),
                )
            )
        return planned

    def post(self, item: Item, lang: str) -> PlannedPage:
        return self.pages.item_page(item, lang, "post", urls.news_post, urls.news_archive, "news")


class EventPages:
    """A class's events (upcoming and past), each event's page and, where it has times or
    helpers to book, its printable sign-up sheet."""

    def __init__(self, pages: ClassPages):
        self.pages = pages
        self.school = pages.school
        self.config = pages.config

    def of(self, school_class: SchoolClass, lang: str) -> list[PlannedPage]:
        planned = [self.archive(school_class, lang)]
        for item in self.school.events.get(school_class.id, []):
            event = self.event(item, lang)
            planned.append(event)
            if has_sheet(item):
                planned.append(sheet_page(event, item, school_class.languages))
        return planned

    def archive(self, school_class: SchoolClass, lang: str) -> PlannedPage:
        events = self.school.published_events(school_class.id)
        today = self.config.today
        return self.pages.page(
            school_class,
            lang,
            "events",
            urls.events_archive,
            vars={
                "school_class": school_class,
                "upcoming": [
                    show(self.school, e, lang) for e in events if not e.when.is_over(today)
                ],
                "past": [
                    show(self.school, e, lang) for e in reversed(events) if e.when.is_over(today)
                ],
                **self.pages.calendar_links(urls.class_calendar(lang, school_class.id)),
            },
            lastmod=newest(events),
            crumbs=self.pages.class_crumbs(school_class, lang),
        )

    def event(self, item: Item, lang: str) -> PlannedPage:
        sheet = urls.event_sheet(lang, item.class_id, item.slug) if has_sheet(item) else None
        return self.pages.item_page(
            item,
            lang,
            "event",
            urls.event_page,
            urls.events_archive,
            "events",
            ics_url=urls.event_calendar(lang, item.class_id, item.slug),
            past=item.when.is_over(self.config.today),  # no booking links on a past event
            sheet_url=sheet,
        )


class NewsletterPages:
    """Every month's newsletter of a class (its edition in the page's language), and the
    archive that lists them."""

    def __init__(self, pages: ClassPages, newsletters: Newsletters):
        self.pages = pages
        self.config = pages.config
        self.newsletters = newsletters

    def of(self, school_class: SchoolClass, lang: str) -> list[PlannedPage]:
        editions = self.newsletters.in_language(school_class.id, lang)
        pages = self.pages
        crumbs = pages.class_crumbs(school_class, lang)
        archive_crumb = ("", urls.newsletter_archive(lang, school_class.id), "newsletters")
        planned = [
            pages.page(
                school_class,
                lang,
                "newsletter",
                urls.newsletter,
                edition.issue.month,
                vars={
                    **edition.template_vars(self.config.absolute_url),
                    "email_url": edition.email_url(),
                },
                lastmod=newest(list(edition.issue.posts)) or edition.issue.issued,
                crumbs=[*crumbs, archive_crumb],
            )
            for edition in editions
        ]
        archive = pages.page(
            school_class,
            lang,
            "newsletters",
            urls.newsletter_archive,
            vars={
                "school_class": school_class,
                "issues": [(edition.issue, edition.url) for edition in reversed(editions)],
            },
            crumbs=crumbs,
        )
        return [*planned, archive]


class SchoolPages:
    """The school's own pages: the root, the 404 page, and in each language its home, the
    school pages (content/pages) and, with HOMEROOM_SEARCH, the search page."""

    def __init__(self, pages: ClassPages):
        self.pages = pages
        self.school = pages.school
        self.config = pages.config

    def all(self) -> list[PlannedPage]:
        planned = [self.root(), self.not_found()]
        for lang in self.school.languages:
            planned.append(self.lang_home(lang))
            planned += [self.school_page(item, lang) for item in self.school.pages]
            if self.config.search:
                planned.append(search_page(self.school, lang))
        return planned

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
            "events": self.pages.upcoming(school.events_in(lang), lang),
            **self.pages.calendar_links(urls.school_calendar(lang)),
        }

    def home(self, url: str, lang: str, **extra) -> PlannedPage:
        """The root (the default language's home) or a language's home."""
        everywhere = in_each(self.school.languages, urls.lang_home)
        return PlannedPage(
            url=url,
            lang=lang,
            template="home",
            title="",
            vars={**self.home_vars(lang), **extra},
            switcher=everywhere,
            alternates=[*everywhere, ("x-default", urls.root())],
            feeds=self.pages.school_feeds(lang),
            lastmod=self.school.last_news_change(lang),
        )

    def root(self) -> PlannedPage:
        return self.home(urls.root(), self.school.default_lang, is_root=True)

    def lang_home(self, lang: str) -> PlannedPage:
        return self.home(urls.lang_home(lang), lang)

    def not_found(self) -> PlannedPage:
        """404.html, which GitHub Pages serves for any address it does not have."""
        return PlannedPage(
            url=urls.not_found(),
            lang=self.school.default_lang,
            template="404",
            title="",
            switcher=in_each(self.school.languages, urls.lang_home),
            in_sitemap=False,
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
            feeds=self.pages.school_feeds(lang),
            canonical=shown.original_url if shown.fallback else None,
            lastmod=shown.version.updated,
            in_sitemap=not shown.fallback and not item.draft,
            crumbs=[self.pages.home_crumb(lang)],
        )
