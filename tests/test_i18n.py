"""UI strings: every catalog complete; gettext and Babel give the reader's language."""

import re
from datetime import UTC, datetime, timedelta, timezone

import pytest
from babel.messages.pofile import read_po

from homeroom_i18n import formatting
from homeroom_i18n.catalogs import load_catalog
from tests.sites import ROOT

TRANSLATIONS = ROOT / "themes/homeroom/translations"
REQUIRED = ["en", "es", "ar", "zh", "vi", "fr"]


def catalog(lang):
    with (TRANSLATIONS / lang / "LC_MESSAGES/messages.po").open("rb") as po:
        return read_po(po, locale=lang)


def template_messages() -> set[str]:
    with (TRANSLATIONS / "messages.pot").open("rb") as pot:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(pot) if m.id}


@pytest.mark.parametrize("lang", REQUIRED)
def test_catalog_is_complete_and_consistent(lang):
    messages = catalog(lang)
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in messages if m.id}
    assert ids == template_messages(), "run `invoke catalogs` and translate what is new"
    for message in messages:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), (lang, message.id)
        assert not message.fuzzy, (lang, message.id)
        assert list(message.check(messages)) == [], (lang, message.id)
        wanted = set(re.findall(r"%\(\w+\)s", str(message.id)))
        for string in strings:
            assert set(re.findall(r"%\(\w+\)s", string)) == wanted, (lang, message.id)


def test_every_string_in_templates_is_extracted():
    used = set()
    for template in (ROOT / "themes/homeroom/templates").rglob("*.html"):
        used |= set(re.findall(r'_\("([^"]+)"', template.read_text()))
    assert used <= template_messages()


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("es", "Últimas noticias"), ("ar", "آخر الأخبار"), ("fr", "Dernières actualités")],
)
def test_catalogs_compile_in_memory(lang, expected):
    assert load_catalog(TRANSLATIONS, lang).gettext("Latest news") == expected


def test_unknown_language_falls_back_to_english():
    assert load_catalog(TRANSLATIONS, "xx").gettext("Latest news") == "Latest news"
    assert load_catalog(TRANSLATIONS, "zh-hans").gettext("Latest news") == (
        load_catalog(TRANSLATIONS, "zh").gettext("Latest news")
    )


def test_event_times_are_written_as_each_language_writes_them():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from homeroom_i18n.formatting import event_day, event_when
    from homeroom_school.model import When

    tz = ZoneInfo("America/Chicago")
    evening = When(
        datetime(2027, 1, 28, 17, 30, tzinfo=tz), datetime(2027, 1, 28, 19, 0, tzinfo=tz), False
    )
    closure = When(datetime(2026, 11, 25, tzinfo=tz), datetime(2026, 11, 27, tzinfo=tz), True)

    def plain(text):
        return text.replace("\u2009", " ").replace("\u202f", " ")

    assert plain(event_when(evening, "en")) == "Thursday, January 28, 2027, 5:30 – 7:00 PM"
    assert plain(event_when(evening, "es")) == "jueves, 28 de enero de 2027, 17:30–19:00"
    assert plain(event_day(evening, "ar")) == "الخميس، 28 يناير 2027، 5:30 م"
    assert plain(event_day(closure, "en")) == "Wed, Nov 25 – Fri, Nov 27, 2026"
    assert event_when(closure, "zh") == "2026年11月25日周三至27日周五"


def test_a_remembered_date_is_written_in_its_own_time_zone():
    """The formatting filters remember what they wrote for a value; two moments that are the
    same instant in different time zones (== in Python) are still each written as it is."""
    utc = datetime(2026, 11, 5, 12, 0, tzinfo=UTC)
    paris = utc.astimezone(timezone(timedelta(hours=1)))
    assert utc == paris
    written = [formatting.remembered(formatting.date_time, moment, "en") for moment in (utc, paris)]
    assert written == [formatting.date_time(utc, "en"), formatting.date_time(paris, "en")]
    assert written[0] != written[1]
    assert formatting.remembered(formatting.date_time, utc, "es") == formatting.date_time(utc, "es")


