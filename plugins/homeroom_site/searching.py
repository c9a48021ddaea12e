"""The search page of one language (HOMEROOM_SEARCH): what its form and fallback list."""

from homeroom_output.pages import PlannedPage, in_each
from homeroom_school import urls
from homeroom_school.model import School

# What a reader may narrow a search to (Pagefind's "kind" filter, set by the templates).
KINDS = ("news", "event", "newsletter", "page")


def search_page(school: School, lang: str):
    """/<lang>/search/: Pagefind's index of this language, filtered by class and kind;
    without JavaScript, it links to each class's news archive instead."""
    classes = [
        (c, urls.news_archive(lang if lang in c.languages else c.languages[0], c.id))
        for c in school.classes.values()
    ]
    return PlannedPage(
        url=urls.search(lang),
        lang=lang,
        template="search",
        title="",
        vars={"classes": classes, "kinds": KINDS, "search_languages": school.languages},
        switcher=in_each(school.languages, urls.search),
        feeds=[
            ("atom", "Atom", urls.school_feed(lang, "atom")),
            ("rss", "RSS", urls.school_feed(lang, "rss")),
        ],
        in_sitemap=False,
    )
