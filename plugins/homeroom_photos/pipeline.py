"""One photo in, a few stripped, upright, resized derivatives out: pure Pillow, no Pelican.

Speed: a JPEG is decoded at the smallest scale (Image.draft) that still covers the largest
width needed, and each smaller width is resized from the one above it.
Privacy: orientation is applied to the pixels, colours are converted to sRGB, and the image's
info (EXIF, XMP, ICC profile, comments, PNG text) is emptied before anything is saved.
HEIC/HEIF (iPhones' default) opens through pillow-heif, registered here, where every photo is
decoded: libheif turns the pixels upright itself (`irot`/`imir`) and sets the EXIF orientation
to 1, and depth maps, auxiliary images and thumbnails are never even read.
"""

import json
import math
from dataclasses import asdict, dataclass
from io import BytesIO
from pathlib import Path

import pillow_heif
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from homeroom_school.media import MediaError
from homeroom_school.reading.signatures import HEAD, looks_like
from homeroom_school.settings import DEFAULTS

# Only the primary image: a phone's HEIC also holds a depth map of the scene, auxiliary images
# (portrait mattes) and thumbnails, none of which is published, so none is decoded.
pillow_heif.register_heif_opener(thumbnails=False, depth_images=False, aux_images=False)

# Bump when the output of the pipeline changes for the same input: the cache keys change.
PIPELINE_VERSION = 2
# libwebp's effort, 0-6. Measured on a 1600 px photo here: method 4 (Pillow's default) takes
# 160 ms, method 2 takes 52 ms for a file 10% larger. Encoding is most of a photo's cost.
WEBP_METHOD = 2
ORIENTATION = 0x0112
ROTATED = {5, 6, 7, 8}  # EXIF orientations that swap width and height
# The largest width or height each format can hold (libwebp: 16383; libjpeg: 65500; PNG's is
# 2^31-1). A derivative beyond its format's limit is not made in that format: a phone's long
# screenshot is published as JPEG/PNG alone at the widths WebP cannot hold.
LIMITS = {"webp": 16383, "jpeg": 65500, "png": 2**31 - 1}


@dataclass(frozen=True)
class PhotoSettings:
    widths: tuple[int, ...] = DEFAULTS["HOMEROOM_PHOTO_WIDTHS"]
    jpeg_quality: int = DEFAULTS["HOMEROOM_JPEG_QUALITY"]
    webp_quality: int = DEFAULTS["HOMEROOM_WEBP_QUALITY"]
    max_bytes: int = DEFAULTS["HOMEROOM_PHOTO_MAX_BYTES"]
    max_pixels: int = DEFAULTS["HOMEROOM_PHOTO_MAX_PIXELS"]

    def fingerprint(self) -> str:
        return json.dumps({**asdict(self), "pipeline": PIPELINE_VERSION}, sort_keys=True)


@dataclass(frozen=True)
class Variant:
    width: int
    height: int
    format: str  # "webp", "jpeg" or "png"
    name: str  # file name in the cache entry


@dataclass(frozen=True)
class Processed:
    """What was made of one photo: its displayed size and every derivative."""

    width: int
    height: int
    fallback: str  # "jpeg", or "png" for a photo with transparency
    variants: tuple[Variant, ...]

    def of(self, format: str) -> list[Variant]:
        return [v for v in self.variants if v.format == format]

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> "Processed":
        data = json.loads(text)
        return cls(
            width=data["width"],
            height=data["height"],
            fallback=data["fallback"],
            variants=tuple(Variant(**v) for v in data["variants"]),
        )


class PhotoError(MediaError):
    """A photo Homeroom cannot publish: the message says what is wrong and what to do."""


def open_checked(path: Path, settings: PhotoSettings) -> Image.Image:
    """Open a photo's header and check it against the limits, or raise a PhotoError."""
    if not path.is_file():
        raise PhotoError("does not exist; check the file name")
    size = path.stat().st_size
    if size > settings.max_bytes:
        raise PhotoError(
            f"is {size / 1e6:.0f} MB, more than the limit of {settings.max_bytes / 1e6:.0f} MB; "
            "export it smaller (a phone's 'medium' or 'large' size is plenty)"
        )
    try:
        image = Image.open(path)
    except Image.DecompressionBombError:
        raise PhotoError(
            "claims a size so large it looks like a decompression bomb; re-export the photo"
        ) from None
    except (UnidentifiedImageError, OSError, ValueError):
        raise unreadable(path) from None
    pixels = image.width * image.height
    if pixels > settings.max_pixels:
        image.close()
        raise PhotoError(
            f"has {pixels / 1e6:.0f} megapixels, more than the limit of "
            f"{settings.max_pixels / 1e6:.0f}; export it smaller"
        )
    long, short = max(image.size), max(1, min(image.size))
    if long / short > LIMITS["jpeg"]:  # even one pixel wide, too long for any JPEG
        image.close()
        raise PhotoError(
            f"is {image.width}×{image.height} pixels, too long and narrow for any format "
            "Homeroom publishes; crop it"
        )
    return image


