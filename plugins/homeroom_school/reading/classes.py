"""Read classes/<id>/class.yml into a SchoolClass, with line-precise problems."""

import contextlib
import difflib
import re
from datetime import date, datetime

from homeroom_school.languages import is_known
from homeroom_school.model import Contact, LocalText, SchoolClass
from homeroom_school.problems import ContentError, Problem
from homeroom_school.reading.front_matter import decode, load_yaml
from homeroom_school.replies import plain_address

CLASS_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CLASS_KEYS = {"name", "teachers", "languages", "goals", "contact", "year_ends", "photos_need_shows"}
CONTACT_KEYS = {"email", "phone", "sms", "response_time", "office_hours"}
SMS = re.compile(r"^\+?[0-9][0-9 ().-]{3,30}$")


def local_text(value, path: str, line: int | None, what: str) -> LocalText:
    """A text field: a plain string, or a mapping from language code to string."""
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return {"*": str(value)}
    if isinstance(value, dict) and value:
        text = {}
        for lang, string in value.items():
            code = str(lang).lower()
            if not is_known(code) or not isinstance(string, (str, int, float)):
                raise ContentError(
                    path,
                    line,
                    f"{what} must be text, or one text per language like {{en: …, es: …}}; "
                    f"'{lang}' is not a language code with a text",
                )
            text[code] = str(string)
        return text
    raise ContentError(path, line, f"{what} must be text, or one text per language")


def unknown_key(key: str, known: set, path: str, line: int | None, where: str) -> ContentError:
    close = difflib.get_close_matches(str(key), sorted(known), n=1)
    hint = f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(sorted(known))}"
    return ContentError(path, line, f"{where}has an unknown key '{key}'; {hint}")


def read_mapping(raw: bytes, path: str, known: set, example: str) -> tuple[dict, dict]:
    """A YAML file of `key: value` lines with known keys: (the data, each key's line)."""
    if not raw.strip():  # not decode's message for a Markdown file
        raise ContentError(path, None, f"is empty; write its `key: value` lines ({example}…)")
    data, lines = load_yaml(decode(raw, path), path)
    if not isinstance(data, dict):
        raise ContentError(path, 1, f"must be `key: value` lines ({example}…)")
    for key in data:
        if key not in known:
            raise unknown_key(key, known, path, lines.get(str(key)), "")
    return data, lines


def language_codes(values: list, path: str, line: int | None) -> list[str]:
    """Language codes Babel knows, lowercase, each once, in the order written."""
    codes: list[str] = []
    for lang in values:
        code = str(lang).strip().lower()
        if not is_known(code):
            raise ContentError(
                path,
                line,
                f"'{lang}' is not a language code; use codes like en, es, ar, zh, vi or fr",
            )
        if code not in codes:
            codes.append(code)
    return codes


def read_class(class_id: str, raw: bytes, path: str) -> SchoolClass:
    """Build a SchoolClass from class.yml's bytes, or raise a ContentError."""
    if not CLASS_ID.match(class_id):
        raise ContentError(
            path,
            None,
            f"the class folder '{class_id}' may only have lowercase letters, digits and '-'; "
            "rename it (it is part of the class's web address)",
        )
    data, lines = read_mapping(raw, path, CLASS_KEYS, "name, teachers, languages")
    if "name" not in data:
        raise ContentError(path, 1, "has no name; add a line like `name: Grade 3B`")
    name = local_text(data["name"], path, lines.get("name"), "name")

    languages = data.get("languages")
    if isinstance(languages, str):
        languages = [languages]
    if not isinstance(languages, list) or not languages:
        raise ContentError(
            path,
            lines.get("languages", 1),
            "needs the languages the class publishes in, first the one it writes in: "
            "`languages: [en, es]`",
        )
    codes = language_codes(languages, path, lines.get("languages"))

    teachers = data.get("teachers", [])
    if isinstance(teachers, str):
        teachers = [teachers]
    if not isinstance(teachers, list):
        raise ContentError(path, lines.get("teachers"), "teachers must be a list of names")

    goals_data = data.get("goals") or {}
    if not isinstance(goals_data, dict):
        raise ContentError(path, lines.get("goals"), "goals must be `id: description` lines")
    goals = {}
    for goal_id, text in goals_data.items():
        if not CLASS_ID.match(str(goal_id)):
            raise ContentError(
                path,
                lines.get("goals"),
                f"goal id '{goal_id}' may only have lowercase letters, digits and '-'",
            )
        goals[str(goal_id)] = local_text(text, path, lines.get("goals"), f"goal '{goal_id}'")

    contact_data = data.get("contact") or {}
    line = lines.get("contact")
    if not isinstance(contact_data, dict):
        raise ContentError(path, line, "contact must be lines like `email: …`")
    for key in contact_data:
        if key not in CONTACT_KEYS:
            raise unknown_key(key, CONTACT_KEYS, path, line, "contact ")
    contact = Contact(
        email=email_address(contact_data.get("email"), path, lines.get("contact.email")),
        phone=str(contact_data.get("phone") or ""),
        sms=sms_number(contact_data.get("sms"), path, lines.get("contact.sms")),
        response_time=local_text(contact_data["response_time"], path, line, "response_time")
        if contact_data.get("response_time")
        else {},
        office_hours=local_text(contact_data["office_hours"], path, line, "office_hours")
        if contact_data.get("office_hours")
        else {},
    )
    photos_need_shows = data.get("photos_need_shows", False)
    if not isinstance(photos_need_shows, bool):
        raise ContentError(
            path, lines.get("photos_need_shows"), "photos_need_shows must be true or false"
        )
    texts = {"name": name, **{f"goals.{g}": text for g, text in goals.items()}}
    texts.update({"contact.response_time": contact.response_time})
    texts.update({"contact.office_hours": contact.office_hours})
    return SchoolClass(
        id=class_id,
        name=name,
        teachers=tuple(str(t) for t in teachers),
        languages=tuple(codes),
        goals=goals,
        contact=contact,
        source=path,
        photos_need_shows=photos_need_shows,
        warnings=one_language_texts(texts, codes, path, lines),
        year_ends=year_end(data.get("year_ends"), path, lines.get("year_ends")),
    )


