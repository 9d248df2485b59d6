"""A PDF as every printed file of the app is written: the margins, the embedded Chinese font named from the first
page, "第 X 页 / 共 Y 页" at the foot of every page, a cancel checked between pages, and no partial file left behind
(`app.files.replacing`). The member roster and the special families' files are laid out on it; reportlab is imported
only when a file is made.
"""

from __future__ import annotations

import os
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from app.files import replacing
from app.progress import Progress, check_cancelled

MARGIN = 28.0  # points: about 1 cm, room for the page number below the table


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def write_pdf(
    out_path: str | os.PathLike[str],
    story: list[Any],
    *,
    font: str,
    page_size: tuple[float, float],
    title: str,
    author: str,
    progress: Progress,
) -> int:
    """Lay out `story` into the PDF `out_path`, every page numbered; returns the number of pages.

    `progress` is checked for a cancel between pages (`CancelledError`, and no file is left).
    """
    from reportlab.platypus import SimpleDocTemplate

    pages: list[int] = []
    with replacing(Path(out_path)) as partial_path:
        doc = SimpleDocTemplate(
            str(partial_path),
            pagesize=page_size,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=MARGIN + 10,
            title=title,
            author=author,
            creator="FPA Desk",
            initialFontName=font,  # otherwise every page names Helvetica, a font that is not embedded
        )
        doc.build(story, canvasmaker=partial(_numbered_canvas(), font=font, progress=progress, pages=pages))
    return pages[0] if pages else 0


def _numbered_canvas() -> type:
    """A canvas that knows the page count: it holds each page until the end, then numbers them all."""
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab has no type hints
        def __init__(self, *args: Any, font: str, progress: Progress, pages: list[int], **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._font = font
            self._progress = progress
            self._pages_out = pages
            self._held: list[dict[str, Any]] = []

        def showPage(self) -> None:
            # Laying out a long roster takes a while: a cancel between pages stops it.
            check_cancelled(self._progress)
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._held)
            self._pages_out.append(total)
            for number, state in enumerate(self._held, 1):
                self.__dict__.update(state)
                self._draw_page_number(number, total)
                super().showPage()
            super().save()

        def _draw_page_number(self, number: int, total: int) -> None:
            """ "第 X 页 / 共 Y 页", centred below the table.

            The words are placed apart rather than joined by space characters: the font's space is so narrow next
            to the Han characters that text extraction (search, copy, screen readers) runs them together.
            """
            from reportlab.pdfbase.pdfmetrics import stringWidth

            words = ["第", str(number), "页", "/", "共", str(total), "页"]
            size = 9
            gap = size * 0.6
            widths = [stringWidth(word, self._font, size) for word in words]
            x = (self._pagesize[0] - sum(widths) - gap * (len(words) - 1)) / 2
            self.setFont(self._font, size)
            for word, width in zip(words, widths, strict=True):
                self.drawString(x, MARGIN - 8, word)
                x += width + gap

    return NumberedCanvas
