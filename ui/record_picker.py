"""A box that links one record found by typing: part of a name lists the matching records, one is picked.

The search runs on the worker (`ui.operations`), a moment after the user stops typing, so that a roll of 100,000
members never holds up the keyboard. The list drops down under the box; Down and Return (or the mouse) pick a line,
which then fills the box. Clearing the box removes the link. Text typed but not picked links nothing: the form says so
(`pending`), so that a name typed in passing is never taken for a choice.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QHBoxLayout, QLineEdit, QWidget

from ui.operations import Operation

if TYPE_CHECKING:
    from ui.operations import OperationRunner, QtProgress

# Long enough to wait for the next key of a fast typist, short enough to feel immediate.
SEARCH_DELAY_MS = 200
ID_ROLE = Qt.ItemDataRole.UserRole + 1


class Choice(Protocol):
    """A record the search found: its id and the line that names it."""

    @property
    def id(self) -> str: ...

    @property
    def text(self) -> str: ...


class RecordPicker(QWidget):
    """One linked record (or none), chosen from what `search` finds for the text typed.

    `search(text)` runs on the worker and opens its own unit of work. `sig_changed` fires whenever the link or the
    text changes.
    """

    sig_changed = Signal()

    def __init__(
        self,
        runner: OperationRunner,
        search: Callable[[str], Sequence[Choice]],
        placeholder: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner, self._search = runner, search
        self._record_id: str | None = None
        self._record_text = ""
        self.searching = False
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(placeholder)
        self.edit.setClearButtonEnabled(True)
        self.setFocusProxy(self.edit)
        self._model = QStandardItemModel(self)
        self.completer = QCompleter(self._model, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setMaxVisibleItems(12)
        self.completer.setWidget(self.edit)
        # The index overload: two lines may read alike, their ids never do (the stubs do not know the overload).
        self.completer.activated[QModelIndex].connect(self._on_completer_activated)  # type: ignore[index]
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self.edit.textEdited.connect(self._on_edit_text_edited)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)

    # The link ---------------------------------------------------------------------------------------------------

    def record_id(self) -> str | None:
        """The record linked: the one picked, as long as its line is what the box shows."""
        return self._record_id if self.edit.text() == self._record_text and self._record_text else None

    def pending(self) -> bool:
        """Text typed that names no record picked: the form must not save it as "no link"."""
        return bool(self.edit.text().strip()) and self.record_id() is None

    def set_record(self, record_id: str | None, text: str = "") -> None:
        """Show `record_id` as linked, named by `text` (None: no link, an empty box)."""
        self._record_id, self._record_text = (record_id, text) if record_id else (None, "")
        self.edit.setText(self._record_text)
        self.edit.setCursorPosition(0)
        self.edit.setToolTip(self._record_text)
        self.sig_changed.emit()

    def setReadOnly(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)

    # Searching ------------------------------------------------------------------------------------------------

    @Slot(str)
    def _on_edit_text_edited(self, text: str) -> None:
        self.edit.setToolTip("")
        self.sig_changed.emit()
        if text.strip():
            self._timer.start()
        else:
            self._timer.stop()
            if (popup := self.completer.popup()) is not None:
                popup.hide()

    @Slot()
    def _on_timer_timeout(self) -> None:
        self.search_now()

    def search_now(self) -> None:
        """Look up what is typed now (the timer does this a moment after the last key)."""
        text = self.edit.text().strip()
        if not text or self.edit.isReadOnly():
            return
        search = self._search
        self.searching = True

        def work(_progress: QtProgress) -> tuple[str, list[tuple[str, str]]]:
            return text, [(choice.id, choice.text) for choice in search(text)]

        self.runner.run(Operation(work=work, success=self._on_found, failure=self._on_search_failed,
                                  cancellable=False))  # fmt: skip

    def _on_found(self, found: tuple[str, list[tuple[str, str]]]) -> None:
        self.searching = False
        text, choices = found
        if text != self.edit.text().strip():
            return  # typed on meanwhile: the next search answers
        self._model.clear()
        for record_id, line in choices:
            item = QStandardItem(line)
            item.setData(record_id, ID_ROLE)
            item.setToolTip(line)
            self._model.appendRow(item)
        if not choices:
            item = QStandardItem(self.tr("Nothing found for “{text}”").format(text=text))
            item.setEnabled(False)
            self._model.appendRow(item)
        if self.edit.hasFocus():
            self.completer.setCompletionPrefix("")
            self.completer.complete()

    def _on_search_failed(self, error: BaseException) -> None:
        from ui.errors import report_error

        self.searching = False
        report_error(self, error)

    @Slot(QModelIndex)
    def _on_completer_activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        record_id = index.data(ID_ROLE)
        if record_id:
            self.set_record(str(record_id), str(index.data(Qt.ItemDataRole.DisplayRole)))

    def choices(self) -> list[str]:
        """The lines the drop-down offers now (for tests and accessibility)."""
        return [
            self._model.item(row).text() for row in range(self._model.rowCount()) if self._model.item(row).isEnabled()
        ]
