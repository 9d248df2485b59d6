"""A read-only table of text lines, each standing for a record: the lists of what needs doing, thousands of lines.

A model, not a table of widget items: setting 5,000 lines costs nothing, and the view draws only the lines on screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor


class LinesModel(QAbstractTableModel):
    """Lines of text under `headers`; `marked` cells (row, column) are drawn in `mark_colour`."""

    def __init__(self, headers: Sequence[str], mark_colour: QColor, parent: Any = None) -> None:
        super().__init__(parent)
        self.headers = list(headers)
        self._brush = QBrush(mark_colour)
        self._lines: list[Sequence[str]] = []
        self._ids: list[str] = []
        self._marked: set[tuple[int, int]] = set()

    def set_lines(self, lines: list[tuple[str, Sequence[str]]], marked: set[tuple[int, int]] | None = None) -> None:
        """Show `lines`, each (the record's id, its cells)."""
        self.beginResetModel()
        self._ids = [record_id for record_id, _cells in lines]
        self._lines = [cells for _record_id, cells in lines]
        self._marked = marked or set()
        self.endResetModel()

    def record_id(self, row: int) -> str:
        return self._ids[row]

    def record_ids(self) -> list[str]:
        return list(self._ids)

    def text(self, row: int, column: int) -> str:
        return self._lines[row][column]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self._lines)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._lines[index.row()][index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and (index.row(), index.column()) in self._marked:
            return self._brush
        return None
