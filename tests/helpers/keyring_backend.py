"""An in-memory keyring for tests: fast, private to the process, never touches the real OS keyring."""

from __future__ import annotations

from keyring.backend import KeyringBackend


class MemoryKeyring(KeyringBackend):
    """Secrets in a dict that lives as long as the process."""

    priority = 1  # type: ignore[assignment]
    _store: dict[tuple[str, str], str] = {}  # noqa: RUF012 - shared on purpose: one store per process

    def get_password(self, service: str, username: str) -> str | None:
        return self._store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self._store.pop((service, username), None)