def year_end(value, path: str, line: int | None) -> date | None:
    """`year_ends`, the school year's last day, or None when class.yml does not say: a real
    date written YYYY-MM-DD (YAML reads one as a date; quoted, it is text to parse)."""
    if value is None:
        return None
    if isinstance(value, date) and not isinstance(value, datetime):  # a time says nothing here
        return value
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            return date.fromisoformat(value.strip())
    raise ContentError(
        path,
        line,
        f"year_ends '{value}' is not a date; write the school year's last day as "
        "`year_ends: 2027-06-30` (year, month, day)",
    )


def one_language_texts(texts: dict, languages: list[str], path: str, lines: dict) -> tuple:
    """A warning for each text of class.yml that families of some of the class's languages
    would read in another: a per-language mapping missing one of them, or, but for the
    class's name (often a proper name: "Room 12"), one plain text in a class of several."""
    if len(languages) < 2:
        return ()
    warnings = []
    example = ", ".join(f"{lang}: …" for lang in languages)
    for key, text in texts.items():
        if not text or (key == "name" and "*" in text):
            continue
        if "*" in text:
            said = (
                f"is in one language only, so the {', '.join(languages[1:])} pages show it "
                "as written"
            )
        else:
            missing = [lang for lang in languages if lang not in text]
            if not missing:
                continue
            shown = next((lang for lang in languages if lang in text), next(iter(text)))
            said = f"has no {', '.join(missing)} text, so those pages show it in {shown}"
        line = lines.get(key) or lines.get(key.split(".")[0])
        warnings.append(
            Problem(path, line, f"`{key}` {said}; write it per language: `{{{example}}}`", True)
        )
    return tuple(warnings)


def email_address(value, path: str, line: int | None) -> str:
    """contact.email as one plain address (replies.plain_address), or '' when there is none.
    Anything more (`?bcc=…`, a list, a name) would copy families' replies to someone else."""
    if value is None or str(value).strip() == "":
        return ""
    text = str(value).strip()
    if not plain_address(text):
        raise ContentError(
            path,
            line,
            f"contact email '{text}' is not one plain address; write one address and nothing "
            "else, like `email: park@school.example` (no name, no second address, no ?, & or "
            "spaces)",
        )
    return text


def sms_number(value, path: str, line: int | None) -> str:
    """contact.sms as an sms: link's number (`+` and digits), or '' when there is none."""
    if value is None or str(value).strip() == "":
        return ""
    text = str(value).strip()
    digits = re.sub(r"[ ().-]", "", text)
    if not SMS.match(text) or not 4 <= len(digits.lstrip("+")) <= 15:
        raise ContentError(
            path,
            line,
            f"contact sms '{text}' is not a phone number that receives texts; write digits, "
            "with the country code for another country, like `sms: +1 773 555 0140`",
        )
    return digits
