"""Reading a JSON file the user names, with one-line reasons when it cannot be.

Its own small module because ``show`` (which loads the models) and ``review``
(imported by the CLI at start-up, where a warm re-run must not load the parser)
both need it: importing it costs nothing but ``json``.
"""

from __future__ import annotations

import json
from pathlib import Path


def read_json(path: Path) -> object:
    """The JSON value in ``path``; ValueError with a one-line reason when it cannot be read or decoded."""
    try:
        return json.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise ValueError(f"cannot be read: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"not a JSON file: {exc}") from None
