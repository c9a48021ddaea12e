"""A clip's captions: WebVTT files beside it (`clip.vtt`, `clip.es.vtt`), one per language.

`clip.<lang>.vtt` is the captions for readers of that language; `clip.vtt` for every reader
whose language has none of its own. Each is published as a file of the site, beside the clip.
"""

from pathlib import Path, PurePosixPath

WEBVTT = b"WEBVTT"  # what a WebVTT file starts with (after a byte order mark)


def captions_of(source: str, content: Path) -> dict[str, str]:
    """The caption files beside the clip `source` (relative to content/), by language ('' for
    `clip.vtt`): only files that really are WebVTT."""
    clip = PurePosixPath(source)
    found = {}
    for path in sorted((content / clip.parent).glob(f"{clip.stem}.*vtt")):
        middle = path.name[len(clip.stem) : -len(".vtt")]
        lang = middle.lstrip(".")
        if path.suffix != ".vtt" or (middle and not middle.startswith(".")) or "." in lang:
            continue
        if is_webvtt(path):
            found[lang] = str(clip.parent / path.name)
    return found


def is_webvtt(path: Path) -> bool:
    try:
        with path.open("rb") as file:
            return file.read(16).removeprefix(b"\xef\xbb\xbf").startswith(WEBVTT)
    except OSError:
        return False


def for_reader(captions: dict[str, str], lang: str) -> tuple[str, str] | None:
    """(language, source) of the captions a reader of `lang` sees, or None."""
    if lang in captions:
        return lang, captions[lang]
    if "" in captions:
        return "", captions[""]
    return None
