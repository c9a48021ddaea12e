"""What `invoke new` writes: for each kind of file, its folder in the class and its first
lines, ready for the teacher to fill in (a valid file as it is)."""

import datetime
from pathlib import Path

from .model import SchoolClass
from .reading import slugify

# kind -> (folder in the class, template)
KINDS = {
    "news": (
        "news",
        "Title: {title}\nDate: {date}\nSummary: One sentence that families see in lists and "
        "emails.\n\nWrite your post here. Leave a blank line between paragraphs.\n",
    ),
    "entry": (
        "portfolio/{student}",
        "Title: {title}\nDate: {date}\nGoals: \nImage: \nImage-Alt: \n\nWhat your student did, "
        "what it shows about the goals above (ids from class.yml), and the next step.\n",
    ),
    "event": (
        "events",
        "Title: {title}\nStart: {date} 18:00\nEnd: 19:00\nLocation: \nSummary: One sentence "
        "for lists and calendars.\n\nWhat families need to know: who it is for, what to bring."
        "\n\nFor an all-day event, write `Start: {date}` alone (and `End:` its last day).\n",
    ),
}


class StarterError(ValueError):
    """The new file cannot be written; the message says why and what to do."""


def write_starter(
    content: Path, school_class: SchoolClass, kind: str, title: str, lang=None, date=None,
    student=None,
) -> Path:  # fmt: skip
    """Write a new file of `kind` for `school_class`, named from the date and title, in the
    language asked (a translation's suffix) or the class's first; returns its path."""
    if kind not in KINDS:
        raise StarterError(f"unknown kind '{kind}'; use one of: {', '.join(KINDS)}")
    class_id, languages = school_class.id, school_class.languages
    lang = (lang or languages[0]).lower()
    if lang not in languages:
        raise StarterError(
            f"{class_id} does not publish in {lang!r}; its languages: {', '.join(languages)}"
        )
    slug = slugify(title)
    if not slug:
        raise StarterError("the title needs at least one letter or digit")
    try:
        day = datetime.date.fromisoformat(date) if date else datetime.date.today()
    except ValueError:
        raise StarterError(f"--date {date!r} is not a date like 2026-11-05") from None
    class_dir = content / "classes" / class_id
    folder, template = KINDS[kind]
    if kind == "entry":
        portfolio = class_dir / "portfolio"
        students = sorted(p.name for p in portfolio.glob("*") if (p / "student.yml").is_file())
        if student not in students:
            raise StarterError(
                f"unknown student {student!r} in {class_id}; students: {', '.join(students)}"
            )
        folder = folder.format(student=student)
    suffix = "" if lang == languages[0] else f".{lang}"
    path = class_dir / folder / f"{day.isoformat()}-{slug}{suffix}.md"
    if path.exists():
        raise StarterError(f"{path} exists already; choose another title")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(template.format(title=title, date=day.isoformat()), encoding="utf-8")
    return path