def test_a_date_without_its_time_is_remembered_by_its_day():
    """date_long and date_full write a day: every time of that day (in its own zone) is one
    entry, written as Babel writes the datetime itself; a day that is another day in another
    zone stays apart."""
    chicago = timezone(timedelta(hours=-6))
    day = [datetime(2026, 11, 5, hour, 30, tzinfo=chicago) for hour in (8, 15, 23)]
    late = day[2].astimezone(UTC)  # the same instant: 6 November in UTC
    formatting._remembered.cache_clear()
    for function in (formatting.date_long, formatting.date_full):
        for lang in ("en", "ar"):
            written = [formatting.remembered(function, moment, lang) for moment in day]
            assert written == [function(moment, lang) for moment in day]
            assert formatting.remembered(function, late, lang) == function(late, lang)
            assert function(late, lang) != written[2]
    # each function and language: one entry for the 5th, one for the 6th
    assert formatting._remembered.cache_info().misses == 2 * 2 * 2


def test_the_one_step_gettext_writes_what_jinjas_newstyle_gettext_writes():
    """`_()` and `{% trans %}` through homeroom_i18n's one-call gettext, and through Jinja's
    own newstyle callables over the same catalog: the same text, escaped or not, in every
    language (a variable with markup, a literal %, a message no catalog has)."""
    from jinja2 import Environment

    import homeroom_i18n

    source = (
        '{{ _("Latest news") }}|{{ _("50%% off") }}|{{ _("Hello %(name)s", name=who) }}|'
        "{% trans %}Read the whole post{% endtrans %}|{% trans n=who %}To {{ n }}{% endtrans %}"
    )
    for autoescape in (True, False):
        ours = Environment(autoescape=autoescape)
        homeroom_i18n.install(ours, TRANSLATIONS)
        jinjas = Environment(autoescape=autoescape, extensions=["jinja2.ext.i18n"])
        jinjas.globals["homeroom_catalogs"] = ours.globals["homeroom_catalogs"]
        jinjas.install_gettext_callables(
            homeroom_i18n._gettext, homeroom_i18n._ngettext, newstyle=True
        )
        assert ours.globals["_"] is not jinjas.globals["_"]  # not Jinja's alias
        for lang in REQUIRED:
            page = {"lang": lang, "who": "<b>Ana</b>"}
            written = ours.from_string(source).render(page)
            assert written == jinjas.from_string(source).render(page)
            assert ("&lt;b&gt;" in written) is autoescape


def test_a_languages_direction_and_name_are_looked_up_once():
    """Every page asks a text's direction and each language's name, many times: Babel's locale
    data is read once a language, and the answers stay right."""
    from homeroom_school.languages import direction, native_name

    direction.cache_clear()
    native_name.cache_clear()
    pages = [("ar", "rtl", "العربية"), ("en", "ltr", "English"), ("es", "ltr", "Español")] * 50
    for lang, side, name in pages:
        assert (direction(lang), native_name(lang)) == (side, name)
    assert direction.cache_info().misses == native_name.cache_info().misses == 3
    assert direction("he") == "rtl" and direction("xx-unknown") == "ltr"


def test_a_string_without_variables_is_translated_once_a_build_per_language():
    """`_()` with no variable gives the same text on every page of a language: it is looked up
    and formatted once; one with variables every time (its values differ)."""
    from jinja2 import Environment

    import homeroom_i18n

    env = Environment(autoescape=True)
    homeroom_i18n.install(env, TRANSLATIONS)
    asked = []
    catalogs = env.globals["homeroom_catalogs"]

    class Counting:
        def __init__(self, catalog):
            self.catalog = catalog

        def gettext(self, message):
            asked.append(message)
            return self.catalog.gettext(message)

    env.globals["homeroom_catalogs"] = {lang: Counting(catalogs[lang]) for lang in ("en", "es")}
    page = env.from_string('{{ _("Latest news") }}|{{ _("50%% off") }}|{{ _("Hi %(n)s", n=n) }}')
    written = [page.render(lang=lang, n=f"<i>{k}</i>") for k in range(20) for lang in ("en", "es")]
    assert written[0] == "Latest news|50% off|Hi &lt;i&gt;0&lt;/i&gt;"
    assert written[1].startswith("Últimas noticias|") and written[-1].endswith("&lt;/i&gt;")
    assert asked.count("Latest news") == asked.count("50%% off") == 2  # once per language
    assert asked.count("Hi %(n)s") == 40
