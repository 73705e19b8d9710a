"""Bad input → one clear line naming the file and the reason; the batch completes; no partial output.

Each case is built in tmp_path and run through the real ``parse_file`` via the
CLI (``--quiet`` prints exactly the error lines).
"""

from __future__ import annotations

import io
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from pipeline import batch
from pipeline.batch import BatchOptions, Task, process, run_batch
from pipeline.cli import main
from pipeline.index import INDEX_NAME, pipeline_version

# ---------------------------------------------------------------- building the inputs


def _reportlab_pdf(
    pages: int = 1, lines: int = 5, encrypt: object = None, image: bool = False
) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("HeiseiMin-W3"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt=encrypt)
    for page in range(pages):
        if image:
            from PIL import Image, ImageDraw
            from reportlab.lib.utils import ImageReader

            img = Image.new("RGB", (400, 200), "white")
            ImageDraw.Draw(img).rectangle((20, 20, 380, 180), outline="black", width=5)
            c.drawImage(ImageReader(img), 72, 500, width=400, height=200)
        else:
            c.setFont("HeiseiMin-W3", 12)
            for i in range(lines):
                c.drawString(
                    72, 780 - 14 * i, f"第{page + 1}頁 {i + 1}行目 テスト委員会の資料です。"
                )
        c.showPage()
    c.save()
    return buf.getvalue()


