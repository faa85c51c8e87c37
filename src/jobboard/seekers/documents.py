"""Résumé files: what a file is, decided from its bytes, and the text inside it.

Accepted: PDF, DOCX, Markdown and plain text (UTF-8). The name a file was uploaded under is
never consulted. Reading is bounded: a DOCX is opened as a ZIP whose declared and actual
decompressed sizes are capped (a zip bomb is refused, not expanded), and a PDF's text is read
from its first pages only (pypdf caps the output of each compressed stream).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

import pypdf
from defusedxml import ElementTree
from pypdf.errors import PyPdfError

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MARKDOWN = "text/markdown"
TEXT = "text/plain"

MAX_BYTES = 5 * 1024 * 1024
MAX_TEXT_CHARACTERS = 100_000
MAX_PDF_PAGES = 30
# A DOCX is a ZIP: bound what it may expand to, in all and for its main part.
MAX_DOCX_ENTRIES = 2_000
MAX_DOCX_EXPANDED = 40 * 1024 * 1024
MAX_DOCX_DOCUMENT = 20 * 1024 * 1024
MAX_DOCX_RATIO = 200

_EXECUTABLE_MAGIC = (
    b"MZ",  # Windows PE
    b"\x7fELF",
    b"\xfe\xed\xfa\xce",  # Mach-O
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",  # Mach-O universal, Java class
    b"#!",  # scripts
)
_WORD_NAMESPACE = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MARKDOWN_LINE = re.compile(
    r"^(#{1,6} \S|[-*+] \S|\d+\. \S|> |```)|\[[^\]\n]+\]\([^)\s]+\)|\*\*\S", re.MULTILINE
)


class DocumentRefused(Exception):
    """The file is not one Jobboard reads; ``reason`` tells the uploader why."""

    def __init__(self, reason: str, *, unsupported: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.unsupported = unsupported


@dataclass(frozen=True, slots=True)
class ReadDocument:
    media_type: str
    text: str


def _refuse(reason: str) -> DocumentRefused:
    return DocumentRefused(reason, unsupported=False)


def _unsupported(reason: str) -> DocumentRefused:
    return DocumentRefused(reason, unsupported=True)


def read_document(data: bytes) -> ReadDocument:
    """Decide what ``data`` is and read its text; raise DocumentRefused for anything else."""
    if len(data) > MAX_BYTES:
        raise _refuse(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    if not data.strip():
        raise _refuse("the file is empty")
    if data.startswith(_EXECUTABLE_MAGIC):
        raise _unsupported("the file is a program, not a document")
    if data[:1024].lstrip().startswith(b"%PDF-"):
        return ReadDocument(PDF, _clip(_pdf_text(data)))
    if data.startswith(b"PK\x03\x04"):
        return ReadDocument(DOCX, _clip(_docx_text(data)))
    text = _plain_text(data)
    media_type = MARKDOWN if len(_MARKDOWN_LINE.findall(text[:20_000])) >= 2 else TEXT
    return ReadDocument(media_type, _clip(text))


def _clip(text: str) -> str:
    text = re.sub(r"[ \t]+", " ", text.replace("\r\n", "\n"))
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    return text[:MAX_TEXT_CHARACTERS]


def _plain_text(data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _unsupported(
            "the file is neither a PDF, a DOCX, nor UTF-8 text (Markdown or plain)"
        ) from error
    controls = sum(1 for character in text if ord(character) < 32 and character not in "\t\n\r\f")
    if "\x00" in text or controls > len(text) // 100:
        raise _unsupported("the file holds binary data, not text")
    return text


def _pdf_text(data: bytes) -> str:
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise _refuse("the PDF is encrypted; upload it without a password")
        parts = []
        for page in reader.pages[:MAX_PDF_PAGES]:
            parts.append(page.extract_text() or "")
            if sum(len(part) for part in parts) > MAX_TEXT_CHARACTERS:
                break
    except DocumentRefused:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as error:
        raise _refuse("the PDF could not be read; export it again and retry") from error
    return "\n".join(parts)


def _read_bounded(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    """Decompress one member, stopping past ``limit`` bytes whatever its header claims."""
    with archive.open(name) as member:
        data = member.read(limit + 1)
    if len(data) > limit:
        raise _refuse("the DOCX expands to far more than a résumé holds (a zip bomb?)")
    return data


def _docx_text(data: bytes) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise _refuse("the DOCX is not a readable ZIP archive") from error
    with archive:
        entries = archive.infolist()
        names = {entry.filename for entry in entries}
        if "[Content_Types].xml" not in names or "word/document.xml" not in names:
            raise _unsupported("the ZIP archive is not a Word document (DOCX)")
        declared = sum(entry.file_size for entry in entries)
        compressed = sum(entry.compress_size for entry in entries) or 1
        if (
            len(entries) > MAX_DOCX_ENTRIES
            or declared > MAX_DOCX_EXPANDED
            or declared / compressed > MAX_DOCX_RATIO
        ):
            raise _refuse("the DOCX expands to far more than a résumé holds (a zip bomb?)")
        try:
            document = _read_bounded(archive, "word/document.xml", MAX_DOCX_DOCUMENT)
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as error:
            raise _refuse("the DOCX could not be decompressed") from error
    try:
        root = ElementTree.fromstring(document)
    except Exception as error:  # defusedxml raises several kinds for hostile or broken XML
        raise _refuse("the DOCX's text could not be read") from error
    lines: list[str] = []
    for paragraph in root.iter(f"{_WORD_NAMESPACE}p"):
        words = []
        for node in paragraph.iter():
            if node.tag == f"{_WORD_NAMESPACE}t" and node.text:
                words.append(node.text)
            elif node.tag in (f"{_WORD_NAMESPACE}tab", f"{_WORD_NAMESPACE}br"):
                words.append(" ")
        lines.append("".join(words))
    return "\n".join(lines)
