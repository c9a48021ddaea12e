"""Which posts are podcast episodes: a post's version in a language, with its own `Audio:`.

A podcast is per class and language (and per language for the whole school), holding only
what was recorded in that language: a Spanish listener never gets the English recording.
A language with no recording has no podcast at all, and pages offer none.
"""

from homeroom_school.model import Item, School, Version


def episodes(school: School, lang: str, class_id: str | None = None) -> list[tuple[Item, Version]]:
    """(post, its version in `lang`) of every published post recorded in `lang`, newest
    first: a class's, or with no class every class's (found once)."""
    key = ("episodes", lang, class_id)
    if key not in school.found:
        posts = school.published_news(class_id) if class_id else school.news_in(lang)
        school.found[key] = [
            (item, item.versions[lang])
            for item in posts
            if lang in item.versions and item.versions[lang].audio
        ]
    return school.found[key]


def recorded_languages(school: School, class_id: str) -> tuple[str, ...]:
    """The class's languages that have a podcast, in the class's order."""
    languages = school.classes[class_id].languages
    return tuple(lang for lang in languages if episodes(school, lang, class_id))
