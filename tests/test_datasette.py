"""Datasette serves an exported archive with the shipped metadata (optional `explore` extra)."""

from __future__ import annotations

import importlib.util
import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from pipeline.export.load import export_archive
from tests.conftest import REPO

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("datasette") is None,
    reason="datasette is not installed (pip install '.[explore]'); CI installs it",
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read().decode("utf-8"))


def test_datasette_serves_the_archive(tmp_path: Path) -> None:
    db = tmp_path / "archive.sqlite"
    export_archive(REPO / "parsed", db)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "datasette", "serve", str(db), "-m", str(REPO / "schemas" / "metadata.json"),
         "-h", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                get_json(f"{base}/-/versions.json")
                break
            except (urllib.error.URLError, ConnectionError):
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"datasette did not start: {server.stderr.read().decode() if server.stderr else ''}")
                time.sleep(0.2)
        documents = get_json(f"{base}/archive/documents.json?_shape=array")
        assert sorted(d["file_name"] for d in documents) == ["generated-shingikai-024.pdf", "koganei-welfare-2023-02.txt"]
        # Datasette finds the trigram FTS table of plan_nodes and searches it.
        query = urllib.parse.quote("重層的支援")
        nodes = get_json(f"{base}/archive/plan_nodes.json?_search={query}&_shape=array")
        assert [n["title"] for n in nodes] == ["重層的支援体制の整備"] and nodes[0]["page"] == 3
        served = get_json(f"{base}/-/metadata.json")
        shipped = json.loads((REPO / "schemas" / "metadata.json").read_text("utf-8"))
        assert served["databases"]["archive"]["tables"]["opinions"] == shipped["databases"]["archive"]["tables"]["opinions"]
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
