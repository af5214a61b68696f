"""Disclosure control of small counts: primary and secondary cell suppression.

Suppressing a count below the threshold is not enough when its line's total is published: the
total less the other cells gives it back. The GSS guidance on disclosure control (and the ONS's
for tables) adds secondary suppression: after the cells under the threshold are suppressed, any
line (a row or column whose total is published) holding exactly one suppressed cell has its
smallest unsuppressed cell suppressed too, and this is repeated until no line has exactly one.
That rule alone can leave a cell that the lines together still pin down (in a two-way table, a
suppressed cell joining two otherwise separate patterns of suppressed cells: the sum of one pattern's
lines gives it), so :func:`suppress` then solves the lines' equations and, while any suppressed
cell is determined by them, suppresses the smallest open cell on one of its lines and repeats.
:func:`suppress` does that for any set of lines; :func:`suppress_table` for a table whose row and
column totals are both published.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.linalg import null_space


def suppress(counts: Sequence[float] | np.ndarray, lines: Sequence[Sequence[int]], threshold: int,
             also: Sequence[bool] | np.ndarray | None = None) -> np.ndarray:
    """Which of ``counts`` to suppress (booleans, same length): primary, then secondary suppression.

    ``counts`` is a flat array of cells; ``lines`` lists the cells (indices) of each published total.
    Primary: every cell from 1 to ``threshold - 1`` (zeros are shown: a structural or true zero
    discloses nobody), and the cells ``also`` marks (suppressed elsewhere, so here too). Secondary: while a line has exactly one suppressed cell, its smallest other
    cell (zeros included; ties to the first) is suppressed too; lines are visited in order, so the
    result is deterministic. A line of one cell cannot hide it (its total is the cell): its cell stays
    as primary suppression left it, and the published total gives it away; callers publish no such total.
    """
    values = np.asarray(counts, dtype=float)
    hidden = (values > 0) & (values < threshold)
    if also is not None:
        hidden |= np.asarray(also, dtype=bool)
    groups = [np.asarray(line, dtype=int) for line in lines]
    while True:
        _exactly_one(values, groups, hidden)
        pinned = determined(hidden, groups)
        if not pinned.any():
            return hidden
        first = int(np.flatnonzero(pinned)[0])
        around = np.unique(np.concatenate([g for g in groups if first in g and len(g) > 1] or [np.array([], int)]))
        open_cells = around[~hidden[around]]
        if open_cells.size == 0:  # nothing left to hide on its lines: a line of one cell, which no rule can hide
            return hidden
        hidden[open_cells[np.argmin(values[open_cells])]] = True


def _exactly_one(values: np.ndarray, lines: list[np.ndarray], hidden: np.ndarray) -> None:
    """The GSS rule, in place: while a line has exactly one suppressed cell, suppress its smallest other cell."""
    changed = True
    while changed:
        changed = False
        for cells in lines:
            if len(cells) < 2 or hidden[cells].sum() != 1:
                continue
            open_cells = cells[~hidden[cells]]
            hidden[open_cells[np.argmin(values[open_cells])]] = True
            changed = True


def determined(hidden: np.ndarray, lines: Sequence[Sequence[int]]) -> np.ndarray:
    """Which suppressed cells the published totals and open cells determine (booleans, like ``hidden``).

    Each line is an equation in its suppressed cells (its total less its open cells); a suppressed
    cell is determined when every solution of the equations gives it the same value, that is when the
    equations' null space is zero in its place.
    """
    where = np.flatnonzero(hidden)
    result = np.zeros(len(hidden), dtype=bool)
    if where.size == 0:
        return result
    position = {int(cell): i for i, cell in enumerate(where)}
    equations = np.zeros((max(len(lines), 1), where.size))
    for row, line in enumerate(lines):
        for cell in line:
            if int(cell) in position:
                equations[row, position[int(cell)]] = 1.0
    free = null_space(equations)
    result[where] = np.abs(free).max(axis=1, initial=0.0) < 1e-9
    return result


def table_lines(rows: int, columns: int) -> list[list[int]]:
    """The lines of a ``rows`` x ``columns`` table flattened row by row: each row, then each column."""
    index = np.arange(rows * columns).reshape(rows, columns)
    return [list(map(int, r)) for r in index] + [list(map(int, c)) for c in index.T]


def suppress_table(table: np.ndarray, threshold: int) -> np.ndarray:
    """Which cells of a two-way ``table`` of counts to suppress when its row and column totals are published."""
    counts = np.asarray(table, dtype=float)
    rows, columns = counts.shape
    return suppress(counts.ravel(), table_lines(rows, columns), threshold).reshape(rows, columns)
