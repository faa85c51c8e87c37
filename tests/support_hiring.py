"""Building résumé files and hiring situations for the tests."""

from __future__ import annotations

import io
import zipfile
from typing import Any
from xml.sax.saxutils import escape

import httpx

from conftest import Account

WORD = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
)


def pdf(lines: list[str]) -> bytes:
    """A one-page PDF showing ``lines`` in Helvetica, with a correct cross-reference table."""

    def literal(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    content = "BT /F1 11 Tf 72 720 Td 14 TL " + " ".join(f"({literal(line)}) '" for line in lines)
    content += " ET"
    bodies = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        "/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(bodies, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1"))
    table = out.tell()
    out.write(f"xref\n0 {len(bodies) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(bodies) + 1} /Root 1 0 R >>\nstartxref\n{table}\n%%EOF\n".encode()
    )
    return out.getvalue()


def docx(paragraphs: list[str], *, padding: int = 0) -> bytes:
    """A minimal Word document; ``padding`` bytes of blanks make it expand (a zip bomb)."""
    body = "".join(f"<w:p><w:r><w:t>{escape(text)}</w:t></w:r></w:p>" for text in paragraphs)
    document = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{WORD}"><w:body>{body}'
        + " " * padding
        + "</w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("word/document.xml", document)
    return out.getvalue()


async def upload(
    client: httpx.AsyncClient, account: Account, data: bytes, name: str = "resume.pdf"
) -> httpx.Response:
    return await client.post(
        "/api/v1/me/resume",
        files={"file": (name, data, "application/octet-stream")},
        headers=account.headers,
    )


async def apply(
    client: httpx.AsyncClient, account: Account, job_id: int, **body: Any
) -> httpx.Response:
    return await client.post(
        f"/api/v1/jobs/{job_id}/applications", json=body, headers=account.headers
    )


async def move(
    client: httpx.AsyncClient, account: Account, application_id: int, to: str, **body: Any
) -> httpx.Response:
    return await client.post(
        f"/api/v1/applications/{application_id}/transitions",
        json={"to": to, **body},
        headers=account.headers,
    )


GO_PROFILE = {
    "headline": "Backend engineer, Go and PostgreSQL",
    "skills": [{"skill": "golang", "years": 6}, {"skill": "postgres", "years": 5}],
    "total_years": 8,
    "location": {"name": "Berlin"},
    "desired_pay": {"min": 6_500_000, "currency": "EUR"},
    "workplaces": ["hybrid", "remote"],
}