def _handmade_pdf(objects: list[bytes]) -> bytes:
    """A PDF whose objects are given verbatim (1-based, object 1 is the catalog), with a correct xref."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _encrypted(user: str) -> bytes:
    from reportlab.lib.pdfencrypt import StandardEncryption

    return _reportlab_pdf(
        encrypt=StandardEncryption(user, ownerPassword="owner-secret", canModify=0)
    )


def _corrupt_xref() -> bytes:
    data = _reportlab_pdf()
    start = data.index(b"\nxref\n") + 1
    table_end = data.index(b"trailer", start)
    garbled = bytes(
        b if b in b"\n\r" else ord("9") if chr(b).isdigit() else b
        for b in data[start + 4 : table_end]
    )
    return data[: start + 4] + garbled + data[table_end:]


def _deeply_nested() -> bytes:
    nested = b"[" * 20000 + b"]" * 20000
    return _handmade_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots " + nested + b" >>",
        ]
    )


def _unknown_encoding() -> bytes:
    data = "Committee notes… résumé — draft «2».\n".encode("cp1252") * 20
    for encoding in ("utf-8", "cp932", "euc_jp"):
        with pytest.raises(UnicodeDecodeError):
            data.decode(encoding)
    return data


def _one_megabyte_line() -> bytes:
    unit = "令和5年度第2回テスト委員会において計画の体系について審議した。"
    text = unit * (1_000_000 // len(unit.encode("utf-8")) + 1)
    return text.encode("utf-8")[: 1_000_000 - 3].decode("utf-8", "ignore").encode("utf-8")


# ---------------------------------------------------------------- the cases


@dataclass
class Case:
    name: str  # the input file name
    build: Callable[[], bytes]
    error: str | None  # a stable keyword of the expected message; None = must parse
    warning: str | None = None  # a warning code the output must carry
    either: bool = False  # a clear error or a clean parse are both fine
    max_seconds: float | None = None


CASES = [
    pytest.param(Case("empty.pdf", lambda: b"", "empty"), id="empty"),
    pytest.param(
        Case("truncated.pdf", lambda: _reportlab_pdf(pages=3)[:900], "truncated or corrupt PDF"),
        id="truncated",
    ),
    pytest.param(
        Case("corrupt-xref.pdf", _corrupt_xref, "truncated or corrupt PDF", either=True),
        id="corrupt-xref",
    ),
    pytest.param(
        Case("user-password.pdf", lambda: _encrypted("user-secret"), "password"),
        id="encrypted-user-password",
    ),
    pytest.param(
        Case("owner-password.pdf", lambda: _encrypted(""), None), id="encrypted-owner-password-only"
    ),
    pytest.param(
        Case("not-a-pdf.pdf", lambda: b"<html><body>Not found</body></html>\n", "not a PDF file"),
        id="not-a-pdf",
    ),
    pytest.param(
        Case(
            "zero-pages.pdf",
            lambda: _handmade_pdf(
                [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
            ),
            "no pages",
        ),
        id="zero-pages",
    ),
    pytest.param(
        Case("image-only.pdf", lambda: _reportlab_pdf(image=True), None, warning="no_text_layer"),
        id="image-only",
    ),
    pytest.param(
        Case("junk.txt", lambda: os.urandom(4096) + b"\x00" * 16, "binary"), id="binary-junk-text"
    ),
    pytest.param(Case("latin.txt", _unknown_encoding, "encoding"), id="unknown-encoding"),
    pytest.param(
        Case("one-line.txt", _one_megabyte_line, None, max_seconds=20), id="1MB-single-line-text"
    ),
    pytest.param(
        Case("nested.pdf", _deeply_nested, "corrupt", either=True, max_seconds=60),
        id="deeply-nested-pdf",
    ),
]


def run_case(
    tmp_path: Path, case: Case, capsys: pytest.CaptureFixture[str], **kw: object
) -> tuple[dict, str, float]:  # type: ignore[type-arg]
    raw = tmp_path / "raw"
    raw.mkdir(exist_ok=True)
    (raw / case.name).write_bytes(case.build())
    out = tmp_path / "out"
    start = time.monotonic()
    main(
        [
            "run",
            str(raw),
            "--out",
            str(out),
            "--quiet",
            "--jobs",
            "1",
            *map(str, kw.get("args", [])),
        ]
    )
    seconds = time.monotonic() - start
    entries = [json.loads(line) for line in (out / INDEX_NAME).read_text("utf-8").splitlines()]
    assert [e["path"] for e in entries] == [case.name]
    return entries[0], capsys.readouterr().err, seconds


def assert_no_partial_output(out: Path, keep: set[str] = frozenset()) -> None:  # type: ignore[assignment]
    leftovers = {p.name for p in out.iterdir()} - {INDEX_NAME} - keep
    assert not leftovers, f"partial or stale output: {leftovers}"


@pytest.mark.parametrize("case", CASES)
def test_bad_input(case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    entry, err, seconds = run_case(tmp_path, case, capsys)
    out = tmp_path / "out"
    if case.max_seconds is not None:
        assert seconds < case.max_seconds
    if entry["status"] == "failed":
        assert case.error is not None, f"{case.name} should parse: {entry['error']}"
        assert not entry["error"].startswith("internal error"), entry["error"]
        assert case.error in entry["error"]
        assert err == f"{case.name}: {entry['error']}\n"  # one line naming the file and the reason
        assert_no_partial_output(out)
    else:
        assert case.error is None or case.either, (
            f"{case.name} parsed but should fail with {case.error!r}"
        )
        assert entry["status"] in ("ok", "no_text") and err == ""
        output = out / entry["output"]
        assert json.loads(output.read_text("utf-8"))["source"]["file_name"] == case.name
        if case.warning:
            assert case.warning in entry["warning_codes"]
        if case.warning == "no_text_layer":  # every page is a scan: the index says so
            assert entry["status"] == "no_text"
        assert_no_partial_output(out, {entry["output"]})


def test_huge_pdf_is_stopped_by_the_time_limit_or_parses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Either way the batch ends in time and the next file still gets its turn."""
    case = Case(
        "huge.pdf", lambda: _reportlab_pdf(pages=400, lines=40), "timed out after 3 s", either=True
    )
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "after.pdf").write_bytes(b"")  # fails fast, proves the batch went on
    raw = tmp_path / "raw"
    (raw / case.name).write_bytes(case.build())
    start = time.monotonic()
    report = run_batch([raw], BatchOptions(out_dir=tmp_path / "out", jobs=2, timeout=3))
    assert time.monotonic() - start < 30
    results = {r.entry.path: r.entry for r in report.results}
    assert results["after.pdf"].error == "is empty (0 bytes)"
    huge = results["huge.pdf"]
    assert huge.status == "ok" or huge.error == "timed out after 3 s", huge.error


