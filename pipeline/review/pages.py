"""The pages a review shows: PDF pages as images, text input as its cleaned text.

PDF pages are rendered with pypdfium2 (PDFium, the renderer pdfplumber's own
``page.to_image`` uses) to PNG files beside the HTML. PNG rather than JPEG: these
pages are mostly text and rules on white, which PNG stores smaller (12 KB against
80 KB for a generated plan page at the same size) and without blur around the glyphs.
Scanned pages are larger in PNG (up to 1 MB at this size) but stay sharp.

Boxes are placed in PDF points with the origin at the top-left (pdfplumber's
convention, the contract's), scaled by the page size PDFium reports; both read
the same box of an unrotated page.

Text pages go through the pipeline's own extract and clean stages, so the page
text the review shows is split into pages exactly as the parse split it, and its
strings are normalized the same way as the elements searched in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Long side of a rendered page in pixels: enough to read 7-pt table text when zoomed
# to the page width of a laptop screen, small enough for 300 pages in a folder.
LONG_SIDE_PX = 1600
MAX_SCALE = 2.0
_PNG_LEVEL = 3  # zlib level: within a few percent of the default 6's size, about twice as fast
_GREY_SATURATION = 24  # of 255: scanner noise and anti-aliasing stay below it


@dataclass(frozen=True, slots=True)
class PageImage:
    number: int  # 1-based
    width: float  # points
    height: float
    file: str  # path relative to the HTML file
    px_width: int
    px_height: int


def render_pdf(pdf: Path, folder: Path, rel: str, stamp: str = "") -> list[PageImage]:
    """Render every page of ``pdf`` to ``folder/NNN.png``; ``rel`` is the folder as the HTML names it.

    ``stamp`` (the source's sha256) is written beside the images; when it and every
    image are already there, the images are kept and only their sizes read, so
    ``run --review`` over unchanged files does not render them again.
    """
    import pypdfium2
    from PIL import Image

    folder.mkdir(parents=True, exist_ok=True)
    stamp_file = folder / "source.stamp"
    stamp = f"{stamp} {LONG_SIDE_PX} {MAX_SCALE} {_GREY_SATURATION}" if stamp else ""
    fresh = bool(stamp) and stamp_file.is_file() and stamp_file.read_text("utf-8") == stamp
    if not fresh:
        stamp_file.unlink(missing_ok=True)
    out: list[PageImage] = []
    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        names = [f"{i + 1:03d}.png" for i in range(len(doc))]
        fresh = fresh and all((folder / n).is_file() for n in names)
        if not fresh:
            for old in folder.glob("*.png"):
                old.unlink()
        for i, name in enumerate(names):
            page = doc[i]
            try:
                width, height = page.get_size()
                if fresh:
                    with Image.open(folder / name) as kept:  # reads the header only
                        size = kept.size
                else:
                    scale = min(MAX_SCALE, LONG_SIDE_PX / max(width, height, 1.0))
                    image = _grey_if_grey(page.render(scale=scale).to_pil())
                    image.save(folder / name, compress_level=_PNG_LEVEL)
                    size = image.size
                out.append(PageImage(i + 1, width, height, f"{rel}/{name}", size[0], size[1]))
            finally:
                page.close()
    finally:
        doc.close()
    if stamp and not fresh:
        stamp_file.write_text(stamp, "utf-8")
    return out


def _grey_if_grey(image: Any) -> Any:
    """The image as 8-bit grey when no pixel of a 1/8 thumbnail is coloured.

    Most council papers are black on white: grey PNGs are half the size of RGB
    ones and encode twice as fast. The thumbnail check costs a few milliseconds.
    """
    saturation = image.reduce(8).convert("HSV").getextrema()[1][1]
    return image.convert("L") if saturation <= _GREY_SATURATION else image


def text_pages(source: Path) -> list[str]:
    """The text of each page of a text input, as the pipeline split and cleaned it."""
    from pipeline.clean import clean_layout
    from pipeline.parse import extract

    layout = clean_layout(extract(source.read_bytes(), source.name))
    return ["\n".join(line.text for line in page.lines) for page in layout.pages]
