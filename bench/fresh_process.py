"""Running one measurement in a fresh interpreter, so peak memory and imports are its own."""

from __future__ import annotations

import json
import subprocess
import sys


def measure_in_child(script: str, *args: str) -> dict:
    """Run `script --one ARGS...` and return the JSON object it prints last."""
    done = subprocess.run(
        [sys.executable, script, "--one", *args], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])
