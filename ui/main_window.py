"""The main window: navigation on the left, one page per part of the work, site and database in the status bar."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QListWidget, QMainWindow, QMessageBox, QSplitter, QStackedWidget, QWidget

from ui.members.page import MembersPage
from ui.operations import Operation, OperationRunner
from ui.pages import PAGES, ComingPage, SettingsPage

if TYPE_CHECKING:
    from app.office import Office
    from ui.first_run import FirstRunChoice

LEVEL_TITLES = {
    "village": QT_TRANSLATE_NOOP("MainWindow", "village"),
    "township": QT_TRANSLATE_NOOP("MainWindow", "township"),
    "county": QT_TRANSLATE_NOOP("MainWindow", "county"),
}


class MainWindow(QMainWindow):
    """Shown at once; the database opens in the background and the first-run set-up follows if needed."""

    sig_office_opened = Signal()

    def __init__(self, database: Path, *, ask_first_run: bool = True) -> None:
        super().__init__()
        self.database = database
        self.office: Office | None = None
        self._ask_first_run = ask_first_run
        self.operations = OperationRunner(self)
        self.setWindowTitle(self.tr("FPA Desk"))
        self.resize(1100, 720)

        self.nav = QListWidget()
        self.nav.setMaximumWidth(220)
        self.nav.setStyleSheet("QListWidget::item { padding: 6px 10px; }")
        self.stack = QStackedWidget()
        self.pages: dict[str, QWidget] = {}
        self.settings_page = SettingsPage()
        self.settings_page.sig_language_changed.connect(self._on_settings_language_changed)
        self.members_page = MembersPage()
        built: dict[str, QWidget] = {"settings": self.settings_page, "members": self.members_page}
        for key, title, purpose in PAGES:
            title_text = QCoreApplication.translate("Pages", str(title))
            page = built.get(key) or ComingPage(title_text, QCoreApplication.translate("Pages", str(purpose)))
            page.setObjectName(f"page_{key}")
            self.pages[key] = page
            self.stack.addWidget(page)
            self.nav.addItem(title_text)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.nav.setCurrentRow(0)

        splitter = QSplitter()
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        self.setCentralWidget(splitter)

        self.site_label = QLabel(self.tr("Opening the database…"))
        self.database_label = QLabel(str(database))
        self.statusBar().addPermanentWidget(self.site_label)
        self.statusBar().addPermanentWidget(self.database_label)
        self._make_menus()

    def _make_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.setup_action = QAction(self.tr("&Set up this office…"), self)
        self.setup_action.setEnabled(False)
        self.setup_action.triggered.connect(self.ask_first_run)
        file_menu.addAction(self.setup_action)
        file_menu.addSeparator()
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        go_menu = self.menuBar().addMenu(self.tr("&Go"))
        for row, (_key, title, _purpose) in enumerate(PAGES):
            action = QAction(QCoreApplication.translate("Pages", str(title)), self)
            action.setShortcut(QKeySequence(f"Ctrl+{row + 1}"))
            action.triggered.connect(lambda _checked=False, r=row: self.nav.setCurrentRow(r))
            go_menu.addAction(action)

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        about_action = QAction(self.tr("&About FPA Desk"), self)
        about_action.triggered.connect(self._on_about_triggered)
        help_menu.addAction(about_action)

    def show_page(self, key: str) -> None:
        """Switch to the page named by its glossary key."""
        self.nav.setCurrentRow([k for k, _t, _p in PAGES].index(key))

    def current_page_key(self) -> str:
        return PAGES[self.stack.currentIndex()][0]

    # Opening the office ---------------------------------------------------------------------------------------

    def open_database(self) -> None:
        """Open `self.database` in the background; then show the site or ask for the first-run set-up."""
        from app.office import open_office

        path = self.database
        self.operations.run(
            Operation(
                work=lambda _progress: open_office(path),
                success=self._on_office_opened,
                failure=self._on_open_failed,
                label=self.tr("Opening the database…"),
                cancellable=False,
            )
        )

    def _on_office_opened(self, office: Office) -> None:
        self._set_office(office)
        if office.site is None and self._ask_first_run:
            self.ask_first_run()

    def _on_open_failed(self, error: BaseException) -> None:
        from ui.errors import report_error

        self.site_label.setText(self.tr("Database not open"))
        self.sig_office_opened.emit()
        report_error(self, error)

    def _set_office(self, office: Office) -> None:
        if self.office is not None and self.office.db is not office.db:
            self.office.db.close()
        self.office = office
        self.database = office.db.path
        site = office.site
        if site is None:
            self.site_label.setText(self.tr("Office not set up"))
        else:
            level = QCoreApplication.translate("MainWindow", str(LEVEL_TITLES.get(site.level, site.level)))
            demo = self.tr(" (demo data)") if site.is_demo else ""
            self.site_label.setText(
                self.tr("Office: {name} ({level}){demo}").format(name=site.name, level=level, demo=demo)
            )
            self.setWindowTitle(self.tr("FPA Desk - {name}{demo}").format(name=site.name, demo=demo))
        self.setup_action.setEnabled(site is None)
        self.database_label.setText(self.tr("Database: {path}").format(path=office.db.path))
        from app.paths import log_dir

        self.settings_page.show_paths(str(office.db.path), str(log_dir()))
        if site is not None:
            self.members_page.set_office(office.db, self.operations)
        self.sig_office_opened.emit()

    @Slot()
    def ask_first_run(self) -> None:
        """Offer to set up this office or to try the demo office."""
        from ui.first_run import FirstRunDialog

        choice = FirstRunDialog.ask(self)
        if choice is not None:
            self.apply_first_run(choice)

    def apply_first_run(self, choice: FirstRunChoice) -> None:
        """Carry out the first-run choice in the background."""
        if choice.kind == "setup":
            from app.office import set_up_office

            office, setup = self.office, choice.setup
            if office is None or setup is None:
                return
            self.operations.run(
                Operation(
                    work=lambda _progress: set_up_office(office, setup),
                    success=self._set_office,
                    label=self.tr("Setting up this office…"),
                    cancellable=False,
                )
            )
            return
        from app.office import demo_database, open_demo_office

        path = demo_database(self.database.parent)
        self.operations.run(
            Operation(
                work=lambda progress: open_demo_office(path, progress=progress),
                success=self._set_office,
                label=self.tr("Building the demo office…"),
            )
        )

    # Window --------------------------------------------------------------------------------------------------

    @Slot(str)
    def _on_settings_language_changed(self, _language: str) -> None:
        self.statusBar().showMessage(self.settings_page.restart_note.text(), 8000)

    @Slot()
    def _on_about_triggered(self) -> None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            app_version = version("fpa-desk")
        except PackageNotFoundError:
            app_version = "?"
        QMessageBox.about(
            self,
            self.tr("About FPA Desk"),
            self.tr("FPA Desk {version}\nAn offline workbench for grassroots family planning associations.").format(
                version=app_version
            ),
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        self.operations.shutdown()
        if self.office is not None:
            self.office.db.close()
        super().closeEvent(event)
