"""Counts in words through a catalog's plural forms: "1 page", "2 pages", never "1 pages"."""

import gettext

from homeroom_school.settings import translations_path

from .catalogs import load_catalog


def counted(catalog: gettext.NullTranslations, count: int, what: str) -> str:
    """`count` `what`s (class, post, event, page, problem, warning,
    message, family) in the catalog's
    language, the form its plural rule gives for `count`."""
    forms = {
        "class": catalog.ngettext("%(num)d class", "%(num)d classes", count),
        "post": catalog.ngettext("%(num)d post", "%(num)d posts", count),
        "event": catalog.ngettext("%(num)d event", "%(num)d events", count),
        "page": catalog.ngettext("%(num)d page", "%(num)d pages", count),
        "problem": catalog.ngettext("%(num)d problem", "%(num)d problems", count),
        "warning": catalog.ngettext("%(num)d warning", "%(num)d warnings", count),
        "message": catalog.ngettext("%(num)d message", "%(num)d messages", count),
        "family": catalog.ngettext("%(num)d family", "%(num)d families", count),
    }
    return forms[what] % {"num": count}


def task_catalog(settings: dict) -> gettext.NullTranslations:
    """The catalog the tasks speak (English) from the build's theme, as the pages find theirs
    (HOMEROOM_TRANSLATIONS_PATH, else the theme's translations/)."""
    return load_catalog(translations_path(settings), "en")
