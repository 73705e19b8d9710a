"""The batch as a real process: kill -9 in the middle, warm re-runs, and end to end.

The slow parse is injected by a throw-away script in tmp_path that calls
``pipeline.cli.main(parse=...)``, so no test hook lives in the production code.
"""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_batch_support import fake_parse, write_inputs

from pipeline.batch import render_json
from pipeline.index import INDEX_NAME
from pipeline.models import Document

REPO = Path(__file__).resolve().parents[1]
TESTS = Path(__file__).resolve().parent
ENV = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "COLUMNS": "200"}

HOOK = f"""
import sys
sys.path[:0] = [{str(REPO)!r}, {str(TESTS)!r}]
from test_batch_support import fake_parse
from pipeline.cli import main
sys.exit(main(sys.argv[1:], parse=fake_parse))
"""


def hook_script(tmp_path: Path) -> list[str]:
    script = tmp_path / "run_with_fake_parse.py"
    script.write_text(HOOK)
    return [sys.executable, str(script)]


def assert_complete_outputs(out: Path) -> list[Path]:
    files = sorted(out.glob("*.json"))
    for path in files:
        Document.model_validate_json(path.read_text("utf-8"))  # raises on a half-written file
    return files


def test_kill_9_mid_batch_then_rerun_completes(tmp_path: Path) -> None:
    names = [f"doc{i:02d}.txt" for i in range(30)]
    raw = write_inputs(tmp_path / "raw", {name: f"SLEEP 0.15\n{name}\n" + "行\n" * 50 for name in names})
    out = tmp_path / "out"
    command = [*hook_script(tmp_path), "run", str(raw), "--out", str(out), "--jobs", "2", "--quiet"]
    proc = subprocess.Popen(command, env=ENV)
    deadline = time.monotonic() + 30
    while len(list(out.glob("*.json"))) < 6:
        assert proc.poll() is None, "the batch finished before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    time.sleep(0.5)  # workers die with their parent (PR_SET_PDEATHSIG)
    done_before = assert_complete_outputs(out)
    assert 6 <= len(done_before) < 30

    rerun = subprocess.run(command, env=ENV, capture_output=True, text=True, timeout=60)
    assert rerun.returncode == 0, rerun.stderr
    assert [p.name for p in assert_complete_outputs(out)] == [n.replace(".txt", ".json") for n in names]
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]
    index = [json.loads(line) for line in (out / INDEX_NAME).read_text().splitlines()]
    assert [e["path"] for e in index] == names and all(e["status"] in ("ok", "skipped") for e in index)
    for name in names:
        expected = render_json(fake_parse(raw / name))
        assert (out / name.replace(".txt", ".json")).read_text("utf-8") == expected


WARM = """
import sys, time
from pipeline.cli import main
start = time.perf_counter()
rc = main(["run", sys.argv[1], "--out", sys.argv[2], "--quiet"])
print(rc, time.perf_counter() - start, sorted(m for m in sys.modules if m.split(".")[0] in ("pdfplumber", "pdfminer", "pydantic") or m.startswith(("pipeline.parse", "pipeline.extract", "pipeline.segment", "pipeline.clean", "pipeline.models"))))
"""


def test_warm_rerun_hashes_and_skips_without_loading_the_parser(tmp_path: Path) -> None:
    raw = write_inputs(tmp_path / "raw", {f"d{i % 5}/f{i}.txt": f"{i}\n" * 20 for i in range(200)})
    out = tmp_path / "out"
    cold = subprocess.run([*hook_script(tmp_path), "run", str(raw), "--out", str(out), "--quiet"], env=ENV)
    assert cold.returncode == 0
    warm = subprocess.run([sys.executable, "-c", WARM, str(raw), str(out)], env=ENV, capture_output=True, text=True)
    rc, seconds, modules = warm.stdout.split(" ", 2)
    assert (rc, modules.strip()) == ("0", "[]"), warm.stderr
    assert float(seconds) < 2.0  # 200 files: hashing and the index only


def _importable(*names: str) -> bool:
    """Stages are written in parallel: run the end-to-end legs whose stages exist."""
    import importlib

    try:
        for name in names:
            module, attr = name.rsplit(".", 1)
            getattr(importlib.import_module(module), attr)
    except (ImportError, AttributeError):
        return False
    return True


TEXT_STAGES = ("pipeline.clean.clean_layout", "pipeline.extract.text.extract_text", "pipeline.segment.segment")
PDF_STAGES = (*TEXT_STAGES, "pipeline.extract.pdf.extract_pdf")


def _japanese_pdf(path: Path, pages: int) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("HeiseiMin-W3"))
    c = canvas.Canvas(str(path))
    for page in range(pages):
        c.setFont("HeiseiMin-W3", 14)
        c.drawString(72, 760, "令和5年度 第2回 テスト委員会 次第")
        c.drawString(72, 730, "日時 令和5年7月28日（金）午後2時から")
        for i in range(1, 6):
            c.drawString(90, 700 - i * 24, f"{i} 議題その{i}（ページ{page + 1}）")
        c.showPage()
    c.save()


@pytest.mark.parametrize("kind", [
    pytest.param("text", marks=pytest.mark.skipif(not _importable(*TEXT_STAGES), reason="text stages not in place yet")),
    pytest.param("pdf", marks=pytest.mark.skipif(not _importable(*PDF_STAGES), reason="PDF extractor not in place yet")),
])
def test_end_to_end_with_the_real_stages(tmp_path: Path, kind: str) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    for sample in sorted((REPO / "raw").glob("*.txt"))[:3]:
        shutil.copy(sample, raw / sample.name)
    (raw / "generated.txt").write_text("令和5年度 第2回 テスト委員会 次第\n\n1 開会\n2 議題\n", "utf-8")
    if kind == "pdf":
        for n in range(4):
            _japanese_pdf(raw / f"generated{n}.pdf", pages=n + 1)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "pipeline", "run", str(raw), "--out", str(out), "--jobs", "2"]
    start = time.perf_counter()
    cold = subprocess.run(command, env=ENV, capture_output=True, text=True, timeout=300)
    cold_s = time.perf_counter() - start
    assert cold.returncode == 0, cold.stdout + cold.stderr
    files = assert_complete_outputs(out)
    assert len(files) == len(list(raw.iterdir()))
    for path in files:
        shown = subprocess.run([sys.executable, "-m", "pipeline", "show", str(path)], env=ENV,
                               capture_output=True, text=True, timeout=60)
        assert shown.returncode == 0, shown.stderr
    start = time.perf_counter()
    warm = subprocess.run(command, env=ENV, capture_output=True, text=True, timeout=60)
    warm_s = time.perf_counter() - start
    assert warm.returncode == 0 and f"0 parsed, {len(files)} up to date, 0 failed" in warm.stdout
    assert warm_s < cold_s, (warm_s, cold_s)
