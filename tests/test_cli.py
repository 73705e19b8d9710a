"""``python -m pipeline``: help, exit codes, output modes, schema and show."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from test_batch_support import fake_parse, write_inputs

from pipeline.cli import main
from pipeline.models import (
    Agenda,
    AgendaItem,
    ContextBlock,
    Document,
    Label,
    Material,
    Meeting,
    Opinion,
    Plan,
    PlanNode,
    PlanNote,
    PlanStructure,
    Repair,
    Section,
    Source,
    Warning,
    document_json_schema,
)

REPO = Path(__file__).resolve().parents[1]


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True,
                          cwd=cwd or REPO, env=env, timeout=120)


# ---------------------------------------------------------------- help and usage


@pytest.mark.parametrize(("command", "words"), [
    ((), ["run", "schema", "show"]),
    (("run",), ["--out", "--jobs", "--force", "--timeout", "--shard", "--quiet", "--json-log", "a.pdf.json", "index.jsonl"]),
    (("schema",), ["--out", "schemas/document.schema.json"]),
    (("show",), ["FILE.json"]),
])
def test_every_command_has_help(command: tuple[str, ...], words: list[str]) -> None:
    result = cli(*command, "--help")
    assert result.returncode == 0
    for word in words:
        assert word in result.stdout


@pytest.mark.parametrize("args", [
    ["run", "--shard", "0/2"], ["run", "--shard", "x"], ["run", "--jobs", "0"], ["run", "--timeout", "-1"],
    ["run", "does-not-exist"], ["frobnicate"], [],
])
def test_usage_errors_exit_2(args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main([*args, "--out", str(tmp_path)] if args and args[0] == "run" else args, parse=fake_parse)
    assert exc.value.code == 2


# ---------------------------------------------------------------- run


def test_run_exit_codes_and_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw = write_inputs(tmp_path / "raw", {"good.txt": "WARN\n2\n", "bad.pdf": "FAIL not a PDF file"})
    out = tmp_path / "out"
    assert main(["run", str(raw), "--out", str(out), "--jobs", "1"], parse=fake_parse) == 1
    table = capsys.readouterr().out
    for text in ("good.txt", "bad.pdf", "error bad.pdf: not a PDF file\n", "unclassified_page", "1 parsed, 0 up to date, 1 failed"):
        assert text in table
    (raw / "bad.pdf").unlink()
    assert main(["run", str(raw), "--out", str(out)], parse=fake_parse) == 0
    assert "0 parsed, 1 up to date, 0 failed" in capsys.readouterr().out


def test_quiet_prints_only_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw = write_inputs(tmp_path / "raw", {"good.txt": "1\n", "bad.pdf": "FAIL encrypted: a password is required"})
    assert main(["run", str(raw), "--out", str(tmp_path / "out"), "--quiet"], parse=fake_parse) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == "bad.pdf: encrypted: a password is required\n"


def test_json_log_is_one_line_per_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw = write_inputs(tmp_path / "raw", {"a.txt": "1\n2\n", "b.txt": "BOOM"})
    main(["run", str(raw), "--out", str(tmp_path / "out"), "--json-log", "--jobs", "1"], parse=fake_parse)
    records = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    assert [(r["file"], r["status"], r["pages"], r["warnings"]) for r in records] == [
        ("a.txt", "ok", 2, 0), ("b.txt", "failed", None, 0)]
    assert records[1]["error"] == "internal error: RuntimeError: boom with a second line"
    assert all(set(r) == {"file", "status", "seconds", "pages", "warnings", "error"} for r in records)


def test_run_defaults_to_raw_and_parsed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_inputs(tmp_path / "raw", {"a.txt": "1\n"})
    monkeypatch.chdir(tmp_path)
    assert main(["run", "--quiet"], parse=fake_parse) == 0
    assert (tmp_path / "parsed" / "a.json").exists()


# ---------------------------------------------------------------- schema


def test_schema_prints_and_writes(tmp_path: Path) -> None:
    printed = cli("schema", "--out", "-")
    assert printed.returncode == 0
    assert json.loads(printed.stdout) == document_json_schema()
    target = tmp_path / "s" / "document.schema.json"
    assert cli("schema", "--out", str(target)).returncode == 0
    text = target.read_text("utf-8")
    assert text == json.dumps(document_json_schema(), ensure_ascii=False, indent=2) + "\n"
    assert text == printed.stdout


# ---------------------------------------------------------------- show


def _label(printed: str, number: int, style: str = "arabic") -> Label:
    return Label(printed=printed, number=number, style=style)


def rich_document() -> Document:
    return Document(
        source=Source(file_name="sample.pdf", sha256="0" * 64, kind="pdf", pages=3),
        meeting=Meeting(title="第2回テスト委員会次第", body="テスト委員会", fiscal_year=2023, fiscal_year_label="令和5年度",
                        session=2, date="2023-07-28", start_time="14:00", end_time="16:00", place="会議室A"),
        agendas=[Agenda(heading="次第", items=[
            AgendaItem(label=_label("1", 1), title="開会"),
            AgendaItem(label=_label("2", 2), title="議題", children=[
                AgendaItem(label=_label("⑴", 1, "paren"), title="計画について", note="資料1のとおり")]),
        ]), Agenda(heading="議事日程(第1号追加の1)", meeting=Meeting(title="臨時会", date="2023-07-29"),
                   items=[AgendaItem(label=_label("第1", 1, "named"), title="追加の議案")])],
        materials=[Material(label="資料1", number="1", kind="資料", title="計画の体系", note="事前配布")],
        plans=[PlanStructure(title="計画の体系", plans=[Plan(which="next", philosophy="ともに生きるまち", goals=[
            PlanNode(level="goal", label=_label("基本目標1", 1, "named"), title="目標のタイトル", children=[
                PlanNode(level="policy", label=_label("⑴", 1, "paren"), title="施策のタイトル", tag="新規", star=True,
                         notes=[PlanNote(text="注記の本文", tag="継承")],
                         children=[PlanNode(level="measure", label=_label("①", 1, "circled"), title="事業")])])])],
            context=[ContextBlock(column="国", heading="【国の方針】", lines=["方針の一行目"])])],
        opinions=[Opinion(number=1, label="1", text="意見その一", submitter="甲委員"),
                  Opinion(number=2, label="2", text="意見その二", submitter="乙委員"),
                  Opinion(number=3, label="3", text="意見その三", submitter="甲委員")],
        sections=[Section(kind="agenda", pages=[1]), Section(kind="plan", pages=[2, 3], label="資料1")],
        repairs=[Repair(page=2, kind="overprint", before="ああ", after="あ", count=1)],
        warnings=[Warning(code="impossible_date", message="日付が不正", pages=[1])],
    )


def test_show_prints_every_part_of_a_document(tmp_path: Path) -> None:
    from pipeline.batch import render_json

    path = tmp_path / "sample.json"
    path.write_text(render_json(rich_document()), "utf-8")
    result = cli("show", str(path))
    assert result.returncode == 0, result.stderr
    for text in ("sample.pdf", "第2回テスト委員会次第", "2023-07-28", "14:00–16:00", "会議室A", "⑴ 計画について",
                 "資料1のとおり", "資料1 計画の体系", "ともに生きるまち", "基本目標1 目標のタイトル", "【★新規】",
                 "※ 注記の本文", "【継承】", "① 事業", "【国の方針】", "甲委員", "乙委員", "repairs (1)",
                 "impossible_date", "議事日程(第1号追加の1)", "第1 追加の議案", "2023-07-29"):
        assert text in result.stdout, text
    # opinions are grouped by submitter: 甲委員 appears once, with both of its opinions under it
    assert result.stdout.count("甲委員") == 1
    assert result.stdout.index("意見その三") < result.stdout.index("乙委員")


@pytest.mark.parametrize(("content", "reason"), [("{not json", "not a JSON file"), ('{"a": 1}', "not a parsed document")])
def test_show_rejects_other_files_in_one_line(tmp_path: Path, content: str, reason: str) -> None:
    path = tmp_path / "x.json"
    path.write_text(content)
    result = cli("show", str(path))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and str(path) in result.stderr and reason in result.stderr


def test_clashing_inputs_are_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    one = write_inputs(tmp_path / "one", {"a.txt": "1\n"})
    two = write_inputs(tmp_path / "two", {"a.txt": "2\n"})
    with pytest.raises(SystemExit) as exc:
        main(["run", str(one), str(two), "--out", str(tmp_path / "out")], parse=fake_parse)
    assert exc.value.code == 2
    assert "different --out folders" in capsys.readouterr().err


def test_out_that_is_a_file_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("x")
    with pytest.raises(SystemExit) as exc:
        main(["run", str(tmp_path), "--out", str(tmp_path / "taken")], parse=fake_parse)
    assert exc.value.code == 2
