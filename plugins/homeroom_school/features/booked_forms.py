"""An event file with its `Booked` times replaced, in whichever form the file writes them.

The forms: a header line (`Booked: 15:30, 16:45`, continued on indented lines or not), and in
YAML front matter a one-line value (plain or quoted), a flow list (`booked: ["15:30"]`) or a
block list (`booked:` then `- "15:30"` lines, any indentation, quoted or not); any key case,
LF or CRLF. Only the value changes: every other byte stays as it was, and the list keeps its
quotes, spacing and indentation, so freeing what was booked gives the original bytes back. A
form that cannot be edited safely (a value over several lines, a comment among the items) is
refused: nothing is written.
"""

import re

import yaml

from homeroom_school.reading.front_matter import HEADER_LINE, normal_key

LINE = re.compile(r"[^\n]*\n|[^\n]+")  # each line with its end (\r\n or \n)
KEY_LINE = re.compile(r"(?P<key>[^:]*:)(?P<space>[ \t]*)(?P<comment>#.*)?")
SAFE_LIST = 'write it on one line, like `booked: ["15:30", "16:45"]`, and run the command again'


class FormError(ValueError):
    """A form of `Booked` that is not edited, said with how to write it instead."""


def replace_booked(text: str, times: list[str]) -> str:
    """`text` (a whole event file, decoded) with its Booked value set to `times`; a Booked
    is added after Slots when there is none."""
    if re.search(r"\r(?!\n)", text):
        raise FormError("ends its lines with a lone carriage return; save it with LF or CRLF")
    lines = LINE.findall(text)
    if lines and lines[0].lstrip("\ufeff").strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
        if end is None:
            raise FormError("starts front matter with `---` but never ends it")
        start = len(lines[0])
        front = "".join(lines[1:end])
        return text[:start] + front_matter(front, times) + text[start + len(front) :]
    return header_lines(lines, times)


def ending(line: str) -> str:
    """A line's end as written: `\r\n`, `\n`, or none on a last line."""
    return line[len(line.rstrip("\r\n")) :]


def header_lines(lines: list[str], times: list[str]) -> str:
    """A Pelican-style header: the `Booked:` line (and its indented continuation lines)."""
    value = ", ".join(times)
    slots = None
    for index, line in enumerate(lines):
        body = line.rstrip("\r\n")
        match = HEADER_LINE.match(body)
        if not body.strip() or (not match and not body.startswith((" ", "\t"))):
            break  # the end of the header
        if not match:
            continue
        if normal_key(match["key"]) == "slots":
            slots = index
        if normal_key(match["key"]) == "booked":
            last = index
            while last + 1 < len(lines) and lines[last + 1].startswith((" ", "\t")):
                if not lines[last + 1].strip():
                    break
                last += 1
            key = KEY_LINE.match(body)
            space = key["space"] or " "
            new = key["key"] + (space + value if value else "") + ending(lines[last])
            return "".join([*lines[:index], new, *lines[last + 1 :]])
    if slots is None:
        raise FormError("has no `Slots:` line in its header")
    eol = ending(lines[slots]) or "\n"
    lines[slots] = lines[slots].rstrip("\r\n") + eol
    lines.insert(slots + 1, f"Booked: {value}" + (eol if slots + 1 < len(lines) else ""))
    return "".join(lines)


