"""Company logos: an uploaded image read from its bytes, checked, and drawn again as a small
PNG. What is stored and served is always Jobboard's own re-encoding, never the upload.

The type comes from the image's signature (Pillow opens only PNG, JPEG, WebP and GIF here;
SVG, which can carry script, is not an image format it reads). The dimensions are checked
from the header before any pixel is decoded, so a small file that claims a huge picture (a
decompression bomb) is refused without being expanded.
"""

from __future__ import annotations

import io
import warnings

from PIL import Image, ImageOps, UnidentifiedImageError

from jobboard.errors import JobboardError

MAX_BYTES = 2 * 1024 * 1024
# The most pixels a logo may claim before decoding: 25 megapixels (5000 x 5000).
MAX_PIXELS = 25_000_000
# The stored logo fits in this square; pages show it at 64 or 96 CSS pixels.
SIDE = 256
FORMATS = ("PNG", "JPEG", "WEBP", "GIF")
MEDIA_TYPE = "image/png"


class LogoTooLarge(JobboardError):
    status = 413
    slug = "payload-too-large"
    title = "The logo file is too large"


class UnsupportedLogo(JobboardError):
    status = 415
    slug = "unsupported-logo-type"
    title = "This kind of file is not accepted as a logo"


def redraw(data: bytes) -> bytes:
    """The logo as a PNG at most ``SIDE`` pixels on its longer side, or a refusal.

    CPU work: callers run it in a thread.
    """
    if len(data) > MAX_BYTES:
        raise LogoTooLarge(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=FORMATS)
            width, height = image.size
            if width * height > MAX_PIXELS or width < 1 or height < 1:
                raise UnsupportedLogo(
                    f"The image is {width} x {height} pixels; upload one of at most "
                    f"{MAX_PIXELS // 1_000_000} megapixels."
                )
            image.seek(0)
            upright = ImageOps.exif_transpose(image)
            upright.thumbnail((SIDE, SIDE), Image.Resampling.LANCZOS)
            converted = upright.convert("RGBA")
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UnsupportedLogo(
            "Upload a PNG, JPEG, WebP or GIF image; the type is read from the file's "
            "contents, not its name."
        ) from None
    except (OSError, ValueError, SyntaxError):
        raise UnsupportedLogo("The image could not be read; it may be damaged.") from None
    output = io.BytesIO()
    converted.save(output, format="PNG", optimize=True)
    return output.getvalue()
