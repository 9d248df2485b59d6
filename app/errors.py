"""Known errors: what went wrong, said in Chinese and English, for the user to read.

One family of errors reaches the user as a sentence (`FpaError` and its subclasses); anything else is a bug and
goes to the crash dialog (GUI) or the log file (CLI).
"""

from __future__ import annotations


class FpaError(Exception):
    """A known error with a message for the user in Chinese and English."""

    def __init__(self, zh: str, en: str, *, code: str = "error") -> None:
        super().__init__(zh)
        self.zh = zh
        self.en = en
        self.code = code

    def message(self, lang: str = "zh") -> str:
        """The sentence to show a user whose interface language is `lang` ("zh" or "en")."""
        return self.en if lang.startswith("en") else self.zh

    def __str__(self) -> str:
        return self.zh


class ValidationError(FpaError):
    """A value a user typed or imported is not acceptable."""


class DatabaseError(FpaError):
    """The database file cannot be opened, read or written (locked, full, corrupt, missing)."""


class NotSetUpError(FpaError):
    """The database has no office set up yet."""


class UsageError(FpaError):
    """A command was called with arguments that do not fit together."""


class CancelledError(FpaError):
    """The user cancelled a long operation; nothing was changed."""

    def __init__(self) -> None:
        super().__init__("操作已取消，数据未作更改。", "Cancelled; nothing was changed.", code="cancelled")


class AccessDenied(FpaError):
    """The signed-in user's role may not do this, or signing in failed."""