def front_matter(front: str, times: list[str]) -> str:
    """YAML front matter (between its `---` lines) with booked's value replaced."""
    try:
        node = yaml.compose(front, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        said = str(error).splitlines()[0]
        raise FormError(f"has front matter that is not valid YAML ({said})") from None
    if not isinstance(node, yaml.MappingNode):
        raise FormError("has front matter that is not `key: value` lines")
    lines = LINE.findall(front)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    found = [(k, v) for k, v in node.value if normal_key(k.value) == "booked"]
    if not found:
        slots = [k for k, v in node.value if normal_key(k.value) == "slots"]
        if not slots:
            raise FormError("has no `slots:` in its front matter")
        key = slots[0]
        at = node.value[[k for k, _ in node.value].index(key)][1].end_mark.line
        at = min(at, len(lines) - 1)  # a value that ends the front matter ends on its line
        indent = lines[key.start_mark.line][: key.start_mark.column]
        name = "booked" if key.value[:1].islower() else "Booked"
        eol = ending(lines[at]) or "\n"
        lines[at] = lines[at].rstrip("\r\n") + eol
        new = f"{indent}{name}: {', '.join(times)}{eol}"
        return "".join(lines[: at + 1]) + new + "".join(lines[at + 1 :])
    key, value = found[0]
    if isinstance(value, yaml.ScalarNode):
        if value.style in ("|", ">") or value.start_mark.line != value.end_mark.line:
            raise FormError(f"writes booked over several lines; {SAFE_LIST}")
        if value.style is None and value.value == "":  # `booked:` with nothing after it
            return key_line_with(lines, key, ", ".join(times))
        quote = value.style or ""
        new = f"{quote}{', '.join(times)}{quote}"
        before = front[: value.start_mark.index]
        if not new:  # `booked:` again, as a value never written
            before = before.rstrip(" \t")
        return before + new + front[value.end_mark.index :]
    if not isinstance(value, yaml.SequenceNode) or any(
        not isinstance(item, yaml.ScalarNode) or item.style in ("|", ">") for item in value.value
    ):
        raise FormError(f"writes booked as something other than a list of times; {SAFE_LIST}")
    if value.flow_style:
        if value.start_mark.line != value.end_mark.line:
            raise FormError(f"writes the list of booked times over several lines; {SAFE_LIST}")
        span = front[value.start_mark.index : value.end_mark.index]
        new = flow_list(times, *flow_spacing(front, value, span))
        return front[: value.start_mark.index] + new + front[value.end_mark.index :]
    return block_list(front, lines, starts, key, value, times)


def flow_spacing(front: str, value: yaml.SequenceNode, span: str) -> tuple[str, str, str, str]:
    """A flow list's look: (space after `[`, separator, space before `]`, quote)."""
    items = value.value
    if not items:
        return "", ", ", "", '"'
    first, last = items[0], items[-1]
    inner = front[value.start_mark.index + 1 : first.start_mark.index]
    closing = front[last.end_mark.index : value.end_mark.index - 1]
    between = front[first.end_mark.index : items[1].start_mark.index] if len(items) > 1 else ", "
    if span.count("#") or not between.strip() == ",":
        raise FormError(f"writes the list of booked times in a way not edited safely; {SAFE_LIST}")
    return inner, between, closing, first.style or ""


def flow_list(times: list[str], inner: str, between: str, closing: str, quote: str) -> str:
    """`[ "15:30", "16:45" ]` in the look flow_spacing found; `[]` with no time."""
    if not times:
        return "[]"
    return "[" + inner + between.join(f"{quote}{t}{quote}" for t in times) + closing + "]"


def key_line_with(lines: list[str], key: yaml.Node, value: str) -> str:
    """The key's line rewritten as `key: value`, its comment kept; the other lines as they are."""
    index = key.start_mark.line
    line = lines[index]
    body = line.rstrip("\r\n")
    head = body[: key.start_mark.column]
    match = KEY_LINE.fullmatch(body[key.start_mark.column :])
    if match is None:
        raise FormError(f"writes booked in a way not edited safely; {SAFE_LIST}")
    comment = f"{match['space'] or ' '}{match['comment']}" if match["comment"] else ""
    lines = list(lines)
    lines[index] = f"{head}{match['key']}{' ' if value else ''}{value}{comment}{ending(line)}"
    return "".join(lines)


def block_list(
    front: str,
    lines: list[str],
    starts: list[int],
    key: yaml.Node,
    value: yaml.SequenceNode,
    times: list[str],
) -> str:
    """`booked:` then one `- time` line per item: the item lines replaced, their indentation,
    dash spacing and quotes kept. No item left: `booked: []`."""
    items = value.value
    first_line = key.start_mark.line + 1
    for number, item in enumerate(items):
        index = item.start_mark.line
        line = lines[index].rstrip("\r\n")
        before = line[: item.start_mark.column]
        after = front[item.end_mark.index : starts[index] + len(line)]
        if (
            index != first_line + number
            or item.end_mark.line != index
            or not re.fullmatch(r"[ \t]*-[ \t]+", before)
            or after.strip()
        ):
            raise FormError(
                f"writes the booked list with comments, blank lines or values over several "
                f"lines among its items; {SAFE_LIST}"
            )
    last = first_line + len(items)
    if not times:
        rest = key_line_with(lines[:first_line], key, "[]")
        return rest + "".join(lines[last:])
    first = lines[first_line]
    prefix = first.rstrip("\r\n")[: items[0].start_mark.column]
    quote = items[0].style or ""
    eol = ending(first)
    new = [f"{prefix}{quote}{time}{quote}{eol}" for time in times]
    return "".join(lines[:first_line] + new + lines[last:])
