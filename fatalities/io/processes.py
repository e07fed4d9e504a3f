"""Whether a process still runs: the one liveness check behind cache build locks, spooled
input folders and ``-o`` temporary files left by runs that were killed.

>>> import os
>>> process_alive(os.getpid())
True
"""

from __future__ import annotations

import os
from pathlib import Path


def process_alive(pid: int) -> bool:
    """Whether process ``pid`` exists; a finished child not yet reaped (a zombie) is gone,
    one we may not signal counts as running."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    try:
        status = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return status.rsplit(")", 1)[-1].split()[:1] != ["Z"]
