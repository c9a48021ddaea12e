"""Content HTML made safe: Markdown's output through an allow-list, links to files as tokens.

Anything that would make a reader's browser ask another host for something is refused, not
dropped: the teacher learns why their picture is missing.
"""

import re
from pathlib import PurePosixPath
from urllib.parse import quote, unquote, urlsplit

import markdown
import nh3

from homeroom_school.links import line_of, token
from homeroom_school.problems import ContentError

# Pelican's intra-site link syntax: {filename}x.md, |static|img.png, {attach}…
PELICAN_LINK = re.compile(r"^[{|](?P<what>filename|static|attach|link)[}|](?P<path>.*)$")
ALLOWED_SCHEMES = {"http", "https", "mailto", "tel"}
# Content that would load something from another host: any tag but a link (<a>) with an
# address on another host, or a CSS url() to one. Checked before sanitizing, which would
# otherwise drop an <iframe> or <video> silently.
REMOTE_LOAD = re.compile(
    r"<(?!a\b)[a-z][a-z0-9]*\b[^>]*?\b(?:src|srcset|data|poster|href|background|action)"
    r"\s*=\s*[\"']?\s*(?P<url>(?:[a-z][a-z0-9+.-]*:)?//[^\s\"'>]*)",
    re.IGNORECASE,
)
REMOTE_CSS = re.compile(r"url\(\s*[\"']?\s*(?P<url>(?:https?:)?//[^\s\"')]*)", re.IGNORECASE)
# The only class names content keeps: those Python-Markdown's extensions write (footnotes, a
# fenced block's language), which the theme's CSS and JS never select. Any other name, such as
# the theme's own `slot booked`, `button` or `note`, is dropped: content never looks like, or is
# counted as, what the theme makes (tests/test_counts_from_the_model.py checks the theme).
MARKDOWN_CLASS = re.compile(r"footnote|footnote-ref|footnote-backref|language-[\w+#.-]+")
# The ids the theme's templates give and its scripts look up (getElementById): content that
# wrote one would catch what the theme's links and scripts mean for the theme's own element.
THEME_IDS = frozenset(
    {
        "choose-language",
        "class-work",
        "classes",
        "forget",
        "forgotten",
        "goals",
        "helpers",
        "how-to-book",
        "keep-in-touch",
        "latest",
        "locked",
        "locked-page",
        "main",
        "offline-keep",
        "past",
        "search",
        "search-archives",
        "search-box",
        "search-class",
        "search-found",
        "search-found-title",
        "search-kind",
        "search-originals",
        "search-originals-title",
        "search-q",
        "search-status",
        "search-texts",
        "subscribe",
        "times",
        "unlocked",
        "upcoming",
        "work",
    }
)
THEME_ID_PREFIXES = ("contact-", "passphrase-", "remember-")  # made per class or language

# What content HTML may contain: formatting, links, images, tables. No script, no style,
# no event handlers, no forms, no embeds.
ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
    "var",
}
ALLOWED_ATTRIBUTES = {
    "*": {"lang", "dir", "title", "id", "class"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "time": {"datetime"},
    "ol": {"start", "reversed"},
}


def join_inside(folder: str, target: str) -> str | None:
    """`target` followed from `folder` (POSIX, both relative to one root), or None if it climbs
    above that root: for file links (content/) and page addresses (the site's root) alike."""
    parts: list[str] = []
    for part in f"{folder}/{target}".split("/"):
        if part == "..":
            if not parts:
                return None
            parts.pop()
        elif part not in (".", ""):
            parts.append(part)
    return "/".join(parts)


def resolve_path(target: str, source: str) -> str | None:
    """A link target as a path relative to content/, or None if it leaves content/."""
    if target.startswith("/"):
        return join_inside("", target)
    return join_inside(str(PurePosixPath(source).parent), target)


def link_rewriter(source: str, refs: list, remote: list):
    """nh3's attribute filter: keep safe attributes (of `class`, only Markdown's own names; no
    id the theme gives), turn file links into tokens, and list in `remote` what an image would
    load from another host (values come here decoded, so `&#104;ttps:` is caught, and a
    browser reads `/\\host` as `//host`)."""

    def rewrite(tag: str, attribute: str, value: str) -> str | None:
        if attribute == "class":
            kept = [name for name in value.split() if MARKDOWN_CLASS.fullmatch(name)]
            return " ".join(kept) or None
        if attribute == "id":
            name = value.strip().lower()
            return None if name in THEME_IDS or name.startswith(THEME_ID_PREFIXES) else value
        if attribute not in ("href", "src"):
            return value
        if attribute == "src":
            probe = urlsplit(value.strip().replace("\\", "/"))
            if probe.scheme or probe.netloc:
                remote.append(value)
                return None
        pelican = PELICAN_LINK.match(value)
        target = pelican["path"] if pelican else value
        parts = urlsplit(target)
        if not pelican:
            if parts.scheme:
                return value if parts.scheme in ALLOWED_SCHEMES else None
            if target.startswith(("#", "/")) or not parts.path:
                return value
        resolved = resolve_path(unquote(parts.path), source)
        if resolved is None:
            refs.append((None, value))
            if attribute == "href" and not pelican:
                # Above content/ as a file, it may be an address from the page (a school
                # page's `../../grade-3b/`): resolving decides (addresses.up_links).
                return token("up", quote(value, safe=""))
            return None
        refs.append((resolved, value))
        # A link to another file of the content: a token until every file is read.
        return token("ref", quote(resolved)) + (f"#{parts.fragment}" if parts.fragment else "")

    return rewrite


def check_remote_loads(html: str, text: str, source: str, remote: list | None = None) -> None:
    """Refuse content that would make a reader's browser ask another host for something: an
    image, a video, a frame, a style. A family's visit is nobody else's business.
    (`remote`: what the sanitizer's filter found, once entities are decoded.)"""
    found = REMOTE_LOAD.search(html) or REMOTE_CSS.search(html)
    if found is not None:
        url = found["url"]
    elif remote:
        url = remote[0]
    else:
        return
    raise ContentError(
        source,
        line_of(text, url) or line_of(text, urlsplit(url.replace("\\", "/")).netloc),
        f"loads '{url[:80]}' from another site; Homeroom pages load nothing from elsewhere, "
        "so that no one learns who reads them: save the picture next to this file and show it "
        "as ![what it shows](picture.jpg), or make it a link: [what it is](address)",
    )


def render_body(
    md: markdown.Markdown, text: str, source: str, refs: list, whole: str | None = None
) -> str:
    """Markdown to sanitized HTML: no script can come through, links become tokens.
    (`whole`: the whole file, header included, where messages find their line.)"""
    html = md.reset().convert(text)
    check_remote_loads(html, whole or text, source)
    remote: list = []
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=link_rewriter(source, refs, remote),
        url_schemes=ALLOWED_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
    check_remote_loads("", whole or text, source, remote)
    return clean
