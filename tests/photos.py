"""Camera-like photos for tests, the demo and the benchmark: EXIF with GPS, a rotation."""

import random
from pathlib import Path

from PIL import Image, ImageDraw

GPS_IFD = 0x8825
ORIENTATION = 0x0112
# Upright, a test photo is red at the top and blue at the bottom.
TOP, BOTTOM = (220, 40, 40), (40, 60, 220)


def scene(size: tuple[int, int], seed: int = 0) -> Image.Image:
    """An upright picture: red sky band, a textured middle (so JPEG has work), blue ground."""
    width, height = size
    rng = random.Random(seed)
    image = Image.new("RGB", size, (120, 170, 90))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width, height // 5), fill=TOP)
    draw.rectangle((0, height * 4 // 5, width, height), fill=BOTTOM)
    for _ in range(400):
        x, y = rng.randrange(width), rng.randrange(height // 5, height * 4 // 5)
        r = rng.randrange(width // 200 + 2, width // 25 + 3)
        color = (rng.randrange(256), rng.randrange(120, 256), rng.randrange(100))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=color)
    noise = Image.effect_noise(size, 40).convert("RGB")
    return Image.blend(image, noise, 0.15)


def camera_exif(orientation: int = 1) -> Image.Exif:
    """What a phone writes: make, model, software, time, and where the photo was taken."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 15 Pro"  # Model
    exif[0x0131] = "Camera 17.1"  # Software
    exif[0x013B] = "Ms. Teacher"  # Artist
    exif[0x0132] = "2026:10:09 10:15:00"  # DateTime
    exif[ORIENTATION] = orientation
    exif[GPS_IFD] = {
        1: "N",
        2: (41.0, 52.0, 55.0),
        3: "W",
        4: (87.0, 37.0, 40.0),
    }
    return exif


def camera_jpeg(path: Path, size=(4000, 3000), orientation: int = 6, seed: int = 0) -> Path:
    """A JPEG as a phone saves it: stored sideways with an EXIF orientation, GPS included.

    `size` is the upright (displayed) size; orientation 6 stores it turned a quarter left,
    and says "turn right to display", as phones held upright do.
    """
    upright = scene(size, seed)
    stored = upright.transpose(Image.Transpose.ROTATE_90) if orientation == 6 else upright
    path.parent.mkdir(parents=True, exist_ok=True)
    stored.save(path, "JPEG", quality=88, exif=camera_exif(orientation), comment=b"secret note")
    return path


def png_with_text(path: Path, size=(900, 600), alpha: bool = False) -> Path:
    """A PNG carrying text chunks (author, location) and, optionally, transparency."""
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", "Ms. Teacher")
    info.add_text("Location", "41.88 N, 87.63 W")
    image = scene(size).convert("RGBA" if alpha else "RGB")
    if alpha:
        image.putalpha(Image.new("L", size, 128))
    image.save(path, "PNG", pnginfo=info)
    return path


# What an iPhone's Photos app keeps beside the pixels: where and with what the photo was made.
IPHONE_XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
    b'xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:City="Chicago" '
    b'xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:CreatorTool="Camera 17.1"/>'
    b"</rdf:RDF></x:xmpmeta>"
)


def iphone_heic(path: Path, size=(640, 480), orientation: int = 6) -> Path:
    """A HEIC as an iPhone saves it: stored sideways, EXIF with GPS, XMP with the city, an
    ICC profile.

    Flat bands (red sky, green middle, blue ground) rather than `scene`'s texture: x265
    encodes them in a tenth of a second. pillow-heif turns the EXIF orientation into the
    HEIF `irot` transform, as the iPhone writes it.
    """
    import pillow_heif
    from PIL import ImageCms

    width, height = size
    upright = Image.new("RGB", size, (120, 170, 90))
    draw = ImageDraw.Draw(upright)
    draw.rectangle((0, 0, width, height // 5), fill=TOP)
    draw.rectangle((0, height * 4 // 5, width, height), fill=BOTTOM)
    stored = upright.transpose(Image.Transpose.ROTATE_90) if orientation == 6 else upright
    path.parent.mkdir(parents=True, exist_ok=True)
    # a colour profile, as the iPhone's Display P3 one: applied, then dropped
    stored.info["icc_profile"] = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    # through pillow-heif's own API: registering its Pillow plugin here would hide a pipeline
    # that forgot to
    heif = pillow_heif.from_pillow(stored)
    heif.save(path, quality=50, exif=camera_exif(orientation).tobytes(), xmp=IPHONE_XMP)
    return path
