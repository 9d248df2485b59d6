"""Member groups (会员小组): the list with leaders and sizes, and the choice of a group to move members into."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.errors import report_error
from ui.operations import Operation

if TYPE_CHECKING:
    from collections.abc import Callable

    from app.members.groups import GroupInfo
    from app.office import Office
    from ui.operations import OperationRunner, QtProgress


class _ChoiceDialog(QDialog):
    """One question answered by picking from a list."""

    def __init__(self, title: str, text: str, items: list[tuple[str, str | None]], parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(360)
        prompt = QLabel(text)
        prompt.setWordWrap(True)
        self.combo = QComboBox()
        for item_text, data in items:
            self.combo.addItem(item_text, data)
        prompt.setBuddy(self.combo)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(prompt)
        layout.addWidget(self.combo)
        layout.addWidget(buttons)

    @classmethod
    def choose(
        cls, parent: QWidget | None, title: str, text: str, items: list[tuple[str, str | None]]
    ) -> str | Literal[False] | None:
        """The data of the chosen item, or False if the user cancelled."""
        dialog = cls(title, text, items, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        data = dialog.combo.currentData()
        return None if data is None else str(data)


class GroupsDialog(QDialog):
    """The member groups of a village (or of every village): create, rename, merge and choose leaders."""

    def __init__(
        self, office: Office, runner: OperationRunner, village_code: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.db, self.actor = office.db, office.actor
        self.runner = runner
        self.village_code = village_code
        self.groups: list[GroupInfo] = []
        self.setWindowTitle(self.tr("Member groups"))
        self.resize(560, 420)

        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([self.tr("Group"), self.tr("Group leader"), self.tr("Members")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(self._on_rename_button_clicked)

        self.new_button = QPushButton(self.tr("&New…"))
        self.rename_button = QPushButton(self.tr("&Rename…"))
        self.merge_button = QPushButton(self.tr("&Merge into…"))
        self.leader_button = QPushButton(self.tr("Set &leader…"))
        self.new_button.clicked.connect(self._on_new_button_clicked)
        self.rename_button.clicked.connect(self._on_rename_button_clicked)
        self.merge_button.clicked.connect(self._on_merge_button_clicked)
        self.leader_button.clicked.connect(self._on_leader_button_clicked)
        side = QVBoxLayout()
        for button in (self.new_button, self.rename_button, self.merge_button, self.leader_button):
            side.addWidget(button)
        side.addStretch(1)
        body = QHBoxLayout()
        body.addWidget(self.table, 1)
        body.addLayout(side)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(body)
        layout.addWidget(buttons)
        self._update_buttons()
        self.reload()

    @classmethod
    def ask(
        cls, office: Office, runner: OperationRunner, village_code: str | None = None, parent: QWidget | None = None
    ) -> None:
        """Show the groups until the user closes the dialog; every change is saved as it is made."""
        cls(office, runner, village_code, parent).exec()

    # Questions (tests replace these) --------------------------------------------------------------------------

    def ask_group_name(self, title: str, name: str = "") -> str | None:
        """The group name the user typed, or None if they cancelled."""
        text, ok = QInputDialog.getText(self, title, self.tr("Group name:"), QLineEdit.EchoMode.Normal, name)
        return text if ok else None

    def ask_merge_target(self, source: GroupInfo, targets: list[GroupInfo]) -> str | None:
        """The group to merge `source` into, or None if the user cancelled."""
        items: list[tuple[str, str | None]] = [
            (self.tr("{group} ({count} members)").format(group=g.name, count=g.members), g.id) for g in targets
        ]
        text = self.tr("Move every member of “{group}” into the group below; “{group}” then disappears.").format(
            group=source.name
        )
        choice = _ChoiceDialog.choose(self, self.tr("Merge groups"), text, items)
        return choice or None

    def ask_leader(self, group: GroupInfo, members: list[tuple[str, str]]) -> str | Literal[False] | None:
        """The member to lead `group`, None for no leader, or False if the user cancelled."""
        items: list[tuple[str, str | None]] = [(self.tr("(no leader)"), None), *members]
        dialog = _ChoiceDialog(self.tr("Set group leader"), self.tr("Leader of “{group}”:").format(group=group.name),
                               items, self)  # fmt: skip
        dialog.combo.setCurrentIndex(max(0, dialog.combo.findData(group.leader_member_id)))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        data = dialog.combo.currentData()
        return None if data is None else str(data)

    # The list -------------------------------------------------------------------------------------------------

    def reload(self, select_id: str | None = None) -> None:
        """Read the groups again; then select `select_id` (or keep the current selection)."""
        db, actor, village_code = self.db, self.actor, self.village_code
        keep = select_id or self.selected_id()

        def work(_progress: QtProgress) -> list[GroupInfo]:
            from app.members.groups import list_groups

            with db.unit_of_work() as session:
                return list_groups(session, actor, village_code)

        self.runner.run(
            Operation(
                work=work,
                success=lambda groups: self._show_groups(groups, keep),
                failure=self._on_operation_failed,
                label=self.tr("Reading the member groups…"),
            )
        )

    def _show_groups(self, groups: list[GroupInfo], select_id: str | None) -> None:
        self.groups = groups
        self.table.setRowCount(len(groups))
        for row, group in enumerate(groups):
            name = QTableWidgetItem(group.name)
            name.setData(Qt.ItemDataRole.UserRole, group.id)
            count = QTableWidgetItem(str(group.members))
            count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, 0, name)
            self.table.setItem(row, 1, QTableWidgetItem(group.leader_name or ""))
            self.table.setItem(row, 2, count)
            if group.id == select_id:
                self.table.selectRow(row)
        self._update_buttons()

    def selected_id(self) -> str | None:
        group = self.selected_group()
        return group.id if group else None

    def selected_group(self) -> GroupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.groups):
            return None
        return self.groups[rows[0].row()]

    def select_group(self, group_id: str) -> None:
        """Select the row of `group_id`."""
        for row, group in enumerate(self.groups):
            if group.id == group_id:
                self.table.selectRow(row)

    @Slot()
    def _update_buttons(self) -> None:
        selected = self.selected_group() is not None
        self.rename_button.setEnabled(selected)
        self.leader_button.setEnabled(selected)
        self.merge_button.setEnabled(selected and len(self.groups) > 1)

    # Changes --------------------------------------------------------------------------------------------------

    def _change(self, label: str, change: Callable[[Any], object], select: bool = False) -> None:
        """Run `change` in one unit of work, then read the list again (selecting the new id when `select`)."""
        db, actor = self.db, self.actor

        def work(_progress: QtProgress) -> object:
            with db.unit_of_work(actor.username) as session:
                return change(session)

        self.runner.run(
            Operation(
                work=work,
                success=lambda result: self.reload(str(result) if select else None),
                failure=self._on_operation_failed,
                label=label,
                cancellable=False,
            )
        )

    def _on_operation_failed(self, error: BaseException) -> None:
        report_error(self, error)

    @Slot()
    def _on_new_button_clicked(self) -> None:
        name = self.ask_group_name(self.tr("New member group"))
        if name is None:
            return
        from app.members.groups import create_group

        village_code = self.village_code
        self._change(
            self.tr("Creating the group…"),
            lambda session: create_group(session, self.actor, name, village_code),
            select=True,
        )

    @Slot()
    def _on_rename_button_clicked(self) -> None:
        group = self.selected_group()
        if group is None:
            return
        name = self.ask_group_name(self.tr("Rename member group"), group.name)
        if name is None or name == group.name:
            return
        from app.members.groups import rename_group

        self._change(self.tr("Renaming the group…"), lambda session: rename_group(session, self.actor, group.id, name))

    @Slot()
    def _on_merge_button_clicked(self) -> None:
        source = self.selected_group()
        if source is None:
            return
        target = self.ask_merge_target(source, [g for g in self.groups if g.id != source.id])
        if target is None:
            return
        from app.members.groups import merge_groups

        def merge(session: Any) -> str:
            merge_groups(session, self.actor, source.id, target)
            return target

        self._change(self.tr("Merging the groups…"), merge, select=True)

    @Slot()
    def _on_leader_button_clicked(self) -> None:
        group = self.selected_group()
        if group is None:
            return
        db, actor = self.db, self.actor

        def work(_progress: QtProgress) -> list[tuple[str, str]]:
            from app.members.listing import MemberFilter, member_ids, member_rows

            with db.unit_of_work() as session:
                ids = member_ids(session, actor, MemberFilter(group_id=group.id, status="current"))
                rows = member_rows(session, actor, ids)
            return [(member_id, rows[member_id].name) for member_id in ids if member_id in rows]

        self.runner.run(
            Operation(
                work=work,
                success=lambda members: self._on_group_members_read(group, members),
                failure=self._on_operation_failed,
                label=self.tr("Reading the group's members…"),
            )
        )

    def _on_group_members_read(self, group: GroupInfo, members: list[tuple[str, str]]) -> None:
        leader = self.ask_leader(group, members)
        if leader is False or leader == group.leader_member_id:
            return
        from app.members.groups import set_leader

        self._change(
            self.tr("Setting the group leader…"), lambda session: set_leader(session, self.actor, group.id, leader)
        )


class MoveToGroupDialog(_ChoiceDialog):
    """Asks which group the selected members move into (or no group)."""

    @classmethod
    def ask(cls, office: Office, parent: QWidget | None = None) -> str | Literal[False] | None:
        """The chosen group's id, None for "no group", or False if the user cancelled."""
        from app.errors import FpaError
        from app.members.groups import list_groups

        try:
            # One short read on the GUI thread: the list is small and the user is waiting for it.
            with office.db.unit_of_work() as session:
                groups = list_groups(session, office.actor)
        except FpaError as exc:
            report_error(parent, exc)
            return False
        none = QCoreApplication.translate("MoveToGroupDialog", "(no group)")
        items: list[tuple[str, str | None]] = [(none, None), *((g.name, g.id) for g in groups)]
        title = QCoreApplication.translate("MoveToGroupDialog", "Move to group")
        text = QCoreApplication.translate("MoveToGroupDialog", "Move the selected members into:")
        return cls.choose(parent, title, text, items)
