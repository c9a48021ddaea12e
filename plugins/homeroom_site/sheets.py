"""An event's sign-up sheet to print (issue 14): one page per event with times or helpers to
book, in each language of its class, beside the event page it is printed from."""

from dataclasses import replace

from homeroom_output.pages import PlannedPage
from homeroom_school import urls
from homeroom_school.model import Item


def has_sheet(item: Item) -> bool:
    """Events with times to book or helpers wanted have a sheet; past ones too (their URL never
    moves once published), saying the event is over and offering nothing to book."""
    signups = item.original.signups
    return bool(signups and (signups.slots or signups.helpers))


def sheet_page(event: PlannedPage, item: Item, languages) -> PlannedPage:
    """The sheet, planned as its event's page (title, crumbs) is, at its own URL, in each of
    the class's `languages`. Not in the sitemap: it repeats the event page, which is there."""
    class_id = item.class_id
    everywhere = [(other, urls.event_sheet(other, class_id, item.slug)) for other in languages]
    return replace(
        event,
        url=urls.event_sheet(event.lang, class_id, item.slug),
        template="sheet",
        vars={**event.vars, "event_url": event.url, "current_label": "sheet"},
        switcher=everywhere,
        alternates=[],
        canonical=None,
        in_sitemap=False,
        crumbs=[*event.crumbs, (event.title, event.url, "")],
    )
