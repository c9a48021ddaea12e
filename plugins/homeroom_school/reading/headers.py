"""Which header keys each kind of file knows: a misspelled key is never silently ignored.

A portfolio entry is about a child, so any key it does not know is an error (a `Visiblity:`
that nobody reads would publish the entry wider than meant). Posts, events, pages and notes
error on a near miss of a known key (`Stauts`: did you mean `Status`?) and warn on other keys,
which Homeroom does not read (`Author:` from a Pelican habit).
"""

import difflib

from homeroom_school.problems import Problem

COMMON = {"title", "summary", "slug", "lang", "status", "modified"}
KNOWN = {
    "news": COMMON | {"date", "tags", "image", "image_alt", "shows", "audio"},
    "event": COMMON
    | {"start", "end", "location", "signup"}
    | {"slots", "pause", "booked", "interpreters", "helpers", "helpers_found"},
    "page": COMMON | {"date"},
    "note": COMMON,
    "entry": COMMON | {"date", "goals", "image", "image_alt", "visibility"},
}
NEAR_MISS = 0.75  # difflib's ratio: `Stauts`/`Status` is 0.83, `Lnag`/`Lang` 0.75
KIND_NAMES = {
    "news": "a news post",
    "event": "an event",
    "page": "a school page",
    "note": "a newsletter note",
    "entry": "a portfolio entry",
}


def written(key: str) -> str:
    """A normalized key as a teacher writes it: image_alt -> Image-Alt."""
    return "-".join(part.capitalize() for part in key.split("_"))


def check_keys(header, kind: str, path: str) -> list[Problem]:
    """A problem for each header key that `kind` does not know (see the module's docstring)."""
    known = KNOWN[kind]
    problems = []
    for key in header.values:
        if key in known:
            continue
        line = header.line(key)
        close = difflib.get_close_matches(key, sorted(known), n=1, cutoff=NEAR_MISS)
        if key == "audio" and kind == "entry":
            problems.append(
                Problem(
                    path,
                    line,
                    "has an Audio line, but a recording in a portfolio entry is one of its "
                    "attachments, kept inside the family's page: link it in the text instead, "
                    "like [Listen to Ana read](reading.m4a)",
                )
            )
        elif key == "visibility":
            problems.append(
                Problem(
                    path,
                    line,
                    f"has a Visibility line, but {KIND_NAMES[kind]} is always public; only "
                    "portfolio entries have a visibility: remove the line, or move the file "
                    "into a student's portfolio folder",
                )
            )
        elif close:
            problems.append(
                Problem(
                    path,
                    line,
                    f"has an unknown header key `{written(key)}`: did you mean "
                    f"`{written(close[0])}`? Correct it; Homeroom does not read it as written",
                )
            )
        elif kind == "entry":
            problems.append(
                Problem(
                    path,
                    line,
                    f"has an unknown header key `{written(key)}`; a portfolio entry knows "
                    f"{', '.join(written(k) for k in sorted(known))}: correct or remove it",
                )
            )
        else:
            problems.append(
                Problem(
                    path,
                    line,
                    f"has a header key `{written(key)}` that Homeroom does not read; remove "
                    f"it, or use one of {', '.join(written(k) for k in sorted(known))}",
                    warning=True,
                )
            )
    return problems
