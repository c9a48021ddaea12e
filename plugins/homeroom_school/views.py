"""An item as one reader sees it: in their language, or the original with a note."""

from dataclasses import dataclass
from datetime import datetime

from homeroom_school.links import item_url
from homeroom_school.model import Item, School, SchoolClass, Version


@dataclass(frozen=True)
class Shown:
    """What a page, a list or a feed shows of an item to a reader of `lang`."""

    item: Item
    version: Version
    lang: str  # the reader's
    url: str  # the item's page in the reader's language, relative to the site root
    school_class: SchoolClass | None

    @property
    def fallback(self) -> bool:
        """True when the reader gets the original because no translation exists yet."""
        return self.version.lang != self.lang

    @property
    def title(self) -> str:
        return self.version.title

    @property
    def summary(self) -> str:
        return self.version.summary

    @property
    def body(self) -> str:
        return self.version.body

    @property
    def text_lang(self) -> str:
        return self.version.lang

    @property
    def date(self) -> datetime | None:
        return self.item.date if self.item.kind == "news" else self.version.date

    @property
    def updated(self) -> datetime | None:
        return self.version.modified or self.date

    @property
    def image(self) -> str | None:
        """The cover photo token: the translation's, or the original's when it has none."""
        return self.version.image or self.item.original.image

    @property
    def when(self):
        return self.item.when

    @property
    def location(self) -> str:
        """An event's place, in the reader's language where the translation gives it."""
        return self.version.location or self.item.original.location

    @property
    def signup(self) -> str:
        return self.version.signup or self.item.original.signup

    @property
    def signups(self):
        """The event's times to book and helpers wanted (the original's), or None."""
        return self.item.original.signups

    @property
    def original_url(self) -> str:
        return item_url(self.item, self.item.original_lang, (self.item.original_lang,))

    def translations(self, school: School) -> list[tuple[str, str]]:
        """(language, URL) of every version really written, for hreflang."""
        return [
            (lang, item_url(self.item, lang, school.languages_of(self.item)))
            for lang in self.item.versions
        ]


def show(school: School, item: Item, lang: str) -> Shown:
    """The item for a reader of `lang`."""
    return Shown(
        item=item,
        version=item.version_in(lang),
        lang=lang,
        url=item_url(item, lang, school.languages_of(item)),
        school_class=school.classes.get(item.class_id) if item.class_id else None,
    )
