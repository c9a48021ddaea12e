"""Read one Markdown file: header (Pelican-native or YAML front matter), body, links."""

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import PurePosixPath
from zoneinfo import ZoneInfo

import markdown
import yaml

from homeroom_school.characters import first_never, fix, named, one_line_problem, referenced_never
from homeroom_school.languages import is_known
from homeroom_school.links import line_of
from homeroom_school.problems import ContentError
from homeroom_school.reading import plain_blocks, plain_text
from homeroom_school.reading.sanitizing import render_body

# <YYYY-MM-DD>-<slug>[.<lang>].md, the date optional (school pages have none).
FILE_NAME = re.compile(
    r"^(?:(?P<date>\d{4}-\d{2}-\d{2})-)?(?P<name>.+?)"
    r"(?:\.(?P<lang>[a-z]{2,3}(?:-[a-z0-9]{2,8})*))?\.(?:md|markdown)$"
)
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
HEADER_LINE = re.compile(r"^(?P<key>[A-Za-z][A-Za-z0-9_-]*)[ \t]*:[ \t]*(?P<value>.*)$")
# libyaml's parser where PyYAML was built with it (its wheels are): ten times faster.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
TIMESTAMP = "tag:yaml.org,2002:timestamp"
TIMESTAMP_SHAPE = yaml.constructor.SafeConstructor.timestamp_regexp  # year, month, day groups
STATUSES = {"published", "draft"}
# A name longer than this is refused: it becomes part of a path, and file systems stop at 255.
MAX_NAME = 100
# YAML nested deeper than this is refused: headers and class.yml are a few levels deep.
MAX_YAML_DEPTH = 16
MARKDOWN_EXTENSIONS = ["extra", "sane_lists"]
LONE_CR = re.compile(r"\r(?!\n)")


@dataclass
class Header:
    """A file's metadata: lowercase keys (with '-' as '_'), each with the line it is on."""

    values: dict = field(default_factory=dict)
    lines: dict = field(default_factory=dict)

    def get(self, key, default=None):
        return self.values.get(key, default)

    def line(self, key) -> int | None:
        return self.lines.get(key)


@dataclass
class ParsedFile:
    """What one Markdown file says, before it is grouped with its translations."""

    path: str  # relative to content/, POSIX
    name_date: str | None
    slug: str
    lang: str | None  # from the file name or `Lang:`; None means "the class's first"
    header: Header
    body: str  # sanitized HTML with {hr-ref:…} tokens
    refs: list  # (target path relative to content/, text as written)
    # The line of each file this one links to (by name) and of `Image:`: where a message about
    # one of its photos points. Found here, where the text is; the school does not keep it.
    lines: dict = field(default_factory=dict)


def new_markdown() -> markdown.Markdown:
    """One Python-Markdown instance, reused (reset) for every file a process reads; plain
    text skips the inline patterns (plain_text.py) and a block the block processors that cannot
    take it (plain_blocks.py): the same HTML."""
    md = markdown.Markdown(extensions=MARKDOWN_EXTENSIONS, output_format="html")
    return plain_blocks.install(plain_text.install(md))


