"""Unusable PDFs become one-line InputErrors; encrypted-but-open PDFs and bad pages do not."""

from __future__ import annotations

import pytest
from reportlab.lib.pdfencrypt import StandardEncryption

from pipeline.errors import InputError
from pipeline.extract.pdf import extract_pdf
from tests import pdfkit
from tests.conftest import corpus_file
from tests.test_bad_inputs import (
    _handmade_pdf as _handmade,  # one hand-made-PDF writer for all tests
)


def _doc(pages: int = 2, encrypt: object = None) -> bytes:
    return pdfkit.build(*[lambda c, n=n: pdfkit.text(c, 50, 100, f"第{n}頁の本文") for n in range(1, pages + 1)],
                        encrypt=encrypt)


def _error(data: bytes) -> str:
    with pytest.raises(InputError) as info:
        extract_pdf(data)
    message = str(info.value)
    assert "\n" not in message and len(message) < 160
    return message


def test_not_a_pdf() -> None:
    assert _error(b"<html><body>Not found</body></html>\n") == "not a PDF file (no %PDF header)"


def test_truncated_pdf() -> None:
    assert _error(_doc(3)[:900]).startswith("truncated or corrupt PDF")


def test_user_password_is_required() -> None:
    data = _doc(encrypt=StandardEncryption("user-secret", ownerPassword="owner", canModify=0))
    assert _error(data) == "encrypted: a password is required"


def test_owner_password_only_opens() -> None:
    def page(n: int):  # type: ignore[no-untyped-def]
        def draw(c) -> None:  # type: ignore[no-untyped-def]
            c.setFont("Helvetica", 12)
            c.drawString(72, 700, f"Page {n} body")
        return draw

    data = pdfkit.build(page(1), page(2), encrypt=StandardEncryption("", ownerPassword="owner", canModify=0))
    layout = extract_pdf(data)
    assert [[ln.text for ln in p.lines] for p in layout.pages] == [["Page 1 body"], ["Page 2 body"]]


def test_zero_pages() -> None:
    data = _handmade([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])
    assert _error(data).startswith("no pages")


def test_no_catalog_is_corrupt() -> None:
    assert _error(b"%PDF-1.4\n1 0 obj\n<< /Foo 1 >>\nendobj\n%%EOF\n").startswith("truncated or corrupt PDF")


def test_deeply_nested_object_does_not_crash() -> None:
    nested = b"[" * 20000 + b"]" * 20000
    data = _handmade([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots " + nested + b" >>",
    ])
    try:
        layout = extract_pdf(data)
    except InputError as exc:
        assert "corrupt" in str(exc)
    else:
        assert len(layout.pages) == 1


def test_a_page_that_fails_is_skipped_with_a_notice(monkeypatch: pytest.MonkeyPatch) -> None:
    """pdfminer is lenient with broken content streams, so the failure is injected."""
    from pipeline.extract import pdf as module

    real = module.assemble_page

    def flaky(content, number, layout):  # type: ignore[no-untyped-def]
        if number == 2:
            raise RecursionError("maximum recursion depth exceeded")
        return real(content, number, layout)

    monkeypatch.setattr(module, "assemble_page", flaky)
    layout = module.extract_pdf(_doc(3))
    assert [p.number for p in layout.pages] == [1, 2, 3]
    assert [ln.text for ln in layout.pages[2].lines] == ["第3頁の本文"]
    assert layout.pages[1].lines == []
    assert [(n.code, n.page) for n in layout.notices] == [("page_error", 2)]
    assert "nested too deeply" in layout.notices[0].message


def test_every_real_pdf_extracts() -> None:
    for name in ("cjk-fake-bold-2x.pdf", "cjk-fake-bold-4x.pdf", "nankoku-report-9-scanned.pdf", "jo-vertical-literary.pdf"):
        layout = extract_pdf(corpus_file(f"real/{name}").read_bytes())
        assert layout.pages
