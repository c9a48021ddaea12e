"""Read portfolio/<student>/student.yml into a Student, with line-precise problems."""

from homeroom_school.model import STUDENT_VISIBILITIES, Student
from homeroom_school.problems import ContentError
from homeroom_school.reading.classes import CLASS_ID, language_codes, read_mapping

STUDENT_KEYS = {"name", "family_languages", "photo_consent", "visibility"}


def read_student(
    class_id: str, student_id: str, raw: bytes, path: str, default_lang: str
) -> Student:
    """Build a Student from student.yml's bytes, or raise a ContentError."""
    if not CLASS_ID.match(student_id):
        raise ContentError(
            path,
            None,
            f"the student folder '{student_id}' may only have lowercase letters, digits and '-'; "
            "rename it (use a short id, not the child's full name)",
        )
    data, lines = read_mapping(raw, path, STUDENT_KEYS, "name, family_languages")
    name = str(data.get("name") or "").strip()
    if not name:
        raise ContentError(
            path, 1, "has no name; add a display name like `name: Ana R.` (never a full legal name)"
        )
    languages = data.get("family_languages") or [default_lang]
    if isinstance(languages, str):
        languages = [languages]
    codes = language_codes(languages, path, lines.get("family_languages"))
    consent = data.get("photo_consent", False)
    if not isinstance(consent, bool):
        raise ContentError(path, lines.get("photo_consent"), "photo_consent must be true or false")
    visibility = str(data.get("visibility") or "family").strip().lower()
    if visibility == "public":  # it would make every entry public, those written later too
        raise ContentError(
            path,
            lines.get("visibility"),
            "visibility 'public' would make every entry of this child public, those written "
            "later too; write family (only the family, with its passphrase) or link (anyone "
            "with the link), and mark each piece that may be public `Visibility: public` in "
            "its own file, one by one",
        )
    if visibility not in STUDENT_VISIBILITIES:
        raise ContentError(
            path,
            lines.get("visibility"),
            f"visibility '{visibility}' is not known; use family (only the family, with its "
            "passphrase) or link (anyone with the link)",
        )
    return Student(
        id=student_id,
        class_id=class_id,
        name=name,
        family_languages=tuple(codes),
        photo_consent=consent,
        visibility=visibility,
        source=path,
    )