def decode(raw: bytes, path: str) -> str:
    """UTF-8 text with LF line ends, or a ContentError naming the line of the bad byte."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ContentError(
            path,
            line,
            f"is not UTF-8 text (byte 0x{raw[error.start]:02x}); "
            "save it again with the encoding UTF-8",
        ) from None
    alone = LONE_CR.search(text) if "\n" in text else None  # old Mac files end lines so
    if alone:  # but in a file with line feeds, a lone one is pasted text (a break in a title)
        raise never_here(path, text.count("\n", 0, alone.start()) + 1, "\r")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ContentError(
            path, None, "is empty; write a `Title: …` line, a blank line and the text, or delete it"
        )
    found = first_never(text)
    if found:
        raise never_here(path, *found)
    return text


def never_here(path: str, line: int | None, char: str) -> ContentError:
    """A character no file may hold (characters.NEVER), as a problem of its line."""
    how = fix(char, one_line=False)
    return ContentError(path, line, f"holds {named(char)}, which breaks feeds and email; {how}")


def check_one_line(node: yaml.Node, path: str, first_line: int, where: str = "") -> None:
    """Every YAML value Homeroom reads is one line (a title, a name, a contact): a line break
    or a control character in one, written as an escape (`"\\v"`) or a block (`|`), is a
    problem of its line. A block of one line (`name: >` then `Grade 3B`) ends in a line break
    that YAML adds, not the teacher: it is dropped."""
    if isinstance(node, yaml.ScalarNode):
        if node.style in ("|", ">") and node.value.endswith("\n"):
            node.value = node.value[:-1]
        problem = one_line_problem(node.value)
        if problem:
            what = f"`{where}` " if where else ""
            raise ContentError(path, node.start_mark.line + first_line, f"{what}{problem}")
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            check_one_line(item, path, first_line, where)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            check_one_line(key, path, first_line, where)
            name = f"{where}.{key.value}" if where else str(key.value)
            check_one_line(value, path, first_line, name)


def check_dates(node: yaml.Node, path: str, first_line: int, where: str = "") -> None:
    """A value YAML reads as a date must be a real one: `2027-06-31` is a problem of its line,
    never PyYAML's ValueError (a crash) when the data is made."""
    if isinstance(node, yaml.ScalarNode):
        found = node.tag == TIMESTAMP and TIMESTAMP_SHAPE.match(node.value)
        if found:
            try:
                date(int(found["year"]), int(found["month"]), int(found["day"]))
            except ValueError:
                line = node.start_mark.line + first_line
                what = f"`{where}` " if where else ""
                raise ContentError(
                    path, line, f"{what}'{node.value}' is not a day of the calendar"
                ) from None
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            check_dates(item, path, first_line, where)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            name = f"{where}.{key.value}" if where else str(key.value)
            check_dates(value, path, first_line, name)


def yaml_error_line(error: yaml.YAMLError, text: str, first_line: int = 1) -> int | None:
    """The line a YAML error is at (`first_line` for the text's first), or None: an error found
    at the end of the text (an unclosed quote or bracket) is where its value began."""
    mark = getattr(error, "problem_mark", None)
    if mark and mark.index >= len(text.rstrip()):
        mark = getattr(error, "context_mark", None) or mark
    return mark.line + first_line if mark else None