# ---------------------------------------------------------------- cases about the file system


def test_directory_named_like_a_pdf(tmp_path: Path) -> None:
    folder = tmp_path / "x.pdf"
    folder.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    result = process(Task(folder, "x.pdf", "x.json", None), out, None, 10, pipeline_version())
    assert (result.entry.status, result.entry.error) == ("failed", "is a directory, not a file")
    assert not list(out.iterdir())
    # In a folder it is searched like any folder, not parsed as a file.
    assert run_batch([tmp_path], BatchOptions(out_dir=out, jobs=1)).results == []


def test_symlink_loop(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "loop.pdf").symlink_to(raw / "loop.pdf")
    (raw / "sub").mkdir()
    (raw / "sub" / "up").symlink_to(
        raw, target_is_directory=True
    )  # a directory loop is not followed
    assert main(["run", str(raw), "--out", str(tmp_path / "out"), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert err == "loop.pdf: cannot be read: Too many levels of symbolic links\n"
    assert_no_partial_output(tmp_path / "out")


@pytest.mark.skipif(
    os.geteuid() == 0, reason="root reads files whatever their mode; see the simulated case"
)
def test_unreadable_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "secret.pdf").write_bytes(b"%PDF-1.4\n")
    (raw / "secret.pdf").chmod(0)
    assert main(["run", str(raw), "--out", str(tmp_path / "out"), "--quiet"]) == 1
    assert capsys.readouterr().err.startswith("secret.pdf: cannot be read: Permission denied")


def test_unreadable_file_simulated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "secret.pdf").write_bytes(b"%PDF-1.4\n")

    def denied(path: Path) -> str:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(batch, "sha256_file", denied)
    assert main(["run", str(raw), "--out", str(tmp_path / "out"), "--quiet"]) == 1
    assert capsys.readouterr().err == "secret.pdf: cannot be read: Permission denied\n"
    assert_no_partial_output(tmp_path / "out")


def test_parse_file_reports_permission_denied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same failure when the file becomes unreadable between hashing and parsing."""
    path = tmp_path / "secret.pdf"
    path.write_bytes(b"%PDF-1.4\n")
    original = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    out = tmp_path / "out"
    out.mkdir()
    result = process(
        Task(path, "secret.pdf", "secret.json", None), out, None, 10, pipeline_version()
    )
    assert result.entry.error is not None and result.entry.error.startswith(
        "cannot be read: permission denied"
    )


def test_all_bad_inputs_in_one_batch_complete(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every case together, with workers: each gets exactly one line and nothing is half-written."""
    raw = tmp_path / "raw"
    raw.mkdir()
    for param in CASES:
        case = param.values[0]
        (raw / case.name).write_bytes(case.build())
    (raw / "loop.pdf").symlink_to(raw / "loop.pdf")
    main(
        [
            "run",
            str(raw),
            "--out",
            str(tmp_path / "out"),
            "--quiet",
            "--jobs",
            "2",
            "--timeout",
            "60",
        ]
    )
    err_lines = capsys.readouterr().err.splitlines()
    entries = [
        json.loads(x) for x in (tmp_path / "out" / INDEX_NAME).read_text("utf-8").splitlines()
    ]
    assert len(entries) == len(CASES) + 1
    failed = [e for e in entries if e["status"] == "failed"]
    assert sorted(err_lines) == sorted(f"{e['path']}: {e['error']}" for e in failed)
    assert all("\n" not in e["error"] for e in failed)
    ok_outputs = {e["output"] for e in entries if e["status"] in ("ok", "no_text")}
    assert_no_partial_output(tmp_path / "out", ok_outputs)
