"""Checking that an upload is really a photo, and making its thumbnail (Pillow, no I/O).

Pillow is imported here only: this module is loaded when a photo is processed, never at a
cold start.
"""
import io

FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
MAX_PIXELS = 40_000_000  # refuse decompression bombs before decoding them


class NotAnImage(ValueError):
    """The bytes are not a photo of the declared type (or not a photo at all)."""


def thumbnail(data: bytes, content_type: str, width: int) -> tuple[bytes, tuple[int, int]]:
    """A progressive JPEG at most `width` pixels wide, and the original's size (w, h)."""
    from PIL import Image, ImageOps, UnidentifiedImageError
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format != FORMATS.get(content_type) or probe.width * probe.height > MAX_PIXELS:
                raise NotAnImage(probe.format)
            probe.verify()  # a truncated or corrupt file fails here
        with Image.open(io.BytesIO(data)) as image:
            image = ImageOps.exif_transpose(image)  # phones store rotation in EXIF
            size = image.size
            if image.mode not in ("RGB", "L"):
                background = Image.new("RGB", image.size, "white")
                rgba = image.convert("RGBA")
                background.paste(rgba, mask=rgba.split()[-1])
                image = background
            if image.width > width:
                image = image.resize((width, max(1, round(image.height * width / image.width))), Image.LANCZOS)
            out = io.BytesIO()
            image.convert("RGB").save(out, "JPEG", quality=75, optimize=True, progressive=True)
            return out.getvalue(), size
    except NotAnImage:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise NotAnImage(str(exc)) from None
