"""Where a table's cells fall: the grid column of every cell, the cells that
span down from a row above (``Cell.rowspan``), and the runs of rows such
spans tie together, which writers keep on one page so that a grouping cell
(an area beside its systems) is never cut from the rows it names; and the
rows that head the rows below them, which writers keep with the next."""

from __future__ import annotations

from dataclasses import dataclass, replace

from .document import Cell


@dataclass(frozen=True)
class Slot:
    """A cell in a row: at grid ``column``; ``first`` if it starts in that
    row, otherwise it continues down from a row above."""

    column: int
    cell: Cell
    first: bool = True


def slots(rows: list[list[Cell]]) -> list[list[Slot]]:
    """Each row's cells, those spanning in from above included, in column order."""
    spanning: dict[int, tuple[Cell, int]] = {}  # column -> (cell, rows it still covers)
    placed: list[list[Slot]] = []
    for index, row in enumerate(rows):
        line: list[Slot] = []
        cells = iter(row)
        column = 0
        while True:
            if column in spanning:
                cell, left = spanning[column]
                line.append(Slot(column, cell, first=False))
                if left == 1:
                    del spanning[column]
                else:
                    spanning[column] = (cell, left - 1)
            else:
                cell = next(cells, None)
                if cell is None:
                    break
                line.append(Slot(column, cell))
                if cell.rowspan > 1:
                    assert index + cell.rowspan <= len(rows), \
                        f"a cell spans {cell.rowspan} rows from row {index + 1} of {len(rows)}"
                    spanning[column] = (cell, cell.rowspan - 1)
            column += line[-1].cell.colspan
        placed.append(line)
    assert not spanning, "a cell spans past the table's last row"
    return placed


def bands(rows: list[list[Cell]]) -> list[range]:
    """The rows in runs that spans tie together: a run of one row is a row
    no cell spans out of."""
    runs: list[range] = []
    start = end = 0
    for index, row in enumerate(rows):
        if index > end:
            runs.append(range(start, end + 1))
            start = end = index
        end = max([end, *(index + cell.rowspan - 1 for cell in row)])
    if rows:
        runs.append(range(start, end + 1))
    return runs


def heading_rows(rows: list[list[Cell]]) -> set[int]:
    """The rows that head the rows below them: one cell across a table of
    several columns (a stage's row in a guide's process table), but the last."""
    columns = max((sum(cell.colspan for cell in row) for row in rows), default=0)
    return {index for index, row in enumerate(rows[:-1])
            if columns > 1 and len(row) == 1 and row[0].colspan == columns}


def held_rows(rows: list[list[Cell]]) -> set[int]:
    """The rows that must stay on the page of the row after them: those a
    cell ties to the rows below, and the rows that head them."""
    return {index for run in bands(rows) for index in run[:-1]} | heading_rows(rows)


def unmerged(rows: list[list[Cell]]) -> list[list[Cell]]:
    """The rows with every span undone: a spanning cell stays in its first
    row, and the rows below hold an empty cell in its place."""
    return [[replace(slot.cell, rowspan=1) if slot.first
             else Cell([], colspan=slot.cell.colspan, align=slot.cell.align)
             for slot in line] for line in slots(rows)]
