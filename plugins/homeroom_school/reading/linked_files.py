"""The files a Markdown file links, read as files: where a link is in its source (for a
message), whether a photo or PDF is what its extension says, and whether a portfolio entry
may attach a file (its kind and size). Resolving (resolving.py) decides what a link becomes;
this module only looks at the file at the other end.
"""

from dataclasses import dataclass
from pathlib import Path

from homeroom_school.links import line_of
from homeroom_school.problems import Problem
from homeroom_school.reading.signatures import expected, mismatch
from homeroom_school.settings import Config

# What a portfolio entry may attach besides photos: inlined into its page, never a file. A
# document as it is; a recording only as homeroom_audio makes it (an M4A), a clip, shown
# (`![…](clip.mov)`) or linked, only as homeroom_video makes it (an MP4): what is inlined must
# be under the attachment limit, the phone's original under the pipeline's own input limit.
DOCUMENT_SUFFIXES = {".pdf", ".txt", ".docx", ".pptx", ".xlsx", ".odt", ".odp", ".ods"}
RECORDING_SUFFIXES = {".mp3", ".m4a", ".ogg", ".oga", ".wav", ".mp4", ".webm"}
CLIP_SUFFIXES = {".mov", ".mp4", ".m4v", ".3gp", ".webm"}
ATTACHMENT_SUFFIXES = DOCUMENT_SUFFIXES | RECORDING_SUFFIXES


@dataclass(frozen=True)
class SourceLines:
    """Where a message about a file's link points: the line found when the file was parsed
    (the files it links to, `Image:`), else found by reading it again, so that the school
    does not keep every file's text in memory."""

    root: Path
    known: dict[str, dict]  # path -> ParsedFile.lines

    def find(self, source: str, needle: str) -> int | None:
        """The first line of `source` that contains `needle`."""
        known = self.known.get(source, {})
        if needle in known:
            return known[needle]
        try:
            text = (self.root / source).read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
        return line_of(text.replace("\r\n", "\n"), needle)

    def find_nth(self, source: str, needle: str, nth: int) -> int | None:
        """The `nth` (0-based) line of `source` that contains `needle`, else the first: the
        same photo shown twice in a file is named at the line of the use in question."""
        if nth == 0:
            return self.find(source, needle)
        try:
            text = (self.root / source).read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
        found = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
        return found[nth] if nth < len(found) else self.find(source, needle)


def attachment(
    source: str, path: Path, config: Config, lines: SourceLines
) -> tuple[tuple | None, Problem | None]:
    """A file a portfolio entry links (a PDF, a recording), inlined into the student's page
    (encrypted with it): its (size, mtime_ns), or why it cannot be attached. A recording's or
    clip's size is checked once it is made for the web (homeroom_audio, homeroom_video)."""
    if path.suffix.lower() not in ATTACHMENT_SUFFIXES | CLIP_SUFFIXES:
        known = ", ".join(sorted(s.lstrip(".") for s in ATTACHMENT_SUFFIXES))
        return None, Problem(
            source,
            lines.find(source, path.name),
            f"links to '{path.name}', a kind of file Homeroom does not attach; use a "
            f"photo or one of: {known}",
        )
    status = path.stat()
    size, limit = status.st_size, config.attachment_max_bytes
    if size > limit and path.suffix.lower() in DOCUMENT_SUFFIXES:
        return None, Problem(
            source,
            lines.find(source, path.name),
            f"attaches '{path.name}' of {size / 1e6:.1f} MB, more than the limit of "
            f"{limit / 1e6:.1f} MB (HOMEROOM_ATTACHMENT_MAX_BYTES): it travels inside the "
            "family's page; make it smaller (a PDF export at a lower quality, a shorter "
            "recording)",
        )
    refused = not_what_it_says(source, path, lines)
    if refused:
        return None, refused
    return (size, status.st_mtime_ns), None


def not_what_it_says(source: str, path: Path, lines: SourceLines) -> Problem | None:
    """A problem when a linked file's first bytes are not what its extension says (a page
    renamed .pdf): it would be published, or inlined, as what it is not."""
    looks = mismatch(path)
    if looks is None:
        return None
    suffix = path.suffix.lower()
    return Problem(
        source,
        lines.find(source, path.name),
        f"links to '{path.name}', which is not {expected(suffix)}: its bytes are those of "
        f"{looks}; save or export it again as {expected(suffix)} (File > Save as, or Export), "
        f"or give it the extension of what it is",
    )
