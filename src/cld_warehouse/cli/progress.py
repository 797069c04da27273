"""Progress bars for the long steps (landing at national scale, the generator): tqdm, drawn on
stderr only when stderr is a terminal, so logs, CI and pipes stay clean."""
from __future__ import annotations

import sys
from contextlib import contextmanager


class _Silent:
    def update(self, n: int = 1) -> None:
        pass


@contextmanager
def progress_bar(total: int, description: str, unit: str, enabled: bool | None = None):
    """A bar of `total` steps; enabled=None means "when stderr is a terminal", False never."""
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled or total <= 1:
        yield _Silent()
        return
    from tqdm import tqdm

    with tqdm(total=total, desc=description, unit=unit, file=sys.stderr, leave=False,
              dynamic_ncols=True) as bar:
        yield bar
