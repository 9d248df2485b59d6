"""The table model of the special-family list: a few thousand lines at most, read whole from `family_rows`."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from app.families.labels import ASSISTANCE_LABELS, CATEGORY_LABELS, ITEM_LABELS
from app.members.fields import label

if TYPE_CHECKING:
    from app.families.listing import FamilyRow

MISSING_COLOUR = QColor("#9a5800")
CLOSED_COLOUR = QColor("#777777")
COLUMNS = (
    ("mother", QT_TRANSLATE_NOOP("FamilyTableModel", "Mother")),
    ("father", QT_TRANSLATE_NOOP("FamilyTableModel", "Father")),
    ("child", QT_TRANSLATE_NOOP("FamilyTableModel", "Child")),
    ("village", QT_TRANSLATE_NOOP("FamilyTableModel", "Village")),
    ("categories", QT_TRANSLATE_NOOP("FamilyTableModel", "Category")),
    ("phone", QT_TRANSLATE_NOOP("FamilyTableModel", "Phone")),
    ("assistance", QT_TRANSLATE_NOOP("FamilyTableModel", "Special assistance")),
    ("last_visit", QT_TRANSLATE_NOOP("FamilyTableModel", "Last visit")),
    ("missing", QT_TRANSLATE_NOOP("FamilyTableModel", "Five-ones missing this year")),
    ("consent", QT_TRANSLATE_NOOP("FamilyTableModel", "Consent")),
)


def _tr(text: object) -> str:
    return QCoreApplication.translate("FamilyTableModel", str(text))


class FamilyTableModel(QAbstractTableModel):
    """Families as lines; `villages` gives village names by code."""

    def __init__(self, lang: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[FamilyRow] = []
        self.villages: dict[str, str] = {}
        self.lang = lang

    def set_rows(self, rows: list[FamilyRow], villages: dict[str, str]) -> None:
        self.beginResetModel()
        self.rows, self.villages = rows, villages
        self.endResetModel()

    def family_id(self, row: int) -> str:
        return self.rows[row].id

    def row_of(self, family_id: str) -> int | None:
        return next((n for n, r in enumerate(self.rows) if r.id == family_id), None)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _tr(COLUMNS[section][1])
        return None

    def text(self, row: FamilyRow, key: str) -> str:
        if key in ("mother", "father", "child", "phone"):
            return str(getattr(row, key))
        if key == "village":
            return self.villages.get(row.village_code or "", row.village_code or "")
        if key == "categories":
            return "、".join(label(CATEGORY_LABELS, c, self.lang) for c in row.categories)
        if key == "assistance":
            return label(ASSISTANCE_LABELS, row.assistance_status, self.lang)
        if key == "last_visit":
            return _day(row.last_visit)
        if key == "missing":
            if row.closed_on is not None:
                return QCoreApplication.translate("FamilyTableModel", "Closed {date}").format(date=_day(row.closed_on))
            return "、".join(label(ITEM_LABELS, item, self.lang) for item in row.missing) or "✓"
        if key == "consent":
            if row.consent_on is None:
                return QCoreApplication.translate("FamilyTableModel", "Not recorded")
            return _day(row.consent_on)
        raise KeyError(key)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, key = self.rows[index.row()], COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, key)
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.closed_on is not None:
                return QBrush(CLOSED_COLOUR)
            if (key == "missing" and row.missing) or (key == "consent" and row.consent_on is None):
                return QBrush(MISSING_COLOUR)
        if role == Qt.ItemDataRole.ToolTipRole and row.imported:
            return QCoreApplication.translate("FamilyTableModel", "Imported from another office: read-only here.")
        return None


def _day(value: date | None) -> str:
    return value.isoformat() if value else "—"
