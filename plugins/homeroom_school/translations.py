"""Which posts and events are translated, missing or outdated, per class language."""

from dataclasses import dataclass

from homeroom_school.model import Item, School

TRANSLATED, MISSING, OUTDATED, ORIGINAL = "translated", "missing", "outdated", "original"


@dataclass(frozen=True)
class Row:
    item: Item
    status: dict[str, str]  # language -> one of the statuses above


def status_of(item: Item, lang: str) -> str:
    if lang == item.original_lang:
        return ORIGINAL
    version = item.versions.get(lang)
    if version is None:
        return MISSING
    changed = item.original.modified
    if changed and (version.modified or version.date) < changed:
        return OUTDATED  # the original was corrected after this translation was written
    return TRANSLATED


def translation_table(school: School, class_id: str) -> list[Row]:
    """Every post and event of a class, newest first, with each language's status."""
    languages = school.classes[class_id].languages
    items = school.news.get(class_id, []) + list(reversed(school.events.get(class_id, [])))
    return [Row(item, {lang: status_of(item, lang) for lang in languages}) for item in items]


def as_text(school: School, class_id: str) -> str:
    """The table as a terminal shows it."""
    languages = school.classes[class_id].languages
    rows = translation_table(school, class_id)
    width = max([len(row.item.original.source.rsplit("/", 1)[-1]) for row in rows] + [4])
    lines = [f"{class_id}".ljust(width) + "  " + "  ".join(f"{lang:<10}" for lang in languages)]
    for row in rows:
        name = row.item.original.source.rsplit("/", 1)[-1]
        lines.append(
            name.ljust(width) + "  " + "  ".join(f"{row.status[lang]:<10}" for lang in languages)
        )
    counts = {
        status: sum(1 for row in rows for s in row.status.values() if s == status)
        for status in (MISSING, OUTDATED)
    }
    lines.append(f"{counts[MISSING]} missing, {counts[OUTDATED]} outdated")
    return "\n".join(lines)


def as_html(school: School | None) -> str:
    """The tables as a page of the preview (never part of the published site)."""
    from html import escape

    if school is None:
        return "<!doctype html><title>Translations</title><p>No build yet.</p>"
    parts = [
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Translations</title>'
        "<style>body{font:15px/1.5 system-ui,sans-serif;margin:2rem}table{border-collapse:"
        "collapse;margin-block-end:2rem}td,th{border:1px solid #ccd;padding:.2rem .6rem}"
        ".missing{background:#fde8e4}.outdated{background:#fff4cc}</style></head><body>"
        "<h1>Translations</h1><p>Preview only: this page is never published.</p>"
    ]
    for class_id, school_class in school.classes.items():
        languages = school_class.languages
        parts.append(
            f"<h2>{escape(school_class.name_in(languages[0]))}</h2><table><tr><th>file</th>"
        )
        parts += [f"<th>{escape(lang)}</th>" for lang in languages]
        parts.append("</tr>")
        for row in translation_table(school, class_id):
            name = escape(row.item.original.source.rsplit("/", 1)[-1])
            cells = "".join(
                f'<td class="{row.status[lang]}">{row.status[lang]}</td>' for lang in languages
            )
            parts.append(f"<tr><td>{name}</td>{cells}</tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    return "".join(parts)
