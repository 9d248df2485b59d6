"""The change log: every write to a syncable table writes exactly one `change_log` row in the same transaction.

Services never call this module. `FpaSession` (the only session class the app uses) carries two hooks:

- `before_flush` covers the unit of work (`session.add`, attribute changes, `session.delete`);
- `do_orm_execute` covers ORM bulk statements, which skip flush events: `insert(Model)` with a list of rows,
  `update(Model)` with a list of rows carrying primary keys, and `update(Model).where(...).values(...)` /
  `delete(Model).where(...)` with literal values.

Each write takes the next `change_seq` of (site, epoch) and a hybrid-logical-clock value from the `site` row, in
one atomic UPDATE … RETURNING, so two writers can never take the same number. The change carries the full row
after the write, so that a sync package can be built from the log alone.

Anything else that writes a syncable table through SQLAlchemy (a Core `insert(table)` on a connection) is refused by
the engine guard (`guard_engine`), so a write is either logged or does not happen. Raw SQL text is not inspected:
the code base writes no raw SQL to syncable tables.

A tombstone (setting `deleted = True`) is logged as op "delete" with the row as it now is; a physical delete of a
row is logged as op "delete" with no row.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import cache
from operator import itemgetter
from typing import Any

from sqlalchemy import Column, Engine, Table, event, insert, select, update
from sqlalchemy.orm import Mapper, ORMExecuteState, Session, object_mapper
from sqlalchemy.orm.attributes import get_history
from sqlalchemy.sql.dml import Delete, Insert, Update
from sqlalchemy.sql.elements import BindParameter

from db.base import is_syncable, new_id
from db.models.site import Site
from db.models.sync import ChangeLog

SYNC_COLUMNS = frozenset(
    {"id", "owner_site", "rev_site", "rev_epoch", "rev_seq", "hlc", "created_at", "updated_at", "deleted"}
)
# Counter bits of the hybrid logical clock: physical milliseconds << 16 | counter.
HLC_COUNTER_BITS = 16
_DONE = "fpa_changelog_done"
_CHANGE_LOG: Table = ChangeLog.__table__  # type: ignore[assignment]


# Set while a logged write path runs (a flush, or one of the bulk handlers below), in this thread only.
_LOGGING: ContextVar[bool] = ContextVar("fpa_changelog_logging", default=False)


@contextmanager
def _logged_writes() -> Iterator[None]:
    token = _LOGGING.set(True)
    try:
        yield
    finally:
        _LOGGING.reset(token)


class UnloggedWriteError(RuntimeError):
    """A write to a syncable table that the change log cannot record; a programming error, never user input."""


class NoSiteError(RuntimeError):
    """A syncable record was written before this installation was set up as a site."""


def hlc_now() -> int:
    """The wall clock as a hybrid-logical-clock value with a zero counter."""
    return int(time.time() * 1000) << HLC_COUNTER_BITS


def utcnow() -> datetime:
    """The current UTC time without a zone, as every timestamp is stored."""
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass
class _Allocation:
    """Change numbers and clock values taken for one batch of writes."""

    site_id: str
    epoch: str
    first_seq: int
    first_hlc: int
    at: datetime = field(default_factory=utcnow)

    def stamp(self, i: int) -> dict[str, Any]:
        return {
            "rev_site": self.site_id,
            "rev_epoch": self.epoch,
            "rev_seq": self.first_seq + i,
            "hlc": self.first_hlc + i,
            "updated_at": self.at,
        }


def _allocate(session: Session, n: int) -> _Allocation:
    """Take `n` change numbers and clock values for this site, atomically, in the session's transaction."""
    now = hlc_now()
    site: Table = Site.__table__  # type: ignore[assignment]
    stmt = (
        update(site)
        .values(
            last_change_seq=site.c.last_change_seq + n,
            # The clock never goes backwards, even when the PC's clock does.
            last_hlc=_greatest(site.c.last_hlc + n, now + n - 1),
        )
        .returning(site.c.id, site.c.epoch, site.c.last_change_seq, site.c.last_hlc)
    )
    row = session.execute(stmt, execution_options={_DONE: True}).first()
    if row is None:
        raise NoSiteError("this database has no site; run set-up before writing records")
    site_id, epoch, last_seq, last_hlc = row
    return _Allocation(site_id, epoch, last_seq - n + 1, last_hlc - n + 1)


def _greatest(a: Any, b: int) -> Any:
    from sqlalchemy import case

    return case((a > b, a), else_=b)


