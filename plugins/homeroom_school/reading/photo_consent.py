"""Who a photo in public content shows, checked against each child's photo_consent.

A teacher says who is in a photo with `Shows:`: in the Markdown image's title
(`![Reading corner](reading.jpg "Shows: ana, omar")`) or, for a post's cover, a `Shows:` header
line under `Image:`. The ids are the students' folder names (`portfolio/<id>/`) in the item's
class; a school page, which has no class, writes `<class>/<id>`. `Shows: nobody` says no child
is in it. Naming a child without consent is an error that names the id, never the child's
name. A class that asks for it (`photos_need_shows: true`) or that has a child without consent
needs `Shows` on every photo of its posts, events and newsletters. `Shows` is only read: an
<img>'s title never reaches a page (the photo token replaces the whole tag), and a photo link's
title that says `Shows:` is removed (photos_in_content.py).
"""

import difflib
import re

from homeroom_school.model import Item, SchoolClass, Student
from homeroom_school.problems import Problem

SHOWS = re.compile(r"\bshows:(.*)$", re.IGNORECASE | re.DOTALL)
NOBODY = "nobody"
# The kinds of item whose photos a class's rule covers (a school page names its children, if
# it wants to, but is no class's).
CLASS_KINDS = ("news", "event", "note")


def shows_in_title(title: str) -> str | None:
    """What a photo's title says after `Shows:` (stripped), or None when it says nothing."""
    match = SHOWS.search(title)
    return match.group(1).strip() if match else None


def needs_shows(
    item: Item, classes: dict[str, SchoolClass], students: dict[str, Student]
) -> str | None:
    """Why every photo of `item` must say whom it shows, or None: it is a post, event or
    newsletter of a class that asks for it, or that has a child without photo consent."""
    if item.kind not in CLASS_KINDS or item.class_id not in classes:
        return None
    if classes[item.class_id].photos_need_shows:
        return f"{item.class_id}'s class.yml says photos_need_shows: true"
    if any(
        not student.photo_consent
        for student in students.values()
        if student.class_id == item.class_id
    ):
        return f"a child of {item.class_id} has no photo consent"
    return None


def check_shows(
    shows: str | None,
    item: Item,
    path: str,
    written: str,
    cover: bool,
    classes: dict[str, SchoolClass],
    students: dict[str, Student],
) -> list[Problem]:
    """The problems of one photo's `Shows` (None: not written) in `item`, in the file `path`
    (their line is for the caller to find); `written`: the photo's file name, `cover`: whether
    it is the post's `Image:`."""
    if shows is None:
        reason = needs_shows(item, classes, students)
        if reason is None:
            return []
        how = (
            "add a line `Shows: ana, omar` under `Image:` with the ids of the children in it"
            if cover
            else f'end its title with the ids of the children in it: `![…]({written} "Shows: '
            'ana, omar")`'
        )
        return [
            Problem(
                path,
                None,
                f"shows '{written}' without saying who is in it, and {reason}; {how}, or "
                "write `Shows: nobody` when no child is in it",
            )
        ]
    ids = [part.strip() for part in shows.split(",") if part.strip()]
    if not ids:
        return [
            Problem(
                path,
                None,
                f"says `Shows:` for '{written}' but names nobody; write the children's ids "
                "(`Shows: ana, omar`) or `Shows: nobody`",
            )
        ]
    if any(shown.lower() == NOBODY for shown in ids):
        if len(ids) == 1:
            return []
        return [
            Problem(
                path,
                None,
                f"says '{written}' shows nobody and also names children; write either "
                "`Shows: nobody` or the children's ids",
            )
        ]
    return [
        problem
        for shown in ids
        if (problem := check_one(shown, item, path, written, students)) is not None
    ]


def check_one(shown: str, item: Item, path: str, written: str, students: dict) -> Problem | None:
    """A problem if `shown` is no child of the item's class (or, written `<class>/<id>`, of
    that class), or a child whose family gave no photo consent; None if it may be shown."""
    key = shown if "/" in shown or item.class_id is None else f"{item.class_id}/{shown}"
    student = students.get(key.lower())  # ids are lowercase: `Shows: Ana` is no other child
    if student is None:
        return unknown_child(shown, item, path, written, students)
    if student.photo_consent:
        return None
    return Problem(
        path,
        None,
        f"shows '{shown}' in '{written}', but {student.source} has no photo_consent: true; "
        "remove the photo (or the child from it), or record the family's consent",
    )


def unknown_child(shown: str, item: Item, path: str, written: str, students: dict) -> Problem:
    """'`shown` is no child here', with the closest id the file could mean."""
    if "/" in shown or item.class_id is None:
        known = sorted(students)
        form = "`<class>/<id>`, the student's folder, like grade-3b/ana"
    else:
        known = sorted(s.id for s in students.values() if s.class_id == item.class_id)
        form = f"the student's folder name in {item.class_id}/portfolio/"
    close = difflib.get_close_matches(shown, known, n=1)
    hint = f"did you mean '{close[0]}'?" if close else f"write each child as {form}"
    return Problem(path, None, f"says '{written}' shows '{shown}', who is no student here; {hint}")
