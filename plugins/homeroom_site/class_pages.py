"""The shape every page family shares: a class's page in one of its languages, an item's page
(a post, an event) in the reader's language, and what the school's pages borrow (feeds,
crumbs, upcoming events, calendar links). Pure, so tests can plan without writing."""

from datetime import datetime

from homeroom_output.pages import PlannedPage, in_each
from homeroom_school import urls
from homeroom_school.model import Item, School, SchoolClass
from homeroom_school.settings import Config
from homeroom_school.views import show


def chunks(items: list, size: int) -> list[list]:
    return [items[start : start + size] for start in range(0, len(items), size)] or [[]]


def newest(items: list[Item]) -> datetime | None:
    dates = [item.original.updated for item in items if item.original.updated]
    return max(dates) if dates else None


class ClassPages:
    """Makes the pages of the families (families.py) alike: one place decides a class page's
    title, language switcher, hreflang alternates, feeds and crumbs."""

    def __init__(self, school: School, config: Config):
        self.school = school
        self.config = config

    def page(
        self,
        school_class: SchoolClass,
        lang: str,
        template: str,
        url,
        *url_args,
        vars: dict,
        crumbs: list,
        lastmod: datetime | None = None,
    ) -> PlannedPage:
        """A page every language of the class has at `url(lang, class id, *url_args)`, each
        a translation of the others (the class's name as its title)."""
        everywhere = in_each(school_class.languages, url, school_class.id, *url_args)
        return PlannedPage(
            url=url(lang, school_class.id, *url_args),
            lang=lang,
            template=template,
            title=school_class.name_in(lang),
            vars=vars,
            switcher=everywhere,
            alternates=everywhere,
            feeds=self.class_feeds(school_class, lang),
            lastmod=lastmod,
            crumbs=crumbs,
        )

    def item_page(
        self, item: Item, lang: str, template: str, page_url, archive_url, label: str, **extra
    ) -> PlannedPage:
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

    def home_crumb(self, lang: str) -> tuple:
        return ("", urls.lang_home(lang), "home")

    def class_crumbs(self, school_class: SchoolClass, lang: str) -> list:
        return [
            self.home_crumb(lang),
            (school_class.name_in(lang), urls.class_home(lang, school_class.id), ""),
        ]

    def upcoming(self, events: list[Item], lang: str) -> list:
        """The next events a home page lists (HOMEROOM_HOME_EVENTS of them)."""
        today = self.config.today
        coming = [item for item in events if not item.when.is_over(today)]
        return [show(self.school, item, lang) for item in coming[: self.config.home_events]]

    def calendar_links(self, path: str) -> dict:
        """The calendar's address to paste, and its webcal:// twin that calendar apps open."""
        https = f"{self.config.absolute_url}/{path}"
        return {"calendar_url": https, "webcal_url": urls.webcal(https)}
