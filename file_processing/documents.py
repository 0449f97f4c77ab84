"""Text and first-page thumbnails of documents: PDFs through PDFium, Word files through their XML."""

import zipfile
from typing import BinaryIO

import pypdfium2 as pdfium
from defusedxml import DefusedXmlException, ElementTree

from file_processing.images import THUMBNAIL_BOX, thumbnail_jpeg
from file_processing.refusals import Refused

# Enough text to find a document by; the rest of a very long file adds little to search.
MAX_TEXT_CHARACTERS = 1_000_000
MAX_TEXT_PAGES = 500
# A Word file's main XML part larger than this is not read for text.
MAX_DOCX_XML_SIZE = 64 * 1024 * 1024
WORD_NAMESPACE = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_pdf(path: str) -> tuple[str, bytes | None]:
    """The text of a PDF and a thumbnail of its first page; refuses a PDF that cannot be opened."""
    try:
        document = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as error:
        raise Refused("password_pdf" if "password" in str(error).lower() else "damaged_pdf") from None
    try:
        if len(document) == 0:
            raise Refused("empty_pdf")
        return _pdf_text(document), _pdf_thumbnail(document)
    finally:
        document.close()


def _pdf_text(document: pdfium.PdfDocument) -> str:
    parts: list[str] = []
    length = 0
    for index in range(min(len(document), MAX_TEXT_PAGES)):
        page = document[index]
        try:
            text_page = page.get_textpage()
            text = text_page.get_text_range().replace("\r\n", "\n").replace("\r", "\n")
            text_page.close()
        except pdfium.PdfiumError:
            text = ""
        finally:
            page.close()
        parts.append(text.strip())
        length += len(text)
        if length >= MAX_TEXT_CHARACTERS:
            break
    return _clean_text("\n\n".join(part for part in parts if part))


def _pdf_thumbnail(document: pdfium.PdfDocument) -> bytes | None:
    page = document[0]
    try:
        width, height = page.get_size()
        if width <= 0 or height <= 0:
            return None
        scale = min(THUMBNAIL_BOX[0] / width, THUMBNAIL_BOX[1] / height)
        bitmap = page.render(scale=scale)
        image = bitmap.to_pil()
        bitmap.close()
        return thumbnail_jpeg(image)
    except pdfium.PdfiumError:
        # A page PDFium cannot draw still leaves a usable file: it just has no picture.
        return None
    finally:
        page.close()


def read_docx_text(path: str) -> str:
    """The paragraphs of a Word file's main text; empty if the file holds none that can be read safely."""
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("word/document.xml")
            if info.file_size > MAX_DOCX_XML_SIZE:
                return ""
            with archive.open(info) as xml:
                return _clean_text(_docx_paragraphs(xml))
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, ElementTree.ParseError, DefusedXmlException):
        # DefusedXmlException: the XML tried entity or DTD tricks, and is not read at all.
        return ""


def _docx_paragraphs(xml: BinaryIO) -> str:
    paragraphs: list[str] = []
    current: list[str] = []
    length = 0
    open_elements = []
    for event, element in ElementTree.iterparse(xml, events=("start", "end")):
        if event == "start":
            open_elements.append(element)
            continue
        open_elements.pop()
        if element.tag == f"{WORD_NAMESPACE}t" and element.text:
            current.append(element.text)
        elif element.tag == f"{WORD_NAMESPACE}tab":
            current.append("\t")
        elif element.tag == f"{WORD_NAMESPACE}p":
            paragraph = "".join(current).strip()
            if paragraph:
                paragraphs.append(paragraph)
                length += len(paragraph)
            current = []
            # A paragraph read is dropped from its parent, or millions of empty ones pile up in memory.
            if open_elements:
                open_elements[-1].remove(element)
            if length >= MAX_TEXT_CHARACTERS:
                break
    return "\n".join(paragraphs)


def _clean_text(text: str) -> str:
    # PostgreSQL refuses NUL in text; other control characters only get in the way of search.
    text = "".join(ch for ch in text if ch in "\n\t" or ch >= " ")
    return text[:MAX_TEXT_CHARACTERS]
