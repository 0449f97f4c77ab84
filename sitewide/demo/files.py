"""Real files for the demo: PDFs with extractable text, cover and figure images, and a bundled MP4.

Everything is drawn from a seed string, so the same content gives the same pictures on every run. The
fonts are small subsets shipped in `files/fonts/` (see `files/README.md`): DejaVu Sans for Latin text and
Droid Sans Fallback for Japanese.
"""

import io
import random
import re
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from fpdf import FPDF
from PIL import Image, ImageColor, ImageDraw, ImageFont

FILES_DIR = Path(__file__).resolve().parent / "files"
FONTS_DIR = FILES_DIR / "fonts"
LATIN_FONT = FONTS_DIR / "DejaVuSans-subset.ttf"
LATIN_BOLD_FONT = FONTS_DIR / "DejaVuSans-Bold-subset.ttf"
CJK_FONT = FONTS_DIR / "DroidSansFallback-subset.ttf"
SAMPLE_VIDEO = FILES_DIR / "sample-video.mp4"

COVER_SIZE = (1200, 630)
FIGURE_SIZE = (1200, 600)
ILLUSTRATION_SIZE = (1024, 640)
PDF_CREATED = datetime(2016, 7, 1, tzinfo=UTC)
SAMPLE_BANNER = (
    "Sample document generated for the demo of the CPP Knowledge Portal. Not a World Bank publication."
)
PORTAL_MARK = "CPP KNOWLEDGE PORTAL  ·  SAMPLE"

NO_BREAK_BEFORE = set("。、，．」』）！？ー")

RGB = tuple[int, int, int]


def _is_cjk(ch: str) -> bool:
    return ord(ch) >= 0x2E80


def _seeded(seed: str) -> random.Random:
    return random.Random(zlib.crc32(seed.encode()))


# PDFs


class _DemoPdf(FPDF):
    accent: RGB = (27, 108, 168)

    def header(self) -> None:
        self.set_fill_color(*self.accent)
        self.rect(0, 0, self.w, 4, style="F")

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("sans", "", 8)
        self.set_text_color(110, 110, 110)
        self.cell(0, 6, f"CPP Knowledge Portal demo · sample document · page {self.page_no()}", align="C")


def _new_pdf(*, landscape: bool, japanese: bool, accent: str) -> _DemoPdf:
    pdf = _DemoPdf(orientation="L" if landscape else "P", format="A4")
    pdf.accent = ImageColor.getrgb(accent)[:3]
    pdf.add_font("sans", "", LATIN_FONT)
    pdf.add_font("sans", "B", LATIN_BOLD_FONT)
    if japanese:
        pdf.add_font("cjk", "", CJK_FONT)
        pdf.set_fallback_fonts(["cjk"], exact_match=False)
    pdf.set_margins(20, 18, 20)
    pdf.set_auto_page_break(True, margin=20)
    pdf.set_creation_date(PDF_CREATED)
    return pdf


def _plain(text: str) -> str:
    return re.sub(r"\*+", "", text)


def _markdown_blocks(body: str) -> Iterator[tuple[str, str]]:
    """(kind, text) pairs for the Markdown the demo writes: headings, list items and paragraphs."""
    paragraph: list[str] = []
    for raw in body.splitlines():
        line = raw.strip()
        block = None
        if line.startswith("#"):
            block = ("heading", line.lstrip("#").strip())
        elif line.startswith(("- ", "* ")):
            block = ("bullet", line[2:])
        elif re.match(r"\d+\. ", line):
            block = ("numbered", line)
        if line and block is None:
            paragraph.append(line)
            continue
        if paragraph:
            yield "paragraph", _plain(" ".join(paragraph))
            paragraph = []
        if block:
            yield block[0], _plain(block[1])
    if paragraph:
        yield "paragraph", _plain(" ".join(paragraph))


def _write_heading(pdf: FPDF, text: str, *, size: float) -> None:
    pdf.ln(3)
    pdf.set_font("sans", "B", size)
    pdf.set_text_color(20, 45, 70)
    pdf.multi_cell(0, size * 0.55, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)


def _write_paragraph(pdf: FPDF, text: str, *, size: float = 11) -> None:
    pdf.set_font("sans", "", size)
    pdf.set_text_color(30, 30, 30)
    pdf.multi_cell(0, size * 0.55, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1.5)


