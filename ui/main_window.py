"""The main window: navigation on the left, one page per part of the work, site and database in the status bar."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QListWidget, QMainWindow, QMessageBox, QSplitter, QStackedWidget, QWidget

from ui.accounts import role_title
from ui.families.page import FamiliesPage
from ui.idle import IdleWatcher
from ui.members.page import MembersPage
from ui.operations import Operation, OperationRunner
from ui.pages import PAGES, ComingPage, SettingsPage

if TYPE_CHECKING:
    from app.database import Database
    from app.dbkey import Credentials
    from app.office import Office
    from ui.first_run import FirstRunChoice

LEVEL_TITLES = {
    "village": QT_TRANSLATE_NOOP("MainWindow", "village"),
    "township": QT_TRANSLATE_NOOP("MainWindow", "township"),
    "county": QT_TRANSLATE_NOOP("MainWindow", "county"),
}


class MainWindow(QMainWindow):
    """Shown at once; the user signs in (or sets up the office on the first run) and the database opens in the
    background. After a configurable idle time the window locks until the user's password is typed again."""

    sig_office_opened = Signal()

    def __init__(self, database: Path, *, ask_first_run: bool = True, auto_login: Credentials | None = None) -> None:
        super().__init__()
        self.database = database
        self._auto_login = auto_login  # the start-up benchmark's account, used once instead of asking
        self._pending_login: Credentials | None = None
        self.office: Office | None = None
        self.is_locked = False
        self._covers: list[QLabel] = []  # laid over other open windows while locked
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
        self.families_page = FamiliesPage()
        built: dict[str, QWidget] = {
            "settings": self.settings_page, "members": self.members_page, "families": self.families_page,
        }  # fmt: skip
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
        # The office's pages, or (while locked or signed out) a plain panel that shows no record.
        self.body = QStackedWidget()
        self.body.addWidget(splitter)
        self.locked_label = QLabel(self.tr("FPA Desk is locked. Sign in to see the office's records."))
        self.locked_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.addWidget(self.locked_label)
        self.body.setCurrentIndex(1)
        self.setCentralWidget(self.body)
        self.idle = IdleWatcher(self)
        self.idle.sig_idle.connect(self.lock)

        self.site_label = QLabel(self.tr("Opening the database…"))
        self.user_label = QLabel()
        self.database_label = QLabel(str(database))
        self.statusBar().addPermanentWidget(self.user_label)
        self.statusBar().addPermanentWidget(self.site_label)
        self.statusBar().addPermanentWidget(self.database_label)
        self._make_menus()

    def _make_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.setup_action = QAction(self.tr("&Set up this office…"), self)
        self.setup_action.setEnabled(False)
        self.setup_action.triggered.connect(self.ask_first_run)
        file_menu.addAction(self.setup_action)
        self.backups_action = self._menu_action(file_menu, self.tr("&Backups…"), "", self.manage_backups)
        self.backups_action.setEnabled(False)
        file_menu.addSeparator()
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        account_menu = self.menuBar().addMenu(self.tr("&Account"))
        self.lock_action = self._menu_action(account_menu, self.tr("&Lock the screen"), "Ctrl+L", self.lock)
        self.password_action = self._menu_action(
            account_menu, self.tr("&Change my password…"), "", self.change_password
        )
        account_menu.addSeparator()
        self.users_action = self._menu_action(account_menu, self.tr("&User accounts…"), "", self.manage_users)
        self.audit_action = self._menu_action(account_menu, self.tr("&Audit log…"), "", self.browse_audit_log)
        self.recovery_action = self._menu_action(
            account_menu, self.tr("Save the &recovery key sheet…"), "", self.save_recovery_sheet
        )
        account_menu.addSeparator()
        self.sign_out_action = self._menu_action(account_menu, self.tr("Sign &out"), "", self.sign_out)
        for action in (self.lock_action, self.password_action, self.users_action, self.audit_action,
                       self.recovery_action, self.sign_out_action):  # fmt: skip
            action.setEnabled(False)

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

    def _menu_action(self, menu: object, text: str, shortcut: str, slot: object) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())  # type: ignore[operator]
        menu.addAction(action)  # type: ignore[attr-defined]
        return action

    def show_page(self, key: str) -> None:
        """Switch to the page named by its glossary key."""
        self.nav.setCurrentRow([k for k, _t, _p in PAGES].index(key))

    def current_page_key(self) -> str:
        return PAGES[self.stack.currentIndex()][0]

    # Opening the office ---------------------------------------------------------------------------------------

    def open_database(self) -> None:
        """Ask for the first-run set-up when there is no database yet; otherwise ask the user to sign in."""
        if self.database.exists():
            self.ask_login()
            return
        self.site_label.setText(self.tr("Office not set up"))
        self.setup_action.setEnabled(True)
        self.sig_office_opened.emit()
        if self._ask_first_run:
            self.ask_first_run()

    def ask_login(self, message: str = "") -> None:
        """Ask who is signing in, then open the database as them in the background."""
        from ui.login import LoginDialog, LoginResult, last_username

        if self._auto_login is not None:
            result: LoginResult | None = LoginResult("login", self._auto_login)
            self._auto_login = None
        else:
            result = LoginDialog.ask(self, self.database, message, last_username())
        if result is None:
            self.site_label.setText(self.tr("Not signed in"))
            self.sig_office_opened.emit()
            return
        from app.office import open_office

        path, who, code = self.database, result.credentials, result.recovery_code
        self._pending_login = who

        def work(_progress: object) -> Office:
            if code:
                from app.accounts.recovery import unlock_with_recovery_code

                unlock_with_recovery_code(path, code, who)
            return open_office(path, who)

        self._open_as(work, self.tr("Signing in…"))

    def _open_as(self, work: Callable[[object], Office], label: str) -> None:
        """Run `work` (which opens the office as someone) in the background; then show it, or ask again."""
        self.operations.run(
            Operation(
                work=work, success=self._on_signed_in, failure=self._on_sign_in_failed, label=label, cancellable=False
            )
        )

    def _on_signed_in(self, office: Office) -> None:
        from ui.login import remember_username

        remember_username(office.actor.username)
        self._set_office(office)

    def _on_sign_in_failed(self, error: BaseException) -> None:
        from app.errors import AccessDenied, DatabaseError, ValidationError
        from ui.i18n import error_language

        if isinstance(error, AccessDenied | ValidationError):
            self.ask_login(error.message(error_language()))  # wrong password, locked, bad recovery key: try again
        elif isinstance(error, DatabaseError) and error.code == "db.plaintext" and self._pending_login is not None:
            self._offer_encryption(self._pending_login)
        else:
            self._on_open_failed(error)

    def confirm_encryption(self) -> bool:
        """Whether to encrypt an unencrypted database now; tests replace this."""
        answer = QMessageBox.question(
            self,
            self.tr("Unencrypted database"),
            self.tr(
                "This database is not encrypted: anyone who copies the file can read it. Encrypt it now? A copy is "
                "encrypted and checked first; the original is replaced only when the copy is complete."
            ),
        )
        return answer == QMessageBox.StandardButton.Yes

    def _offer_encryption(self, who: Credentials) -> None:
        if not self.confirm_encryption():
            self._on_open_failed_text(self.tr("The database was not opened: it is not encrypted."))
            return
        from app.database import encrypt_plaintext
        from app.office import open_office

        path = self.database

        def work(_progress: object) -> Office:
            encrypt_plaintext(path, who)
            return open_office(path, who)

        self._open_as(work, self.tr("Encrypting the database…"))

    def _on_open_failed_text(self, text: str) -> None:
        self.site_label.setText(self.tr("Database not open"))
        self.statusBar().showMessage(text, 10000)
        self.sig_office_opened.emit()

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
        self.user_label.setText(
            self.tr("Signed in: {user} ({role})").format(user=office.actor.username, role=role_title(office.actor.role))
        )
        self.setup_action.setEnabled(False)
        is_admin = office.actor.is_admin
        for action in (self.users_action, self.audit_action, self.recovery_action, self.backups_action):
            action.setEnabled(is_admin)
        self.body.setCurrentIndex(0)
        for action in (self.password_action, self.lock_action, self.sign_out_action):
            action.setEnabled(True)
        self.database_label.setText(self.tr("Database: {path}").format(path=office.db.path))
        from app.paths import log_dir

        self.settings_page.show_paths(str(office.db.path), str(log_dir()))
        if site is not None:
            self.members_page.set_office(office, self.operations)
            self.families_page.set_office(office, self.operations)
        self.idle.start()
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
            from app.office import create_office

            path, admin, setup, name = self.database, choice.admin, choice.setup, choice.display_name
            if setup is None:
                return
            self.operations.run(
                Operation(
                    work=lambda _progress: create_office(path, admin, setup, name),
                    success=self._on_office_created,
                    failure=self._on_open_failed,
                    label=self.tr("Setting up this office…"),
                    cancellable=False,
                )
            )
            return
        from app.office import demo_database, open_demo_office

        path, admin = demo_database(self.database.parent), choice.admin
        self.operations.run(
            Operation(
                work=lambda progress: open_demo_office(path, admin, progress=progress),
                success=self._on_signed_in,
                failure=self._on_sign_in_failed,
                label=self.tr("Building the demo office…"),
            )
        )

    def _on_office_created(self, office: Office) -> None:
        self._on_signed_in(office)
        self.save_recovery_sheet(first_time=True)

    def choose_recovery_sheet_path(self) -> str:
        """Where to save the recovery key sheet ("" if the user cancels); tests replace this."""
        from PySide6.QtWidgets import QFileDialog

        QMessageBox.information(
            self,
            self.tr("Recovery key"),
            self.tr(
                "Save the recovery key sheet now, print it and lock it away, then delete the file. If this "
                "computer loses the database key (a new Windows, another PC), only this sheet opens the database."
            ),
        )
        name, _chosen = QFileDialog.getSaveFileName(
            self, self.tr("Save the recovery key sheet"), "恢复密钥.pdf", self.tr("PDF (*.pdf)")
        )
        return name

    @Slot()
    def save_recovery_sheet(self, first_time: bool = False) -> None:
        """Write the recovery key sheet (admins only; at set-up and from the Account menu)."""
        office = self.office
        if office is None or office.site is None or not office.actor.is_admin:
            return
        path = self.choose_recovery_sheet_path()
        if not path:
            return

        def work(_progress: object) -> None:
            from app import audit
            from app.recovery_sheet import write_recovery_sheet

            write_recovery_sheet(
                Path(path), office.db.key, site_name=office.site.name if office.site else "",
                database=office.db.path, admin=office.actor.username,
            )  # fmt: skip
            with office.db.unit_of_work(office.actor.username) as session:
                audit.record(session, office.actor.username, "print", detail={"what": "recovery_sheet"})

        self.operations.run(
            Operation(
                work=work,
                success=lambda _r: self.statusBar().showMessage(self.tr("Saved {path}.").format(path=path), 8000),
                label=self.tr("Saving…"),
                cancellable=False,
            )
        )

    # Accounts and the lock -----------------------------------------------------------------------------------

    @Slot()
    def lock(self) -> None:
        """Hide the office's records until the signed-in user types their password again (or signs out)."""
        office = self.office
        if office is None or self.is_locked:
            return
        self.is_locked = True
        self.idle.stop()
        self.body.setCurrentIndex(1)
        self._cover_open_windows()
        # Locking must happen even when the database is busy or failing; the audit row is then the one thing lost.
        with contextlib.suppress(Exception):
            from app import audit

            with office.db.unit_of_work(office.actor.username) as session:
                audit.record(session, office.actor.username, "lock")
        self.ask_unlock()

    def ask_unlock(self, message: str = "") -> None:
        from ui.login import LoginDialog

        office = self.office
        if office is None:
            return
        result = LoginDialog.ask(self, office.db.path, message, office.actor.username, locked=True)
        if result is None:
            self.sign_out()
            return
        from app.accounts.users import sign_in

        db, who = office.db, result.credentials

        def failed(error: BaseException) -> None:
            from app.errors import AccessDenied
            from ui.i18n import error_language

            if isinstance(error, AccessDenied):
                self.ask_unlock(error.message(error_language()))
            else:
                self._on_open_failed(error)

        self.operations.run(
            Operation(
                work=lambda _progress: sign_in(db, office.actor.username, who.password),
                success=lambda _actor: self._unlocked(),
                failure=failed,
                label=self.tr("Signing in…"),
                cancellable=False,
            )
        )

    def _unlocked(self) -> None:
        self.is_locked = False
        self.body.setCurrentIndex(0)
        self._uncover_open_windows()
        self.idle.start()

    def _cover_open_windows(self) -> None:
        """Cover every other open window (a member's form, say) so nothing of it shows while locked.

        Covered rather than hidden: hiding a dialog would end it and lose what the user typed.
        """
        from PySide6.QtWidgets import QApplication

        self._covers = []
        for window in QApplication.topLevelWidgets():
            if window is self or not window.isVisible():
                continue
            cover = QLabel(self.tr("FPA Desk is locked. Sign in to see the office's records."), window)
            cover.setAlignment(Qt.AlignmentFlag.AlignCenter)
            cover.setAutoFillBackground(True)
            cover.setGeometry(window.rect())
            cover.show()
            cover.raise_()
            self._covers.append(cover)

    def _uncover_open_windows(self) -> None:
        for cover in self._covers:
            cover.deleteLater()
        self._covers = []

    @Slot()
    def sign_out(self) -> None:
        """Close the office and ask who signs in next."""
        office = self.office
        self.idle.stop()
        if office is not None:
            with contextlib.suppress(Exception):
                from app import audit

                with office.db.unit_of_work(office.actor.username) as session:
                    audit.record(session, office.actor.username, "logout")
            self.members_page.clear_office()
            self.families_page.clear_office()
            office.db.close()
            self.office = None
        self.is_locked = False
        for cover in self._covers:
            window = cover.parentWidget()
            if window is not None:
                window.close()  # the next user must not find the last one's dialogs open
        self._uncover_open_windows()
        self.body.setCurrentIndex(1)
        for action in (self.users_action, self.audit_action, self.password_action, self.lock_action,
                       self.sign_out_action, self.backups_action, self.recovery_action):  # fmt: skip
            action.setEnabled(False)
        self.user_label.setText("")
        self.ask_login()

    @Slot()
    def change_password(self) -> None:
        from ui.accounts import ChangePasswordDialog

        if self.office is not None and ChangePasswordDialog.ask(self.office, self.operations, self):
            self.statusBar().showMessage(self.tr("Your password was changed."), 8000)

    @Slot()
    def manage_users(self) -> None:
        from ui.accounts import UsersDialog

        if self.office is not None and self.office.actor.is_admin:
            UsersDialog.ask(self.office, self.operations, self)

    @Slot()
    def manage_backups(self) -> None:
        from ui.backups import BackupsDialog

        office = self.office
        if office is not None and office.actor.is_admin:
            BackupsDialog.ask(office, self.operations, self.on_backup_restored, self)

    def on_backup_restored(self, db: Database) -> None:
        """Show the office from the restored database, still signed in as the admin who restored it."""
        from app.office import Office
        from app.site import get_site

        if self.office is None:
            db.close()
            return
        with db.unit_of_work() as session:
            site = get_site(session)
        self._set_office(Office(db, site, self.office.actor))
        self.statusBar().showMessage(self.tr("The backup was restored."), 8000)

    def daily_backup(self) -> None:
        """On exit, once a day: back up the office's database (a failure is logged, never stops the exit)."""
        from app.backups import create_backup, needs_daily_backup

        office = self.office
        if office is None or office.site is None or not needs_daily_backup(office.db.path):
            return
        self.statusBar().showMessage(self.tr("Backing up…"))
        try:
            create_backup(office.db, office.actor, "daily")
        except Exception as exc:
            from ui.crash import save_crash_report

            save_crash_report(type(exc), exc, exc.__traceback__)

    @Slot()
    def browse_audit_log(self) -> None:
        from ui.audit_log import AuditLogDialog

        if self.office is not None and self.office.actor.is_admin:
            AuditLogDialog.ask(self.office, self.operations, self)

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
        self.idle.stop()
        self.operations.shutdown()
        if not self.is_locked:
            self.daily_backup()
        if self.office is not None:
            self.office.db.close()
        super().closeEvent(event)
