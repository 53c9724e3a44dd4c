"""Activity photos: verify an upload, turn it upright, strip its metadata, make its renditions.

Pillow parses the header first, so the side, aspect-ratio and pixel limits are enforced before
anything is decoded: a 1 × 40,000,000 PNG of 77 KB is refused from its header, at no cost.
Everything that leaves this module is re-encoded from pixels: EXIF (GPS position, device,
time), XMP, ICC comments and PNG text chunks never reach the public media directory.
"""

import hashlib
import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
# Pillow only warns above ~89 Mpx and raises above twice that; we refuse far earlier.
DEFAULT_MAX_PIXELS = 40_000_000
DEFAULT_MAX_BYTES = 15 * 1024 * 1024
# A photo's longest side, and how many times longer than the other it may be (panoramas
# included); a thin strip of millions of rows is slow to decode whatever its pixel count.
DEFAULT_MAX_SIDE = 12_000
DEFAULT_MAX_ASPECT_RATIO = 20
# The longest side kept for the stored "original" and the widths made for srcset.
MAX_SIDE = 2400
RENDITION_WIDTHS = (480, 960, 1600)
JPEG_QUALITY = 85
WEBP_QUALITY = 80

ERROR_INVALID = _("This file is not an image, or it is damaged. Please upload a JPEG, PNG or WebP.")
ERROR_FORMAT = _("Only JPEG, PNG and WebP images are accepted (this file is %(format)s).")
ERROR_TOO_LARGE = _(
    "This image is too large: %(width)s × %(height)s pixels. Images may have at most "
    "%(limit)s million pixels; please resize it before uploading."
)
ERROR_SIDE = _(
    "This image is too large: %(width)s × %(height)s pixels. A side may be at most "
    "%(limit)s pixels; please resize it before uploading."
)
ERROR_ASPECT_RATIO = _(
    "This image is too narrow: %(width)s × %(height)s pixels. Its longer side may be at most "
    "%(ratio)s times its shorter side; please crop it before uploading."
)
ERROR_FILE_SIZE = _("This file is larger than %(limit)s MB; please upload a smaller image.")
ERROR_BOMB = _("This image has too many pixels to be processed safely; please resize it.")


def max_bytes() -> int:
    return getattr(settings, "ACTIVITIES_PHOTO_MAX_BYTES", DEFAULT_MAX_BYTES)


def max_pixels() -> int:
    return getattr(settings, "ACTIVITIES_PHOTO_MAX_PIXELS", DEFAULT_MAX_PIXELS)


def max_side() -> int:
    return getattr(settings, "ACTIVITIES_PHOTO_MAX_SIDE", DEFAULT_MAX_SIDE)


def max_aspect_ratio() -> int:
    return getattr(settings, "ACTIVITIES_PHOTO_MAX_ASPECT_RATIO", DEFAULT_MAX_ASPECT_RATIO)


def check_dimensions(width, height) -> None:
    """Refuse, from the header's dimensions alone, what would be too costly to decode."""
    params = {"width": width, "height": height}
    if max(width, height) > max_side():
        raise ValidationError(ERROR_SIDE, code="too_large", params={**params, "limit": max_side()})
    if min(width, height) < 1 or max(width, height) > min(width, height) * max_aspect_ratio():
        raise ValidationError(
            ERROR_ASPECT_RATIO, code="aspect_ratio", params={**params, "ratio": max_aspect_ratio()}
        )
    if width * height > max_pixels():
        raise _too_large(width, height)


@dataclass
class ProcessedImage:
    """The cleaned image as JPEG bytes, its size and the hash that names it."""

    content: bytes
    width: int
    height: int
    digest: str


def _read(file) -> bytes:
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read()
    if hasattr(file, "seek"):
        file.seek(0)
    return data


def _too_large(width, height):
    limit = max_pixels()
    return ValidationError(
        ERROR_TOO_LARGE,
        code="too_large",
        params={"width": width, "height": height, "limit": f"{limit / 1_000_000:g}"},
    )


