"""The member list's model: ids in the list's order, fetched a page at a time, rows read a screenful at a time.

Search, filters and sorting are SQL (app.members.listing); the model never holds more than the ids it has paged
in and a small cache of rows, so it stays instant at 100,000 members. Reads run on the GUI thread: each is one
indexed query of a few milliseconds.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from app.members.fields import MIGRANT_LABELS, ROLE_LABELS, SEX_LABELS, STATUS_LABELS, label
from app.members.listing import MemberFilter, MemberRow, first_page, member_ids, member_rows
from ui.i18n import error_language

if TYPE_CHECKING:
    from app.office import Office

PAGE_ROWS = 500
BLOCK_ROWS = 100
CACHE_LIMIT = 5000

# (key, header); keys are the sort keys of app.members.listing.SORT_COLUMNS where sorting makes sense.
COLUMNS: tuple[tuple[str, Any], ...] = (
    ("name", QT_TRANSLATE_NOOP("MemberTable", "Name")),
    ("sex", QT_TRANSLATE_NOOP("MemberTable", "Sex")),
    ("birth_date", QT_TRANSLATE_NOOP("MemberTable", "Date of birth")),
    ("id_number", QT_TRANSLATE_NOOP("MemberTable", "ID number")),
    ("phone", QT_TRANSLATE_NOOP("MemberTable", "Phone")),
    ("village_code", QT_TRANSLATE_NOOP("MemberTable", "Village")),
    ("group_id", QT_TRANSLATE_NOOP("MemberTable", "Member group")),
    ("member_no", QT_TRANSLATE_NOOP("MemberTable", "Member no.")),
    ("joined_on", QT_TRANSLATE_NOOP("MemberTable", "Joined on")),
    ("roles", QT_TRANSLATE_NOOP("MemberTable", "Roles")),
    ("status", QT_TRANSLATE_NOOP("MemberTable", "Status")),
    ("migrant_status", QT_TRANSLATE_NOOP("MemberTable", "Migrant")),
    ("address", QT_TRANSLATE_NOOP("MemberTable", "Address")),
)
UNSORTABLE = {"roles", "migrant_status", "address"}


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


class MemberTableModel(QAbstractTableModel):
    """Members matching a `MemberFilter`, in its order."""

    sig_count_changed = Signal(int)

    def __init__(self, office: Office, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db, self._actor = office.db, office.actor
        self._filter = MemberFilter()
        self._ids: list[str] = []
        self._exhausted = True
        self._rows: dict[str, MemberRow] = {}
        self.total = 0
        self._reveal_reason: str | None = None
        self._lang = error_language()

    # The filter ---------------------------------------------------------------------------------------------

    @property
    def filter(self) -> MemberFilter:
        return self._filter

    def set_filter(self, flt: MemberFilter) -> None:
        """Show the members `flt` selects; the first page is read at once, the rest as the view scrolls."""
        with self._db.unit_of_work() as session:
            ids, total, complete = first_page(session, self._actor, flt, PAGE_ROWS)
        self.beginResetModel()
        self._filter = flt
        self._ids = ids
        self._exhausted = complete
        self._rows.clear()
        self.total = total
        self.endResetModel()
        self.sig_count_changed.emit(total)

    def refresh(self) -> None:
        """Read the list again (after a save, an import, a status change)."""
        self.set_filter(self._filter)

    def set_reveal(self, reason: str | None) -> None:
        """Show whole ID numbers and phones (for `reason`, already audited by the page) or masked ones (None)."""
        self._reveal_reason = reason
        self._rows.clear()
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(COLUMNS) - 1))

    def member_id(self, row: int) -> str:
        return self._ids[row]

    def row_of(self, member_id: str) -> int | None:
        try:
            return self._ids.index(member_id)
        except ValueError:
            return None

    # Qt's model interface -------------------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> bool:
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> None:
        if parent.isValid() or self._exhausted:
            return
        with self._db.unit_of_work() as session:
            more = member_ids(session, self._actor, self._filter, offset=len(self._ids), limit=PAGE_ROWS)
        self._exhausted = len(more) < PAGE_ROWS
        if more:
            self.beginInsertRows(QModelIndex(), len(self._ids), len(self._ids) + len(more) - 1)
            self._ids.extend(more)
            self.endInsertRows()

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("MemberTable", str(COLUMNS[section][1]))
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        row = self._row(index.row())
        if row is None:
            return None
        return self._text(row, COLUMNS[index.column()][0])

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = COLUMNS[column][0]
        if key in UNSORTABLE:
            return
        self.set_filter(replace(self._filter, sort=key, descending=order == Qt.SortOrder.DescendingOrder))

    # Rows ---------------------------------------------------------------------------------------------------

    def _row(self, n: int) -> MemberRow | None:
        member_id = self._ids[n]
        row = self._rows.get(member_id)
        if row is None:
            if len(self._rows) > CACHE_LIMIT:
                self._rows.clear()
            start = n - n % BLOCK_ROWS
            block = [i for i in self._ids[start : start + BLOCK_ROWS] if i not in self._rows]
            with self._db.unit_of_work() as session:
                self._rows.update(member_rows(session, self._actor, block, reveal_reason=self._reveal_reason))
            row = self._rows.get(member_id)
        return row

    def _text(self, row: MemberRow, key: str) -> str:
        lang = self._lang
        match key:
            case "name":
                return row.name
            case "sex":
                return label(SEX_LABELS, row.sex, lang)
            case "birth_date":
                return _iso(row.birth_date)
            case "id_number":
                return row.id_number or ""
            case "phone":
                return row.phone or ""
            case "village_code":
                return row.village or ""
            case "group_id":
                return row.group or ""
            case "member_no":
                return row.member_no or ""
            case "joined_on":
                return _iso(row.joined_on)
            case "roles":
                return "、".join(label(ROLE_LABELS, r, lang) for r in row.roles)
            case "status":
                return label(STATUS_LABELS, row.status, lang)
            case "migrant_status":
                return "" if row.migrant_status == "none" else label(MIGRANT_LABELS, row.migrant_status, lang)
            case "address":
                return row.address or ""
        return ""