def _write_list_item(pdf: FPDF, marker: str, text: str, *, size: float = 11) -> None:
    margin = pdf.l_margin
    pdf.set_font("sans", "", size)
    pdf.set_text_color(30, 30, 30)
    pdf.set_x(margin + 2)
    pdf.cell(7, size * 0.55, marker)
    pdf.set_left_margin(margin + 9)
    pdf.multi_cell(0, size * 0.55, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_left_margin(margin)
    pdf.ln(0.8)


def document_pdf(
    *,
    title: str,
    summary: str,
    body: str,
    author: str = "",
    language: str = "en",
    annex: str = "",
    slides: bool = False,
    accent: str = "#1b6ca8",
) -> bytes:
    """A PDF with the output's title, summary and body as real text; `slides` puts each section on a page."""
    japanese = any(_is_cjk(ch) for ch in title + summary + body + annex)
    pdf = _new_pdf(landscape=slides, japanese=japanese, accent=accent)
    pdf.set_title(title)
    pdf.set_author(author)
    pdf.set_lang(language)
    pdf.add_page()
    text_size = 15 if slides else 11
    _write_heading(pdf, title, size=24 if slides else 20)
    pdf.set_font("sans", "", 8.5)
    pdf.set_text_color(120, 120, 120)
    pdf.multi_cell(0, 5, SAMPLE_BANNER, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    _write_paragraph(pdf, summary, size=text_size + 1)
    for kind, text in _markdown_blocks(body):
        if kind == "heading":
            if slides:
                pdf.add_page()
            _write_heading(pdf, text, size=20 if slides else 14)
        elif kind == "bullet":
            _write_list_item(pdf, "•", text, size=text_size)
        elif kind == "numbered":
            number, _, rest = text.partition(" ")
            _write_list_item(pdf, number, rest, size=text_size)
        else:
            _write_paragraph(pdf, text, size=text_size)
    if annex:
        if slides:
            pdf.add_page()
        _write_heading(pdf, "付録" if language == "ja" else "Annex", size=14)
        _write_paragraph(pdf, annex, size=text_size)
    return bytes(pdf.output())


# Images


@cache
def _font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size)


def _runs(text: str, size: int, *, bold: bool) -> list[tuple[str, ImageFont.FreeTypeFont]]:
    """`text` split into runs that one font can draw: Latin in DejaVu Sans, Japanese in Droid Sans."""
    latin = _font(LATIN_BOLD_FONT if bold else LATIN_FONT, size)
    cjk = _font(CJK_FONT, size)
    runs: list[tuple[str, ImageFont.FreeTypeFont]] = []
    for ch in text:
        font = cjk if _is_cjk(ch) else latin
        if runs and runs[-1][1] is font:
            runs[-1] = (runs[-1][0] + ch, font)
        else:
            runs.append((ch, font))
    return runs


def _text_width(text: str, size: int, *, bold: bool) -> float:
    return sum(font.getlength(run) for run, font in _runs(text, size, bold=bold))


def _wrap(text: str, width: float, size: int, *, bold: bool, max_lines: int) -> list[str]:
    """Greedy line breaks: Latin between words, Japanese between characters but never before 。、 etc."""
    tokens = re.findall(r"[\u2e80-\uffef]|[^\s\u2e80-\uffef]+\s*|\s+", text)
    lines: list[str] = [""]
    for token in tokens:
        candidate = lines[-1] + token
        too_wide = _text_width(candidate.rstrip(), size, bold=bold) > width
        if lines[-1] and too_wide and token not in NO_BREAK_BEFORE:
            lines.append(token.lstrip())
        else:
            lines[-1] = candidate
    lines = [line.rstrip() for line in lines if line.strip()]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip(" .,:;") + "…"
    return lines


def _draw_text(draw: ImageDraw.ImageDraw, xy: tuple[float, float], text: str, size: int, fill, *, bold: bool):
    x, y = xy
    for run, font in _runs(text, size, bold=bold):
        draw.text((x, y), run, font=font, fill=fill)
        x += font.getlength(run)


def _mix(colour: RGB, other: RGB, amount: float) -> RGB:
    return tuple(round(a + (b - a) * amount) for a, b in zip(colour, other, strict=True))  # type: ignore[return-value]


@cache
def _gradients(size: tuple[int, int]) -> tuple[Image.Image, Image.Image]:
    vertical = Image.linear_gradient("L")
    return vertical.resize(size), vertical.transpose(Image.Transpose.ROTATE_90).resize(size)


def _backdrop(colour: str, seed: str, size: tuple[int, int]) -> Image.Image:
    """A diagonal gradient in the theme colour with translucent circles and a skyline of blocks."""
    rng = _seeded(seed)
    base: RGB = ImageColor.getrgb(colour)[:3]  # type: ignore[assignment]
    width, height = size
    mask = Image.blend(*_gradients(size), rng.uniform(0.3, 0.7))
    image = Image.composite(
        Image.new("RGB", size, _mix(base, (255, 255, 255), 0.25)),
        Image.new("RGB", size, _mix(base, (0, 0, 0), 0.45)),
        mask,
    )
    draw = ImageDraw.Draw(image, "RGBA")
    for _ in range(rng.randint(3, 5)):
        radius = rng.randint(height // 6, height // 2)
        cx, cy = rng.randint(width // 2, width + radius // 2), rng.randint(-radius // 2, height)
        box = (cx - radius, cy - radius, cx + radius, cy + radius)
        if rng.random() < 0.5:
            draw.ellipse(box, fill=(255, 255, 255, rng.randint(14, 34)))
        else:
            draw.ellipse(box, outline=(255, 255, 255, rng.randint(50, 90)), width=rng.randint(3, 8))
    x = width * rng.uniform(0.45, 0.55)
    while x < width:
        block_width = rng.randint(40, 110)
        block_height = rng.randint(height // 8, height // 2)
        draw.rectangle(
            (x, height - block_height, x + block_width, height), fill=(255, 255, 255, rng.randint(40, 85))
        )
        for wy in range(height - block_height + 14, height - 14, 26):
            for wx in range(int(x) + 10, int(x + block_width) - 14, 20):
                if rng.random() < 0.35:
                    draw.rectangle((wx, wy, wx + 8, wy + 10), fill=(255, 255, 255, 90))
        x += block_width + rng.randint(6, 22)
    return image


def _jpeg(image: Image.Image, *, quality: int = 70) -> bytes:
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, "JPEG", quality=quality, optimize=True)
    return buffer.getvalue()


def cover_jpeg(*, title: str, label: str, colour: str, seed: str) -> bytes:
    """A 1200×630 cover: the theme colour's backdrop, a small label, the title and the portal's mark."""
    image = _backdrop(colour, seed, COVER_SIZE)
    draw = ImageDraw.Draw(image, "RGBA")
    draw.rectangle((0, 0, 760, COVER_SIZE[1]), fill=(0, 0, 0, 60))
    white = (255, 255, 255)
    _draw_text(draw, (70, 70), label.upper(), 26, (255, 255, 255, 225), bold=True)
    y = 130
    for line in _wrap(title, 640, 54, bold=True, max_lines=5):
        _draw_text(draw, (70, y), line, 54, white, bold=True)
        y += 68
    _draw_text(draw, (70, COVER_SIZE[1] - 70), PORTAL_MARK, 20, (255, 255, 255, 200), bold=False)
    return _jpeg(image)


def illustration_jpeg(*, label: str, colour: str, seed: str) -> bytes:
    """An abstract picture standing in for a photograph, labelled as a sample illustration."""
    image = _backdrop(colour, seed + ":illustration", ILLUSTRATION_SIZE)
    draw = ImageDraw.Draw(image, "RGBA")
    _draw_text(draw, (48, 44), label, 30, (255, 255, 255), bold=True)
    _draw_text(draw, (48, 88), "Sample illustration for the demo", 20, (255, 255, 255), bold=False)
    return _jpeg(image, quality=72)


def figure_png(*, title: str, steps: list[str], colour: str) -> bytes:
    """A diagram of up to four steps joined by arrows, in the theme colour."""
    base: RGB = ImageColor.getrgb(colour)[:3]  # type: ignore[assignment]
    image = Image.new("RGB", FIGURE_SIZE, (255, 255, 255))
    draw = ImageDraw.Draw(image)
    width, height = FIGURE_SIZE
    for line_number, line in enumerate(_wrap(title, width - 120, 34, bold=True, max_lines=2)):
        _draw_text(draw, (60, 40 + line_number * 44), line, 34, (25, 35, 50), bold=True)
    steps = steps[:4]
    gap, box_top, box_bottom = 40, 190, height - 90
    box_width = (width - 120 - gap * (len(steps) - 1)) / len(steps)
    tint = _mix(base, (255, 255, 255), 0.85)
    for index, step in enumerate(steps):
        left = 60 + index * (box_width + gap)
        draw.rounded_rectangle(
            (left, box_top, left + box_width, box_bottom), 18, fill=tint, outline=base, width=3
        )
        draw.ellipse((left + 20, box_top + 20, left + 72, box_top + 72), fill=base)
        _draw_text(draw, (left + 38, box_top + 30), str(index + 1), 28, (255, 255, 255), bold=True)
        for line_number, line in enumerate(_wrap(step, box_width - 40, 22, bold=False, max_lines=7)):
            _draw_text(draw, (left + 20, box_top + 96 + line_number * 30), line, 22, (30, 30, 30), bold=False)
        if index < len(steps) - 1:
            ax, ay = left + box_width + 6, (box_top + box_bottom) / 2
            draw.polygon([(ax, ay - 14), (ax + gap - 12, ay), (ax, ay + 14)], fill=base)
    _draw_text(draw, (60, height - 50), PORTAL_MARK, 18, (120, 120, 120), bold=False)
    buffer = io.BytesIO()
    image.quantize(colors=64, method=Image.Quantize.FASTOCTREE).save(buffer, "PNG")
    return buffer.getvalue()


def sample_video() -> bytes:
    return SAMPLE_VIDEO.read_bytes()
