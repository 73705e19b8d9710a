"""Do both PDF engines make the same Document? Every PDF of ../shared/corpus (or the folders given).

    python bench/engine_parity.py                       # real/, synthetic/, archive/ (slow: ~all pages twice)
    python bench/engine_parity.py ../shared/corpus/archive --show 3

Prints one line per file that differs (count and first differences) and a
summary; the comparison (bbox numbers within 0.5 pt) is ``tests/engine_parity.py``,
the same one ``tests/test_engines.py`` runs on the generated suite and ``real/``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from tests.engine_parity import engine_differences  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpus"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folders", nargs="*", type=Path,
                        default=[CORPUS / "real", CORPUS / "synthetic", CORPUS / "archive"])
    parser.add_argument("--show", type=int, default=2, help="differences shown per file")
    args = parser.parse_args()
    files = sorted(p for folder in args.folders for p in folder.rglob("*.pdf"))
    same = failed = 0
    differing: list[tuple[Path, int]] = []
    for path in files:
        try:
            found = engine_differences(path.read_bytes(), path.name)
        except Exception as exc:  # noqa: BLE001 - a file both engines reject is reported, not fatal
            failed += 1
            print(f"error {path}: {type(exc).__name__}: {exc}")
            continue
        if found:
            differing.append((path, len(found)))
            print(f"differs {path} ({len(found)}): {'; '.join(found[: args.show])}")
        else:
            same += 1
    print(f"{len(files)} files: {same} same Document, {len(differing)} differ, {failed} unreadable")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
