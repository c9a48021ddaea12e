"""A podcast: RSS 2.0 with Apple's itunes tags, as podcast apps read it; pure, deterministic.

Each episode carries its enclosure (absolute URL, length in bytes, audio/mp4), a GUID that
survives edits, its date and duration, and a description: the post's summary and a link to
its text, which is the recording's transcript. The artwork is a square PNG of 1400 px or
more (Apple's minimum), drawn from the class's name: the same name, the same bytes.
"""

import colorsys
import hashlib
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape
from io import BytesIO

from PIL import Image, ImageDraw, ImageFont

from .feeds import ATOM, EPOCH, GENERATOR, _serialize, _text

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
ARTWORK_SIZE = 1400


@dataclass(frozen=True)
class Episode:
    guid: str
    title: str
    page_url: str  # absolute: the post, which is the transcript
    published: datetime
    summary: str  # plain text
    transcript_label: str  # "Read it on the web", in the feed's language
    audio_url: str  # absolute
    audio_bytes: int
    duration: str  # H:MM:SS


@dataclass(frozen=True)
class Podcast:
    title: str
    description: str
    lang: str
    page_url: str
    feed_url: str
    artwork_url: str
    author: str
    category: str  # one of Apple's: "Education"
    episodes: tuple[Episode, ...]

    @property
    def updated(self) -> datetime:
        return max((episode.published for episode in self.episodes), default=EPOCH)


def _date(moment: datetime) -> str:
    return format_datetime(moment.astimezone(UTC), usegmt=True)


def podcast_rss(podcast: Podcast) -> str:
    """The podcast as RSS 2.0 with the itunes namespace."""
    ET.register_namespace("itunes", ITUNES)
    ET.register_namespace("atom", ATOM)
    it = f"{{{ITUNES}}}"
    root = ET.Element("rss", {"version": "2.0"})
    channel = ET.SubElement(root, "channel")
    _text(channel, "title", podcast.title)
    _text(channel, "link", podcast.page_url)
    _text(channel, "description", podcast.description)
    _text(channel, "language", podcast.lang)
    _text(channel, "lastBuildDate", _date(podcast.updated))
    _text(channel, "generator", GENERATOR)
    ET.SubElement(
        channel,
        f"{{{ATOM}}}link",
        {"rel": "self", "type": "application/rss+xml", "href": podcast.feed_url},
    )
    image = ET.SubElement(channel, "image")
    _text(image, "url", podcast.artwork_url)
    _text(image, "title", podcast.title)
    _text(image, "link", podcast.page_url)
    ET.SubElement(channel, f"{it}image", {"href": podcast.artwork_url})
    _text(channel, f"{it}author", podcast.author)
    _text(channel, f"{it}summary", podcast.description)
    ET.SubElement(channel, f"{it}category", {"text": podcast.category})
    _text(channel, f"{it}explicit", "false")
    _text(channel, f"{it}type", "episodic")
    for episode in podcast.episodes:
        item = ET.SubElement(channel, "item")
        _text(item, "title", episode.title)
        _text(item, "link", episode.page_url)
        _text(item, "description", description(episode))
        _text(item, "guid", episode.guid, isPermaLink="false")
        _text(item, "pubDate", _date(episode.published))
        ET.SubElement(
            item,
            "enclosure",
            {"url": episode.audio_url, "length": str(episode.audio_bytes), "type": "audio/mp4"},
        )
        _text(item, f"{it}duration", episode.duration)
        _text(item, f"{it}summary", episode.summary)
        _text(item, f"{it}explicit", "false")
        _text(item, f"{it}episodeType", "full")
    return _serialize(root)


def description(episode: Episode) -> str:
    """The summary and a link to the post (the transcript), as HTML apps show it."""
    return (
        f"<p>{escape(episode.summary)}</p>\n"
        f'<p><a href="{escape(episode.page_url)}">{escape(episode.transcript_label)}</a></p>'
    )


def artwork(name: str, initials: str) -> bytes:
    """A square PNG cover: the initials in white on a colour drawn from the name."""
    digest = hashlib.sha256(name.encode()).digest()
    hue = digest[0] / 255
    background = _hsl(hue, 0.45, 0.38)
    picture = Image.new("RGB", (ARTWORK_SIZE, ARTWORK_SIZE), background)
    draw = ImageDraw.Draw(picture)
    font = ImageFont.load_default(size=ARTWORK_SIZE // 3)
    draw.text((ARTWORK_SIZE / 2, ARTWORK_SIZE / 2), initials, fill="white", font=font, anchor="mm")
    out = BytesIO()
    picture.save(out, "PNG", optimize=True)
    return out.getvalue()


def initials_of(name: str) -> str:
    """Up to three characters that stand for a name: "Grade 3B" -> "G3B"."""
    words = [word for word in name.replace("-", " ").split() if word]
    letters = "".join(word[0] if word[0].isalpha() else word for word in words)
    return (letters or "?")[:3].upper()


def _hsl(hue: float, saturation: float, lightness: float) -> tuple[int, int, int]:
    red, green, blue = colorsys.hls_to_rgb(hue, lightness, saturation)
    return round(red * 255), round(green * 255), round(blue * 255)
