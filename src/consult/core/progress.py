"""Progress bars for long steps: shown on large consultations only, with the rate and the time left."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from tqdm.auto import tqdm

PROGRESS_FROM = 20_000
"""The size (rows, answers or values) from which a step shows a progress bar."""


def progress(items: Iterable, total: int, desc: str, size: int | None = None) -> Iterator:
    """``items`` with a tqdm bar (terminal or notebook: ``tqdm.auto``) showing the rate and the time left.

    The bar is shown only when ``size`` (the data's size; default ``total``) reaches
    :data:`PROGRESS_FROM`, so that small consultations run quietly. It is removed when done.
    """
    quiet = (total if size is None else size) < PROGRESS_FROM
    return iter(tqdm(items, total=total, desc=desc, disable=quiet, leave=False, mininterval=1.0, dynamic_ncols=True))