def open_checked(data: bytes, *, full: bool = True) -> Image.Image:
    """Open, check format and size from the header, verify, then decode the image.

    Validation (`full=False`) decodes a JPEG at an eighth of its size (Pillow's draft mode reads
    every byte of the scan but makes 64 times fewer pixels): a damaged file is still caught,
    and the one full-size decode is left to `process`. PNG and WebP have no draft mode.
    Raises ValidationError with a message fit for the admin form.
    """
    if len(data) > max_bytes():
        raise ValidationError(
            ERROR_FILE_SIZE, code="file_size", params={"limit": max_bytes() // (1024 * 1024)}
        )
    with warnings.catch_warnings():
        # A decompression-bomb warning is an error here, whatever Pillow's global limit.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
            width, height = image.size
            if image.format not in ALLOWED_FORMATS:
                raise ValidationError(
                    ERROR_FORMAT, code="format", params={"format": image.format or "?"}
                )
            check_dimensions(width, height)
            image.verify()
            # verify() leaves the image unusable: open again and decode every pixel.
            image = Image.open(io.BytesIO(data))
            if not full and image.format == "JPEG":
                image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
            image.load()
        except ValidationError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ValidationError(ERROR_BOMB, code="too_large") from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as error:
            raise ValidationError(ERROR_INVALID, code="invalid") from error
    return image


def validate_photo(file) -> None:
    """Model and form validator: the same checks as processing, without keeping the result."""
    if file is None:
        return
    inner = getattr(file, "file", file)
    if getattr(file, "_committed", False) and not hasattr(inner, "content_type"):
        # An image already stored (and processed) on an unchanged row.
        return
    try:
        data = _read(inner)
    except (OSError, ValueError) as error:
        raise ValidationError(ERROR_INVALID, code="invalid") from error
    open_checked(data, full=False)


def _flatten(image: Image.Image) -> Image.Image:
    """RGB on white: transparency has no meaning in a photo and JPEG cannot carry it."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image.convert("RGB")


def _encode(image: Image.Image, fmt: str) -> bytes:
    buffer = io.BytesIO()
    if fmt == "JPEG":
        image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    else:
        image.save(buffer, "WEBP", quality=WEBP_QUALITY, method=4)
    return buffer.getvalue()


def process(file) -> ProcessedImage:
    """Check the upload, apply its EXIF orientation, and re-encode it without any metadata.

    One full decode and one encode: what the admin's request does. The renditions are made
    later, from this cleaned JPEG, by `renditions()` on the task queue (activities.tasks).
    """
    image = open_checked(_read(getattr(file, "file", file)))
    image = ImageOps.exif_transpose(image)
    image = _flatten(image)
    # A new image from the pixels alone: nothing of the source's info dict survives.
    clean = Image.new("RGB", image.size)
    clean.paste(image)
    clean.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    content = _encode(clean, "JPEG")
    return ProcessedImage(
        content=content,
        width=clean.width,
        height=clean.height,
        digest=hashlib.sha256(content).hexdigest()[:20],
    )


def renditions(content: bytes) -> dict[tuple[int, str], bytes]:
    """The srcset renditions, by (width, extension), of a cleaned JPEG made by `process`."""
    clean = open_checked(content)  # the site's own file, checked all the same
    made = {}
    for width in rendition_widths(clean.width):
        if width == clean.width:
            resized = clean
        else:
            height = max(1, round(clean.height * width / clean.width))
            resized = clean.resize((width, height), Image.Resampling.LANCZOS)
        made[(width, "webp")] = _encode(resized, "WEBP")
        made[(width, "jpg")] = _encode(resized, "JPEG")
    return made


def rendition_widths(original_width: int) -> list[int]:
    """The srcset widths for an image: the standard ones below its width, and its own width."""
    widths = [width for width in RENDITION_WIDTHS if width < original_width]
    widths.append(min(original_width, RENDITION_WIDTHS[-1]))
    return sorted(set(widths))