def _json_value(value: object) -> object:
    """A column value as it travels in JSON: dates as ISO text, decimals as numbers."""
    if isinstance(value, datetime):
        return value.isoformat(timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def _row_json(mapper: Mapper[Any], values: dict[str, Any]) -> dict[str, object]:
    """The row as it travels in JSON; only the columns whose values JSON cannot hold as they are get converted."""
    keys, converted = _json_columns(mapper)
    out = {key: values.get(key) for key in keys}
    for key in converted:
        value = out[key]
        if value is not None:
            out[key] = _json_value(value)
    return out


@cache
def _json_columns(mapper: Mapper[Any]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The mapper's column keys, and those of date, time and decimal columns."""
    keys = tuple(attr.key for attr in mapper.column_attrs)
    converted = tuple(attr.key for attr in mapper.column_attrs if _needs_json_conversion(attr.columns[0]))
    return keys, converted


def _needs_json_conversion(column: Any) -> bool:
    try:
        python_type = column.type.python_type
    except NotImplementedError:
        return True  # an unusual type: let `_json_value` look at each value
    return python_type in (date, datetime, Decimal)


def _column_defaults(mapper: Mapper[Any]) -> Callable[[Iterable[str]], dict[str, Any]]:
    """A function giving a fresh dict of the mapper's Python-side column defaults (flush would apply them later),
    leaving out the keys a row already has.

    Callable defaults (new ids, empty lists) are called anew for each row, and only when needed: a bulk import
    that brings its own ids must not pay for a uuid4 per row that is thrown away.
    """
    scalars: dict[str, Any] = {}
    callables: dict[str, Callable[[Any], Any]] = {}
    for attr in mapper.column_attrs:
        default = attr.columns[0].default
        if default is None:
            continue
        if default.is_scalar:
            scalars[attr.key] = default.arg
        elif default.is_callable:
            callables[attr.key] = default.arg

    def fresh(given: Iterable[str] = ()) -> dict[str, Any]:
        have = set(given)
        return {
            **{key: value for key, value in scalars.items() if key not in have},
            **{key: fn(None) for key, fn in callables.items() if key not in have},
        }

    return fresh


@cache
def _default_keys(mapper: Mapper[Any]) -> frozenset[str]:
    """The keys `_column_defaults` may fill."""
    return frozenset(attr.key for attr in mapper.column_attrs if attr.columns[0].default is not None)


def _rev(values: Any) -> list[object] | None:
    if getattr(values, "rev_seq", None) is None:
        return None
    return [values.rev_site, values.rev_epoch, values.rev_seq]


def _log_row(
    alloc: _Allocation,
    i: int,
    tbl: str,
    record_id: str,
    op: str,
    base_rev: list[object] | None,
    fields: Iterable[str],
    after: dict[str, object] | None,
    by: str | None,
) -> dict[str, Any]:
    return {
        "site_id": alloc.site_id,
        "epoch": alloc.epoch,
        "change_seq": alloc.first_seq + i,
        "tbl": tbl,
        "record_id": record_id,
        "op": op,
        "base_rev": base_rev,
        "hlc": alloc.first_hlc + i,
        "by": by,
        "fields": sorted(fields),
        "after": after,
        "at": alloc.at,
    }


def _write_log(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        # The change log is not itself logged; its rows go straight to the driver.
        _executemany(session, _CHANGE_LOG, {c.name: c for c in _CHANGE_LOG.columns}, rows)


def _executemany(
    session: Session, table: Table, columns: dict[str, Column[Any]], rows: Sequence[dict[str, Any]]
) -> Any:
    """Insert `rows` (dicts with the same keys, named as in `columns`) with one driver `executemany`.

    Bulk inserts spend most of their time in SQLAlchemy's per-row parameter handling; here each column's own bind
    processor (the same conversion SQLAlchemy applies, e.g. datetimes to SQLite text, lists to JSON) runs once per
    value and nothing else does.
    """
    conn = session.connection()
    dialect = conn.dialect
    keys = list(rows[0])
    quote = dialect.identifier_preparer.quote
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(table.name), ", ".join(quote(columns[k].name) for k in keys), ", ".join("?" * len(keys))
    )
    procs = [columns[k].type._cached_bind_processor(dialect) for k in keys]
    if dialect.paramstyle != "qmark":  # pragma: no cover - SQLite is the one database today
        return session.execute(insert(table), list(rows), execution_options={_DONE: True})
    get = itemgetter(*keys) if len(keys) > 1 else (lambda row: (row[keys[0]],))
    converters = [(i, proc) for i, proc in enumerate(procs) if proc is not None]
    params: list[Any] = [get(row) for row in rows]
    if converters:
        for n, values in enumerate(params):
            values = list(values)
            for i, proc in converters:
                if values[i] is not None:
                    values[i] = proc(values[i])
            params[n] = tuple(values)
    return conn.exec_driver_sql(sql, params, execution_options={_DONE: True})


# --- the unit of work -------------------------------------------------------------------------------------


class FpaSession(Session):
    """The application's session: writes to syncable tables are logged by the hooks in this module."""

    def flush(self, objects: Sequence[Any] | None = None) -> None:
        """Flush, with the change log's hooks marked as the writers of this thread."""
        with _logged_writes():
            super().flush(objects)


def guard_engine(engine: Engine) -> None:
    """Make `engine` refuse SQLAlchemy writes to syncable tables that bypass the change log."""
    event.listen(engine, "before_execute", _refuse_unlogged_write)


def _refuse_unlogged_write(
    _conn: Any, clauseelement: Any, _multiparams: Any, _params: Any, execution_options: Any
) -> None:
    if not isinstance(clauseelement, (Insert, Update, Delete)) or _LOGGING.get():
        return
    if execution_options.get(_DONE):
        return
    name = getattr(clauseelement.table, "name", "")
    if name in _SYNCABLE_TABLES:
        raise UnloggedWriteError(
            f"a write to syncable table {name} bypassed the change log; use a session (FpaSession)"
        )


def _syncable_tables() -> dict[str, type]:
    import db.models  # noqa: F401 - every model must be registered before the table list is read
    from db.base import Base

    return {m.local_table.name: m.class_ for m in Base.registry.mappers if is_syncable(m.class_)}  # type: ignore[attr-defined]


@event.listens_for(FpaSession, "before_flush")
def _on_before_flush(session: Session, _flush_context: object, _instances: object) -> None:
    pending: list[tuple[Any, str]] = []
    pending += [(obj, "new") for obj in session.new if is_syncable(type(obj))]
    pending += [
        (obj, "dirty")
        for obj in session.dirty
        if is_syncable(type(obj)) and session.is_modified(obj, include_collections=False)
    ]
    pending += [(obj, "gone") for obj in session.deleted if is_syncable(type(obj))]
    if not pending:
        return
    alloc = _allocate(session, len(pending))
    by = session.info.get("user")
    log: list[dict[str, Any]] = []
    for i, (obj, state) in enumerate(pending):
        mapper = object_mapper(obj)
        tbl = mapper.local_table.name  # type: ignore[attr-defined]
        if state == "gone":
            log.append(_log_row(alloc, i, tbl, obj.id, "delete", _rev(obj), [], None, by))
            continue
        if state == "new":
            for key, value in _column_defaults(mapper)(obj.__dict__).items():
                if key not in obj.__dict__:
                    setattr(obj, key, value)
            if obj.id is None:
                obj.id = new_id()
            if obj.owner_site is None:
                obj.owner_site = alloc.site_id
            obj.created_at = alloc.at
            base_rev = None
            fields = [a.key for a in mapper.column_attrs if a.key not in SYNC_COLUMNS]
            op = "upsert"
        else:
            base_rev = _rev(obj)
            changed = [a.key for a in mapper.column_attrs if get_history(obj, a.key).has_changes()]
            fields = [k for k in changed if k not in SYNC_COLUMNS or k == "deleted"]
            op = "delete" if "deleted" in changed and obj.deleted else "upsert"
        for key, value in alloc.stamp(i).items():
            setattr(obj, key, value)
        after = _row_json(mapper, {a.key: getattr(obj, a.key) for a in mapper.column_attrs})
        log.append(_log_row(alloc, i, tbl, obj.id, op, base_rev, fields, after, by))
    _write_log(session, log)


# --- ORM bulk statements ----------------------------------------------------------------------------------


@event.listens_for(FpaSession, "do_orm_execute")
def _on_orm_execute(state: ORMExecuteState) -> Any:
    if state.execution_options.get(_DONE) or not (state.is_insert or state.is_update or state.is_delete):
        return None
    mapper = state.bind_mapper
    if mapper is None or not is_syncable(mapper.class_):
        return None
    stmt = state.statement
    params: Any = state.parameters
    rows: list[dict[str, Any]] = list(params) if isinstance(params, list) else ([dict(params)] if params else [])
    with _logged_writes():
        if isinstance(stmt, Insert):
            return _bulk_insert(state, mapper, stmt, rows)
        if isinstance(stmt, Update):
            if rows:
                return _bulk_update_by_pk(state, mapper, rows)
            return _update_where(state, mapper, stmt)
        if isinstance(stmt, Delete):
            return _delete_where(state, mapper, stmt)
    raise UnloggedWriteError(f"unsupported write statement on {mapper.local_table}")  # pragma: no cover


def _bulk_insert(state: ORMExecuteState, mapper: Mapper[Any], stmt: Insert, rows: list[Any]) -> Any:
    if not rows or stmt._values or stmt._multi_values or stmt.select is not None:
        raise UnloggedWriteError("bulk insert into a syncable table must pass its rows as a list of dicts")
    session = state.session
    alloc = _allocate(session, len(rows))
    defaults = _column_defaults(mapper)
    by = session.info.get("user")
    tbl = mapper.local_table.name  # type: ignore[attr-defined]
    # Every row gets every key any row has (one executemany); the change of each names all of them.
    keys = set().union(*rows) | _default_keys(mapper) | set(alloc.stamp(0)) | {"id", "owner_site", "created_at"}
    fields = sorted(k for k in set().union(*rows) if k not in SYNC_COLUMNS)
    full_rows: list[dict[str, Any]] = []
    for i, given in enumerate(rows):
        row = defaults(given)
        row.update(given)
        row.update(alloc.stamp(i))
        row["created_at"] = alloc.at
        if not row.get("id"):
            row["id"] = new_id()
        if not row.get("owner_site"):
            row["owner_site"] = alloc.site_id
        if len(row) != len(keys):
            row = {k: row.get(k) for k in keys}
        full_rows.append(row)
    if stmt._returning:
        result = state.invoke_statement(params=full_rows, execution_options={_DONE: True})
        log = [
            _log_row(alloc, i, tbl, row["id"], "upsert", None, fields, _row_json(mapper, row), by)
            for i, row in enumerate(full_rows)
        ]
        _write_log(session, log)
        return result
    table: Table = mapper.local_table  # type: ignore[assignment]
    conn = session.connection()
    last_rowid = conn.exec_driver_sql(f"SELECT coalesce(max(rowid), 0) FROM {_quoted(conn, table.name)}").scalar()
    columns = {attr.key: attr.columns[0] for attr in mapper.column_attrs}
    result = _executemany(session, table, columns, full_rows)  # type: ignore[arg-type]
    # The log rows are made by SQLite from the rows as stored (the new ones have the higher rowids): the row's
    # rev_seq and hlc are its change's, and `after` is built by json_object, with no Python work per row.
    fields_text, at_text = _bound(conn, _CHANGE_LOG.c.fields, fields), _bound(conn, _CHANGE_LOG.c.at, alloc.at)
    conn.exec_driver_sql(
        _log_from_rows_sql(mapper, conn),
        (alloc.site_id, alloc.epoch, tbl, by, fields_text, at_text, last_rowid),
        execution_options={_DONE: True},
    )
    return result


def _quoted(conn: Any, name: str) -> str:
    return str(conn.dialect.identifier_preparer.quote(name))


def _bound(conn: Any, column: Column[Any], value: object) -> object:
    """`value` as the driver receives it for `column` (the conversion SQLAlchemy would apply)."""
    proc = column.type._cached_bind_processor(conn.dialect)
    return proc(value) if proc is not None else value


@cache
def _after_sql(mapper: Mapper[Any], quote: Callable[[str], str]) -> str:
    """A SQL expression giving the row `t` as `_row_json` gives it, as JSON text (json_object keeps the order)."""
    from sqlalchemy import JSON, Boolean, DateTime, Numeric

    parts: list[str] = []
    for attr in mapper.column_attrs:
        column = attr.columns[0]
        ref = f"t.{quote(column.name)}"
        kind = column.type
        if isinstance(kind, Boolean):
            value = f"json(CASE WHEN {ref} IS NULL THEN NULL WHEN {ref} THEN 'true' ELSE 'false' END)"
        elif isinstance(kind, DateTime):
            value = f"replace({ref}, ' ', 'T')"  # stored as 'YYYY-MM-DD HH:MM:SS.ffffff'; JSON has the ISO 'T'
        elif isinstance(kind, JSON):
            value = f"json({ref})"
        elif isinstance(kind, Numeric):
            value = f"CAST({ref} AS REAL)"
        else:
            value = ref  # text, integers and dates ('YYYY-MM-DD') are stored as JSON wants them
        parts.append(f"'{attr.key}', {value}")
    return f"json_object({', '.join(parts)})"


def _log_from_rows_sql(mapper: Mapper[Any], conn: Any) -> str:
    quote = conn.dialect.identifier_preparer.quote
    table = quote(mapper.local_table.name)  # type: ignore[attr-defined]
    log = ", ".join(quote(c.name) for c in _CHANGE_LOG.columns)
    after = _after_sql(mapper, quote)
    by_column = {
        "site_id": "?1", "epoch": "?2", "change_seq": "t.rev_seq", "tbl": "?3", "record_id": "t.id",
        "op": "'upsert'", "base_rev": "NULL", "hlc": "t.hlc", "by": "?4", "fields": "?5", "after": after, "at": "?6",
    }  # fmt: skip
    values = ", ".join(by_column[c.name] for c in _CHANGE_LOG.columns)
    return f"INSERT INTO {quote(_CHANGE_LOG.name)} ({log}) SELECT {values} FROM {table} AS t WHERE t.rowid > ?7"


def _current_rows(session: Session, mapper: Mapper[Any], where: Any) -> list[dict[str, Any]]:
    table: Table = mapper.local_table  # type: ignore[assignment]
    result = session.execute(select(table).where(where), execution_options={_DONE: True})
    return [dict(r._mapping) for r in result]


def _bulk_update_by_pk(state: ORMExecuteState, mapper: Mapper[Any], rows: list[dict[str, Any]]) -> Any:
    session = state.session
    table: Table = mapper.local_table  # type: ignore[assignment]
    if any("id" not in r for r in rows):
        raise UnloggedWriteError("bulk update of a syncable table must give each row's id")
    current: dict[str, dict[str, Any]] = {}
    ids = [r["id"] for r in rows]
    for start in range(0, len(ids), 500):
        for r in _current_rows(session, mapper, table.c.id.in_(ids[start : start + 500])):
            current[r["id"]] = r
    rows = [r for r in rows if r["id"] in current]
    return _apply_updates(state, mapper, current, rows)


def _apply_updates(
    state: ORMExecuteState,
    mapper: Mapper[Any],
    current: dict[str, dict[str, Any]],
    rows: list[dict[str, Any]],
) -> Any:
    session = state.session
    if not rows:
        # Nothing matched: running the statement as given changes nothing and returns the usual result.
        return state.invoke_statement(execution_options={_DONE: True})
    alloc = _allocate(session, len(rows))
    by = session.info.get("user")
    tbl = mapper.local_table.name  # type: ignore[attr-defined]
    keys = {k for r in rows for k in r}
    out: list[dict[str, Any]] = []
    log: list[dict[str, Any]] = []
    for i, given in enumerate(rows):
        before = current[given["id"]]
        merged = {**before, **given, **alloc.stamp(i)}
        fields = [k for k in given if k != "id" and given[k] != before.get(k)]
        op = "delete" if merged.get("deleted") and not before.get("deleted") else "upsert"
        base_rev = [before["rev_site"], before["rev_epoch"], before["rev_seq"]]
        log.append(_log_row(alloc, i, tbl, given["id"], op, base_rev, fields, _row_json(mapper, merged), by))
        out.append({k: merged[k] for k in keys | set(alloc.stamp(i))})
    result = session.execute(update(mapper.class_), out, execution_options={_DONE: True})
    _write_log(session, log)
    return result


def _literal_values(stmt: Update) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for col, value in (stmt._values or {}).items():
        key = col if isinstance(col, str) else col.key
        if not isinstance(value, BindParameter):
            raise UnloggedWriteError(
                "an UPDATE of a syncable table must set literal values, so the change log can record them"
            )
        values[key] = value.value
    return values


def _update_where(state: ORMExecuteState, mapper: Mapper[Any], stmt: Update) -> Any:
    session = state.session
    values = _literal_values(stmt)
    current = {r["id"]: r for r in _current_rows(session, mapper, stmt.whereclause)}
    rows = [{"id": rid, **values} for rid in current]
    return _apply_updates(state, mapper, current, rows)


def _delete_where(state: ORMExecuteState, mapper: Mapper[Any], stmt: Delete) -> Any:
    session = state.session
    doomed = _current_rows(session, mapper, stmt.whereclause)
    result = state.invoke_statement(execution_options={_DONE: True})
    if doomed:
        alloc = _allocate(session, len(doomed))
        by = session.info.get("user")
        tbl = mapper.local_table.name  # type: ignore[attr-defined]
        log = [
            _log_row(alloc, i, tbl, r["id"], "delete", [r["rev_site"], r["rev_epoch"], r["rev_seq"]], [], None, by)
            for i, r in enumerate(doomed)
        ]
        _write_log(session, log)
    return result


_SYNCABLE_TABLES = _syncable_tables()
