"""A clip's captions: WebVTT files beside it (`clip.vtt`, `clip.es.vtt`), one per language.

`clip.<lang>.vtt` is the captions for readers of that language; `clip.vtt` for every reader
whose language has none of its own. Each is published as a file of the site, beside the clip.
A caption file browsers would not show (SubRip's `clip.srt`, or a `clip.vtt` that is not
WebVTT) is refused with what to do (`refused_captions`), never left out without a word.
"""

import re
from pathlib import Path, PurePosixPath

WEBVTT = b"WEBVTT"  # what a WebVTT file starts with (after a byte order mark)
SUFFIXES = (".vtt", ".srt")  # what a teacher names captions: WebVTT, and SubRip (exported)
# SubRip: a cue number, then its times with a comma before the milliseconds
SUBRIP = re.compile(rb"\A\s*\d+\s*\r?\n\s*\d{1,2}:\d\d:\d\d,\d{3}\s*-->")
HOW = (
    "convert them to WebVTT, {vtt}: a first line WEBVTT, a blank line, and times written with "
    "a dot (00:00:01.000); most captioning apps export WebVTT"
)


def caption_files(source: str, content: Path) -> dict[tuple[str, str], Path]:
    """Every file beside the clip `source` (relative to content/) named as its captions
    (`clip.vtt`, `clip.es.srt`...), by (language, '' for every one; suffix)."""
    clip = PurePosixPath(source)
    found = {}
    for path in sorted((content / clip.parent).glob(f"{clip.stem}.*")):
        middle, suffix = path.name[len(clip.stem) : -len(path.suffix)], path.suffix
        lang = middle.removeprefix(".")
        if suffix in SUFFIXES and (not middle or middle.startswith(".")) and "." not in lang:
            found[(lang, suffix)] = path
    return found


def captions_of(source: str, content: Path) -> dict[str, str]:
    """The caption files beside the clip `source` (relative to content/), by language ('' for
    `clip.vtt`): only files that really are WebVTT."""
    clip = PurePosixPath(source)
    return {
        lang: str(clip.parent / path.name)
        for (lang, suffix), path in caption_files(source, content).items()
        if suffix == ".vtt" and is_webvtt(path)
    }


def refused_captions(source: str, content: Path) -> list[str]:
    """What is wrong with each caption file beside the clip that browsers would not show, as
    the end of a sentence about the clip: a `.vtt` that is not WebVTT, or a SubRip `.srt`
    with no WebVTT file of its language beside it."""
    shown = captions_of(source, content)
    refused = []
    for (lang, suffix), path in caption_files(source, content).items():
        vtt = f"{PurePosixPath(source).stem}{'.' + lang if lang else ''}.vtt"
        how = HOW.format(vtt=vtt)
        if suffix == ".vtt" and lang not in shown:
            kind = (
                "SubRip (SRT), not WebVTT"
                if is_subrip(path)
                else "not WebVTT (a WebVTT file starts with the line WEBVTT)"
            )
            refused.append(
                f"has captions '{path.name}' that are {kind}, so browsers do not show them; {how}"
            )
        elif suffix == ".srt" and lang not in shown:
            refused.append(
                f"has captions '{path.name}' in SubRip (SRT), which browsers do not show; {how}"
            )
    return refused


def head(path: Path) -> bytes:
    try:
        with path.open("rb") as file:
            return file.read(256).removeprefix(b"\xef\xbb\xbf")
    except OSError:
        return b""


def is_webvtt(path: Path) -> bool:
    return head(path).startswith(WEBVTT)


def is_subrip(path: Path) -> bool:
    return SUBRIP.match(head(path)) is not None


def for_reader(captions: dict[str, str], lang: str) -> tuple[str, str] | None:
    """(language, source) of the captions a reader of `lang` sees, or None."""
    if lang in captions:
        return lang, captions[lang]
    if "" in captions:
        return "", captions[""]
    return None