def unreadable(path: Path) -> PhotoError:
    """The error for a file no decoder opens, saying what it seems to be instead: text named
    `.heic`, or a HEIC container libheif finds no picture in (cut short, or only metadata)."""
    try:
        with path.open("rb") as file:
            kind = looks_like(file.read(HEAD))
    except OSError:
        kind = "a file that cannot be read"
    if kind == "a HEIC photo":
        return PhotoError(
            "is a HEIC photo with no picture Homeroom can read in it: damaged, cut short or "
            "empty; copy it again from the phone"
        )
    seems = "the file is empty" if kind.startswith("nothing") else f"it looks like {kind}"
    return PhotoError(
        f"is not an image Homeroom can read ({seems}); export it as JPEG, PNG or HEIC"
    )


def damaged(error: Exception) -> PhotoError:
    said = " ".join(str(error).split())  # libheif's messages end in a line break
    return PhotoError(
        f"cannot be read to the end ({said}); the file is damaged or cut short: "
        "copy it again from the camera or phone"
    )


def check_decodes(path: Path, settings: PhotoSettings) -> None:
    """What `invoke check` can tell without making derivatives, so that it finds what a build
    would: a photo missing, too large, not an image, or damaged. A JPEG is decoded at an eighth
    of its size (a few hundredths of a second for 12 megapixels)."""
    with open_checked(path, settings) as image:
        image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
        try:
            image.load()
        except (OSError, SyntaxError, ValueError) as error:
            raise damaged(error) from None


def target_widths(display_width: int, widths: tuple[int, ...]) -> list[int]:
    """The widths to publish, largest first; never wider than the photo itself.

    A photo narrower than the largest width is also published at its own width, and a
    width within 10% of that is skipped (it would be the same picture, twice).
    """
    if display_width > max(widths):
        return sorted(set(widths), reverse=True)
    smaller = {w for w in widths if w < display_width * 0.9}
    return [display_width, *sorted(smaller, reverse=True)]


def fits(format: str, width: int, height: int) -> bool:
    """Whether a derivative of this size can be saved in this format at all."""
    return max(width, height) <= LIMITS[format]


def _height(width: int, display_w: int, display_h: int) -> int:
    return max(1, round(width * display_h / display_w))


def format_widths(widths: list[int], display_w: int, display_h: int, fallback: str) -> list[int]:
    """The widths, plus a narrower one when not one of them fits the fallback format (a photo
    so tall that even its narrowest width is beyond JPEG's limit): every photo keeps at least
    one JPEG/PNG, which every page, feed and email shows."""
    if any(fits(fallback, w, _height(w, display_w, display_h)) for w in widths):
        return widths
    narrow = max(1, LIMITS[fallback] * display_w // display_h)
    while narrow > 1 and not fits(fallback, narrow, _height(narrow, display_w, display_h)):
        narrow -= 1
    return [*widths, narrow]


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )


def _to_srgb(image: Image.Image, alpha: bool) -> Image.Image:
    """Pixels in sRGB, the colour space every browser assumes when no profile is embedded."""
    mode = "RGBA" if alpha else "RGB"
    icc = image.info.get("icc_profile")
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(BytesIO(icc))
            converted = ImageCms.profileToProfile(
                image if image.mode in ("RGB", "RGBA", "CMYK") else image.convert(mode),
                source,
                ImageCms.createProfile("sRGB"),
                outputMode=mode,
            )
            if converted is not None:
                return converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: use the pixels as they are
    return image.convert(mode) if image.mode != mode else image


def process(path: Path, out_dir: Path, settings: PhotoSettings) -> Processed:
    """Write every derivative of one photo into out_dir; raise PhotoError if it cannot."""
    with open_checked(path, settings) as image:
        orientation = image.getexif().get(ORIENTATION, 1)
        stored_w, stored_h = image.size
        display_w, display_h = (
            (stored_h, stored_w) if orientation in ROTATED else (stored_w, stored_h)
        )
        widths = target_widths(display_w, settings.widths)
        if image.format == "JPEG":
            scale = widths[0] / display_w
            image.draft("RGB", (math.ceil(stored_w * scale), math.ceil(stored_h * scale)))
        try:
            upright = ImageOps.exif_transpose(image)
        except (OSError, SyntaxError, ValueError) as error:
            raise damaged(error) from None
        alpha = _has_alpha(upright)
        current = _to_srgb(upright, alpha)
    current.info = {}  # nothing of the original's metadata goes any further
    fallback = "png" if alpha else "jpeg"
    out_dir.mkdir(parents=True, exist_ok=True)
    variants = []
    for width in format_widths(widths, display_w, display_h, fallback):
        height = _height(width, display_w, display_h)
        if current.size != (width, height):
            current = current.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        current.info = {}
        if fits("webp", width, height):
            webp = f"{width}.webp"
            current.save(out_dir / webp, "WEBP", quality=settings.webp_quality, method=WEBP_METHOD)
            variants.append(Variant(width, height, "webp", webp))
        if not fits(fallback, width, height):
            continue  # too tall even for JPEG: format_widths added a narrower width
        if alpha:
            name = f"{width}.png"
            current.save(out_dir / name, "PNG", compress_level=6)
        else:
            name = f"{width}.jpg"
            current.save(out_dir / name, "JPEG", quality=settings.jpeg_quality, progressive=True)
        variants.append(Variant(width, height, fallback, name))
    first = variants[0]
    return Processed(first.width, first.height, fallback, tuple(variants))
