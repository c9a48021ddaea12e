"""A linked file is what its name says: its first bytes match its extension.

A page renamed `.pdf`, a ZIP archive called `.docx` or a photo called `.mp3` would be published
(or inlined into a family's page) and opened by a reader's browser or app as what it claims to
be. Each extension Homeroom publishes or attaches has a signature: the bytes a file of that kind
starts with (ISO 32000's `%PDF-`, the MP3, MP4, Ogg, RIFF and EBML containers) or, for office
documents, the ZIP member that makes one (ECMA-376, OpenDocument's `mimetype`). Pure: a path in,
a description of a mismatch (or None) out.
"""

import zipfile
from pathlib import Path

HEAD = 4096  # bytes read to recognise a file: every signature below is in the first few

# What each extension must be: (a name for messages, a test of its first bytes).
OFFICE = {  # ZIP based (ECMA-376): the member that makes the document what it is
    ".docx": ("a Word document", "word/document.xml"),
    ".pptx": ("a PowerPoint presentation", "ppt/presentation.xml"),
    ".xlsx": ("an Excel workbook", "xl/workbook.xml"),
}
OPEN_DOCUMENT = {  # ZIP based: the `mimetype` member's text (OpenDocument 1.2, part 3, 3.3)
    ".odt": ("an OpenDocument text", "application/vnd.oasis.opendocument.text"),
    ".odp": ("an OpenDocument presentation", "application/vnd.oasis.opendocument.presentation"),
    ".ods": ("an OpenDocument spreadsheet", "application/vnd.oasis.opendocument.spreadsheet"),
}


def _mp3(head: bytes) -> bool:
    """An ID3 tag, or an MPEG audio frame's sync (11 bits set)."""
    return head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0)


def _iso_media(head: bytes) -> bool:
    """An ISO base media file (MP4, M4A): its first box is `ftyp`."""
    return head[4:8] == b"ftyp"


def _quicktime(head: bytes) -> bool:
    """A QuickTime movie (MOV): an ISO media file, or an older one that starts with another
    top-level atom (QuickTime File Format: `moov`, `mdat`, `wide`, `free`, `skip`)."""
    return head[4:8] in (b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip")


SIGNATURES = {
    ".pdf": ("a PDF", lambda head: head.startswith(b"%PDF-")),
    ".mp3": ("an MP3 recording", _mp3),
    ".m4a": ("an M4A recording", _iso_media),
    ".mp4": ("an MP4 video", _iso_media),
    ".m4v": ("an MP4 video", _iso_media),
    ".3gp": ("a 3GP video", _iso_media),
    ".mov": ("a QuickTime (MOV) video", _quicktime),
    ".ogg": ("an Ogg recording", lambda head: head.startswith(b"OggS")),
    ".oga": ("an Ogg recording", lambda head: head.startswith(b"OggS")),
    ".wav": ("a WAV recording", lambda head: head[:4] == b"RIFF" and head[8:12] == b"WAVE"),
    ".webm": ("a WebM video", lambda head: head.startswith(b"\x1a\x45\xdf\xa3")),
}

# What a file looks like, for the message: the first of these its bytes start with.
LOOKS = (
    (b"%PDF-", "a PDF"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document (.doc, .xls or .ppt)"),
    (b"OggS", "an Ogg recording"),
    (b"ID3", "an MP3 recording"),
    (b"\x1a\x45\xdf\xa3", "a WebM or Matroska video"),
    (b"{\\rtf", "an RTF document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"MZ", "a Windows program"),
    (b"\x7fELF", "a program"),
    (b"#!", "a script"),
)
HEIF_BRANDS = (b"heic", b"heix", b"heim", b"heis", b"hevc", b"mif1", b"msf1")
RIFF = {b"WAVE": "a WAV recording", b"WEBP": "a WebP image", b"AVI ": "an AVI video"}
BRANDS = {
    b"M4A ": "an M4A recording",
    b"qt  ": "a QuickTime (MOV) video",
    # HEIF's brands (ISO/IEC 23008-12): images (heic, heix, mif1, heim, heis), sequences
    # (msf1, hevc: a burst or Live Photo); every one a phone's photo
    **dict.fromkeys(HEIF_BRANDS, "a HEIC photo"),
}
MARKUP = (
    (b"<!doctype html", "an HTML page"),
    (b"<html", "an HTML page"),
    (b"<?xml", "an XML file"),
    (b"<svg", "an SVG image"),
)


def checked(suffix: str) -> bool:
    """Whether files with this extension are checked here (every kind Homeroom attaches)."""
    return suffix in SIGNATURES or suffix in OFFICE or suffix in OPEN_DOCUMENT or suffix == ".txt"


def expected(suffix: str) -> str:
    """What a file with this extension must be, for messages: 'a PDF', 'a Word document'."""
    for table in (SIGNATURES, OFFICE, OPEN_DOCUMENT):
        if suffix in table:
            return table[suffix][0]
    return "plain text (UTF-8)" if suffix == ".txt" else f"a {suffix.lstrip('.')} file"


def mismatch(path: Path) -> str | None:
    """What the file looks like when its bytes are not what its extension says ('an HTML
    page'); None when they are, or when its extension is not one checked here."""
    suffix = path.suffix.lower()
    if not checked(suffix):
        return None
    try:
        with path.open("rb") as file:
            head = file.read(HEAD)
        if suffix == ".txt":
            return None if _text(path) else looks_like(head)
    except OSError as error:
        return f"a file that cannot be read ({error.strerror or error})"
    if suffix in SIGNATURES:
        return None if SIGNATURES[suffix][1](head) else looks_like(head)
    if not head.startswith(b"PK\x03\x04"):
        return looks_like(head)
    inside = _office_kind(path)
    if inside == expected(suffix):
        return None
    return inside or "a ZIP archive that is no office document"


def _text(path: Path) -> bool:
    """UTF-8 text (a byte order mark allowed) with no NUL: what a browser shows as text."""
    data = path.read_bytes()
    if b"\0" in data:
        return False
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return True


def _office_kind(path: Path) -> str | None:
    """Which office document a ZIP archive is ('a Word document'), from its members; None when
    it is none of them (or not a readable archive)."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            for name, member in OFFICE.values():
                if member in names:
                    return name
            if "mimetype" in names and archive.getinfo("mimetype").file_size < 200:
                kind = archive.read("mimetype").decode("ascii", "replace").strip()
                for name, mimetype in OPEN_DOCUMENT.values():
                    if kind == mimetype:
                        return name
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, NotImplementedError):
        return "a damaged ZIP archive"
    return None


def looks_like(head: bytes) -> str:
    """What a file's first bytes make it look like, in words."""
    if not head:
        return "nothing: the file is empty"
    for start, name in LOOKS:
        if head.startswith(start):
            return name
    if head[:4] == b"RIFF" and head[8:12] in RIFF:
        return RIFF[head[8:12]]
    if head[4:8] == b"ftyp":
        return BRANDS.get(head[8:12], "an MP4 video")
    if _mp3(head):
        return "an MP3 recording"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    for begins, name in MARKUP:
        if start.startswith(begins):
            return name
    if b"\0" not in head:
        try:
            head.decode("utf-8")
            return "text"
        except UnicodeDecodeError as error:
            if error.start >= len(head) - 3:  # a character cut by the end of what was read
                return "text"
    return f"no kind Homeroom knows (it starts with bytes {head[:8].hex(' ')})"
