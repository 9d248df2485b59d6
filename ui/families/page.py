"""The special-families page: the overview with its charts, the family list with visits, the 五个一 checklist and the
activities, one tab each. Ctrl+1 … Ctrl+4 switch tabs; a chart's bar or a checklist line leads to the family."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QStackedWidget, QTabWidget, QVBoxLayout, QWidget

from ui.families.activities_tab import ActivitiesTab
from ui.families.checklist_tab import ChecklistTab
from ui.families.dashboard_tab import DashboardTab
from ui.families.registry_tab import RegistryTab

if TYPE_CHECKING:
    from app.office import Office
    from ui.operations import OperationRunner


class FamiliesPage(QWidget):
    """Special families (计生特殊家庭) and their care."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.dashboard = DashboardTab()
        self.registry = RegistryTab()
        self.checklist = ChecklistTab()
        self.activities = ActivitiesTab()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.dashboard, self.tr("Overview"))
        self.tabs.addTab(self.registry, self.tr("Families and visits"))
        self.tabs.addTab(self.checklist, self.tr("Five-ones checklist"))
        self.tabs.addTab(self.activities, self.tr("Activities"))
        for n in range(self.tabs.count()):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{n + 1}"), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda n=n: self.tabs.setCurrentIndex(n))
        self.registry.sig_families_changed.connect(self._on_records_changed)
        self.activities.sig_activities_changed.connect(self._on_records_changed)
        self.checklist.sig_family_open_requested.connect(self.show_family)
        self.dashboard.sig_list_requested.connect(self._on_dashboard_list_requested)
        self.dashboard.sig_family_open_requested.connect(self.show_family)
        self.empty_label = QLabel(self.tr("Open or set up an office to see its special families."))
        self.body = QStackedWidget()
        self.body.addWidget(self.empty_label)
        self.body.addWidget(self.tabs)
        layout = QVBoxLayout(self)
        layout.addWidget(self.body)

    def set_office(self, office: Office, runner: OperationRunner) -> None:
        self.dashboard.set_office(office, runner)  # the first tab: its numbers are read first
        self.registry.set_office(office, runner)
        self.checklist.set_office(office, runner)
        self.activities.set_office(office, runner)
        self.body.setCurrentWidget(self.tabs)

    def clear_office(self) -> None:
        for tab in (self.registry, self.checklist, self.activities, self.dashboard):
            tab.clear_office()
        self.body.setCurrentWidget(self.empty_label)

    @Slot()
    def _on_records_changed(self) -> None:
        self.checklist.refresh()
        self.dashboard.refresh()

    @Slot(str)
    def show_family(self, family_id: str) -> None:
        """Show the family in the list (all families, no search, if the list does not show it) with its visits."""
        self.tabs.setCurrentWidget(self.registry)
        self.registry.show_family(family_id)
        self.registry.table.setFocus()

    @Slot(str, str, str)
    def _on_dashboard_list_requested(self, key: str, item: str, village_code: str) -> None:
        self.tabs.setCurrentWidget(self.checklist)
        self.checklist.show_list(key, item=item or None, village_code=village_code or None)