def check_yaml_shape(text: str, path: str, first_line: int) -> None:
    """Refuse anchors and aliases (a few hundred bytes of them expand to gigabytes) and
    nesting deeper than MAX_YAML_DEPTH, before anything is built from the text."""
    depth = 0
    for event in yaml.parse(text, Loader=YAML_LOADER):
        line = event.start_mark.line + first_line
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise ContentError(
                path,
                line,
                "uses a YAML anchor or alias (& or *), which Homeroom does not read; write "
                "the value out in full",
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                raise ContentError(
                    path,
                    line,
                    f"nests lists or mappings more than {MAX_YAML_DEPTH} levels deep; "
                    "Homeroom's headers are `key: value` lines, a list at most",
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def load_yaml(text: str, path: str, first_line: int = 1):
    """YAML content and its keys' lines (top-level keys, and `key.inner` for a mapping's), or
    a ContentError with the line. Every value
    is one line (see check_one_line): front matter, class.yml and student.yml hold no other."""
    try:
        check_yaml_shape(text, path, first_line)
        loader = YAML_LOADER(text)
        try:
            node = loader.get_single_node()  # parsed once: the data, and each key's line
            if node is not None:
                check_one_line(node, path, first_line)
                check_dates(node, path, first_line)
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as error:
        line = yaml_error_line(error, text, first_line)
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise ContentError(
            path,
            line,
            f"is not valid YAML ({problem}); check the indentation and quote "
            "text that contains ': ' or starts with a special character",
        ) from None
    lines = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key, line = str(key_node.value), key_node.start_mark.line + first_line
            if key in lines:
                raise twice(path, key, lines[key], line)
            lines[key] = line
            if isinstance(value_node, yaml.MappingNode):  # `contact.email`: its own line
                for inner, _ in value_node.value:
                    lines.setdefault(f"{key}.{inner.value}", inner.start_mark.line + first_line)
    return data, lines


def twice(path: str, key: str, first: int, again: int) -> ContentError:
    """A key written twice: the second would silently win (`Visibility: public` after
    `Visibility: family`), so neither is guessed at."""
    return ContentError(
        path, again, f"has `{key}` twice (lines {first} and {again}); keep the one you mean"
    )


def normal_key(key: str) -> str:
    return str(key).strip().lower().replace("-", "_")


def split_header(text: str, path: str) -> tuple[Header, str, int]:
    """Split a file into its header and its Markdown body (and the body's first line)."""
    lines = text.split("\n")
    header = Header()
    if lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
        if end is None:
            raise ContentError(
                path, 1, "starts front matter with `---` but never ends it; add a `---` line"
            )
        data, key_lines = load_yaml("\n".join(lines[1:end]), path, first_line=2)
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise ContentError(path, 2, "front matter must be `key: value` lines")
        for key, value in data.items():
            if normal_key(key) in header.values:  # `Image-Alt` and `image_alt`
                raise twice(path, str(key), header.lines[normal_key(key)], key_lines.get(str(key)))
            header.values[normal_key(key)] = value
            header.lines[normal_key(key)] = key_lines.get(str(key))
        return header, "\n".join(lines[end + 1 :]), end + 2
    index = 0
    last_key = None
    while index < len(lines):
        line = lines[index]
        if not line.strip():
            break
        match = HEADER_LINE.match(line)
        if match:
            last_key = normal_key(match["key"])
            if last_key in header.values:
                raise twice(path, match["key"], header.lines[last_key], index + 1)
            header.values[last_key] = match["value"].strip()
            header.lines[last_key] = index + 1
        elif last_key and line.startswith((" ", "\t")):
            header.values[last_key] += " " + line.strip()
        else:
            break
        index += 1
    if index == 0:
        return header, text, 1
    return header, "\n".join(lines[index:]), index + 1


def parse_datetime(value, timezone: ZoneInfo) -> datetime | None:
    """A date or date-time in the site's time zone; None when it cannot be read."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day)
    else:
        text = str(value).strip().replace("/", "-")
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone)
    return moment.astimezone(timezone)


def slugify(text: str) -> str:
    """Lowercase ASCII letters, digits and '-', as URLs in the contract use."""
    from unidecode import unidecode  # Pelican's own dependency

    return re.sub(r"[^a-z0-9]+", "-", unidecode(text).lower()).strip("-")


def parse_name(path: str) -> re.Match:
    name = PurePosixPath(path).name
    if len(name) > MAX_NAME:
        raise ContentError(
            path,
            None,
            f"has a name of {len(name)} characters, more than {MAX_NAME}; shorten it to the "
            "date and a few words, like 2026-09-05-apple-picking.md",
        )
    match = FILE_NAME.match(name)
    if not match or not slugify(match["name"]):
        raise ContentError(
            path,
            None,
            "has a name Homeroom cannot read; name it like 2026-09-05-apple-picking.md "
            "(date, then lowercase words joined by '-', then .md)",
        )
    if match["lang"] and not is_known(match["lang"]):
        raise ContentError(
            path,
            None,
            f"ends in .{match['lang']}.md, but '{match['lang']}' is not a language code; "
            "use a code like es, ar, zh or vi, or rename the file",
        )
    return match


def parse_file(md: markdown.Markdown, raw: bytes, path: str) -> ParsedFile:
    """Read one Markdown file into a ParsedFile, or raise a ContentError."""
    name = parse_name(path)
    text = decode(raw, path)
    header, body_text, _ = split_header(text, path)
    slug = header.get("slug")
    if slug is not None:
        slug = str(slug).strip()
        if not SLUG.match(slug) or len(slug) > MAX_NAME:
            raise ContentError(
                path,
                header.line("slug"),
                f"Slug '{slug[:MAX_NAME]}' may only have lowercase letters, digits and '-', "
                f"at most {MAX_NAME} of them; try Slug: {slugify(slug)[:60] or 'my-post'}",
            )
    lang = name["lang"]
    if header.get("lang") is not None:
        said = str(header.get("lang")).strip().lower()
        if not is_known(said):
            raise ContentError(
                path,
                header.line("lang"),
                f"Lang '{said}' is not a language code; use a code like en, es, ar, zh or vi",
            )
        if lang and said != lang:
            raise ContentError(
                path,
                header.line("lang"),
                f"says Lang: {said}, but its name ends in .{lang}.md; make them agree",
            )
        lang = said
    refs: list = []
    body = render_body(md, body_text, path, refs, whole=text)
    inside = first_never(body)
    if inside:  # `&#11;` is a vertical tab once HTML reads it: the reference's line is named
        line, char = referenced_never(text) or (None, inside[1])
        raise never_here(path, line, char)
    needles = {target.rsplit("/", 1)[-1] for target, _ in refs if target} | {"Image:"}
    return ParsedFile(
        path=path,
        name_date=name["date"],
        slug=slug or slugify(name["name"]),
        lang=lang,
        header=header,
        body=body,
        refs=refs,
        lines={needle: line_of(text, needle) for needle in needles},
    )
