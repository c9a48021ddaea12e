"""homeroom_i18n: UI strings, dates and numbers in the reader's language.

`install` puts, in a Jinja environment, gettext callables and filters that read the page's
language from the template context (`lang`), so one environment renders every language.
Pelican-free (`invoke send` installs it in its own environment); `plugin.py` is the Pelican
plugin that installs it in every generator's.
"""

from pathlib import Path

from jinja2 import pass_context
from markupsafe import Markup

from homeroom_school.languages import direction, name_in, native_name

from . import formatting
from .catalogs import Catalogs

__all__ = ["Catalogs", "install"]


def _catalog(context):
    return context.environment.globals["homeroom_catalogs"][context.get("lang") or "en"]


@pass_context
def _gettext(context, message: str) -> str:
    return _catalog(context).gettext(message)


@pass_context
def _translated(context, message: str, /, **variables) -> str:
    """What `_()` and `{% trans %}` call: Jinja's newstyle gettext (the message translated,
    made Markup under autoescape, then always formatted with `variables`) in one call. Jinja's
    own goes through two more (its `_` alias, then the function it wraps): about 80,000 calls
    at M."""
    autoescape = context.eval_ctx.autoescape
    if variables:
        return _formatted(_catalog(context).gettext(message), autoescape, variables)
    # Most of a page's strings have no variable: each is translated and formatted once a
    # build per language (the environment's `homeroom_said`), not once on every page.
    said = context.environment.globals["homeroom_said"]
    key = (context.get("lang") or "en", message, autoescape)
    text = said.get(key)
    if text is None:
        text = said[key] = _formatted(_catalog(context).gettext(message), autoescape, {})
    return text


def _formatted(text: str, autoescape: bool, variables: dict) -> str:
    """Jinja's newstyle formatting: Markup under autoescape, then always `% variables`."""
    return (Markup(text) if autoescape else text) % variables


@pass_context
def _ngettext(context, singular: str, plural: str, count: int) -> str:
    return _catalog(context).ngettext(singular, plural, count)


@pass_context
def _pgettext(context, msgctxt: str, message: str) -> str:
    return _catalog(context).pgettext(msgctxt, message)


@pass_context
def _npgettext(context, msgctxt: str, singular: str, plural: str, count: int) -> str:
    return _catalog(context).npgettext(msgctxt, singular, plural, count)


def _in_lang(function):
    @pass_context
    def filter_in_page_language(context, value, *args):
        return formatting.remembered(function, value, context.get("lang") or "en", *args)

    return filter_in_page_language


def install(env, translations_dir: Path) -> None:
    """Give a Jinja environment gettext and Babel filters for the page's `lang`."""
    if "jinja2.ext.InternationalizationExtension" not in env.extensions:
        env.add_extension("jinja2.ext.i18n")
    env.globals["homeroom_catalogs"] = Catalogs(translations_dir)
    env.globals["homeroom_said"] = {}  # (lang, message, autoescape) -> `_(message)`
    env.install_gettext_callables(
        _gettext, _ngettext, newstyle=True, pgettext=_pgettext, npgettext=_npgettext
    )
    env.globals.update(gettext=_translated, _=_translated)
    env.filters.update(
        {
            "date_long": _in_lang(formatting.date_long),
            "date_full": _in_lang(formatting.date_full),
            "date_time": _in_lang(formatting.date_time),
            "event_when": _in_lang(formatting.event_when),
            "event_day": _in_lang(formatting.event_day),
            "month_year": _in_lang(formatting.month_year),
            "slot_time": _in_lang(formatting.slot_time),
            "day_time": _in_lang(formatting.day_time),
            "number": _in_lang(formatting.number),
            "language_name": _in_lang(name_in),
            "native_name": native_name,
            "text_direction": direction,
            "iso": lambda moment: Markup(moment.isoformat()) if moment else "",
        }
    )
