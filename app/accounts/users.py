"""Local accounts: the admin creates, disables and resets them; everyone signs in and changes their own password.

Signing in says only "wrong user name or password", never which; five failures in a row lock the account for
fifteen minutes. Failures are counted in their own transaction, so a failed sign-in still counts. Every change to an
account, and every sign-in, writes an audit row. Where the database key is kept in a key file, each password change
also re-seals the user's copy of the key (`app.dbkey.grant`), and disabling an account removes its copy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from app import audit
from app.accounts.passwords import check_new_password, hash_password, needs_rehash, verify_password
from app.dbkey import Credentials, grant, revoke
from app.errors import AccessDenied, ValidationError
from db.models.accounts import ROLES, User

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.database import Database

MAX_FAILURES = 5
LOCK_TIME = timedelta(minutes=15)
_USERNAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{1,49}")


@dataclass(frozen=True)
class Actor:
    """Who is acting: every service that needs a role is given one."""

    username: str
    role: str
    volunteer_id: str | None = None

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


# The roles of design.md: who may do what.
EDITORS = ("admin", "clerk")  # members, households, volunteers
READERS = ("admin", "clerk", "county")  # the member roll, households, volunteers
REVEALERS = ("admin", "clerk", "county")  # full ID numbers and phones of members, with a reason


def require_role(actor: Actor, *roles: str) -> None:
    """Refuse unless `actor` has one of `roles`."""
    if actor.role not in roles:
        raise AccessDenied(
            "您的账户没有这项操作的权限。", "Your account is not allowed to do this.", code="access.role"
        )


def _find(session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(func.lower(User.username) == username.strip().lower()))


def check_username(username: str) -> str:
    """`username` without surrounding spaces, or a clear error if it cannot be a user name."""
    username = username.strip()
    if not _USERNAME.fullmatch(username):
        raise ValidationError(
            "用户名须为 2–50 个英文字母、数字或 . _ -，以字母或数字开头。",
            "A user name is 2-50 letters, digits or . _ -, starting with a letter or digit.",
            code="user.username",
        )
    return username


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise ValidationError(f"没有“{role}”这个角色。", f"There is no role {role!r}.", code="user.role")


def _seal_key(session: Session, username: str, password: str) -> None:
    """Let `password` unlock the database's key file, where there is one (the database is in `session.info`)."""
    db = session.info.get("database")
    if db is not None:
        grant(db.path, db.key, Credentials(username, password))


def create_user(
    session: Session,
    actor: Actor | None,
    username: str,
    display_name: str,
    role: str,
    password: str,
    *,
    volunteer_id: str | None = None,
) -> str:
    """A new account; only an admin may create one, except the first admin at set-up (`actor` None, no users yet)."""
    if actor is None:
        if session.scalar(select(func.count()).select_from(User)):
            raise AccessDenied("只有管理员可以新建账户。", "Only an admin can create accounts.", code="access.role")
        if role != "admin":
            raise ValidationError("第一个账户必须是管理员。", "The first account must be an admin.", code="user.first")
    else:
        require_role(actor, "admin")
    username = check_username(username)
    _check_role(role)
    if volunteer_id is not None:
        from db.models import Volunteer

        volunteer = session.get(Volunteer, volunteer_id)
        if role != "volunteer" or volunteer is None or volunteer.deleted:
            raise ValidationError(
                "只有志愿者账户可以关联志愿者，且该志愿者须在册。",
                "Only a volunteer account can be linked to a volunteer, and the volunteer must exist.",
                code="user.volunteer",
            )
    if _find(session, username) is not None:
        raise ValidationError(f"用户名“{username}”已被使用。", f"User name {username!r} is taken.", code="user.taken")
    check_new_password(password, username=username)
    user = User(
        username=username,
        display_name=display_name.strip() or username,
        role=role,
        password_hash=hash_password(password),
        volunteer_id=volunteer_id,
        created_at=datetime.now(),
    )
    session.add(user)
    session.flush()
    audit.record(
        session,
        actor.username if actor else username,
        "setup" if actor is None else "user_create",
        tbl="user",
        record_id=user.id,
        detail={"username": username, "role": role},
    )
    _seal_key(session, username, password)
    return user.id


def _wrong() -> AccessDenied:
    return AccessDenied("用户名或密码不正确。", "Wrong user name or password.", code="login.failed")


def sign_in(db: Database, username: str, password: str, *, now: datetime | None = None) -> Actor:
    """The actor for `username` if `password` is right; otherwise count the failure (committed) and refuse."""
    now = now or datetime.now()
    with db.unit_of_work() as session:
        user = _find(session, username)
        if user is None or user.disabled:
            verify_password(password, hash_password("-"))  # the same time as a real check: no hint it exists
            failure: AccessDenied = (
                _wrong()
                if user is None
                else AccessDenied(
                    "此账户已停用，请联系管理员。", "This account is disabled; ask an admin.", code="login.disabled"
                )
            )
        elif user.locked_until is not None and user.locked_until > now:
            failure = _locked(user.locked_until)
        elif not verify_password(password, user.password_hash):
            user.failed_logins += 1
            if user.failed_logins >= MAX_FAILURES:
                user.locked_until, user.failed_logins = now + LOCK_TIME, 0
                failure = _locked(user.locked_until)
            else:
                failure = _wrong()
        else:
            user.failed_logins, user.locked_until = 0, None
            if needs_rehash(user.password_hash):
                user.password_hash = hash_password(password)
            audit.record(session, user.username, "login", tbl="user", record_id=user.id, at=now)
            return Actor(user.username, user.role, user.volunteer_id)
        # The name as typed, cut short: a mistyped password in the name field stays out of the log.
        audit.record(
            session,
            None,
            "login_failed",
            tbl="user",
            record_id=user.id if user else None,
            detail={"username": username.strip()[:50] if user else "?", "reason": failure.code},
            at=now,
        )
    raise failure


def _locked(until: datetime) -> AccessDenied:
    at = until.strftime("%H:%M")
    return AccessDenied(
        f"密码连续输错 {MAX_FAILURES} 次，账户已锁定到 {at}。",
        f"Too many wrong passwords; locked until {at}.",
        code="login.locked",
    )


def change_password(session: Session, actor: Actor, old: str, new: str) -> None:
    """The signed-in user's own new password, given the current one."""
    user = _find(session, actor.username)
    if user is None or not verify_password(old, user.password_hash):
        raise AccessDenied("当前密码不正确。", "The current password is wrong.", code="password.wrong")
    check_new_password(new, username=user.username)
    user.password_hash = hash_password(new)
    audit.record(session, actor.username, "password_change", tbl="user", record_id=user.id)
    _seal_key(session, user.username, new)


def reset_password(session: Session, actor: Actor, username: str, new: str) -> None:
    """An admin sets another user's password (and lifts a lockout)."""
    require_role(actor, "admin")
    user = _existing(session, username)
    check_new_password(new, username=user.username)
    user.password_hash = hash_password(new)
    user.failed_logins, user.locked_until = 0, None
    audit.record(
        session, actor.username, "user_reset", tbl="user", record_id=user.id, detail={"username": user.username}
    )
    _seal_key(session, user.username, new)


def set_disabled(session: Session, actor: Actor, username: str, disabled: bool) -> None:
    """An admin disables or re-enables an account; never their own, so an office keeps an admin."""
    require_role(actor, "admin")
    user = _existing(session, username)
    if user.username.lower() == actor.username.lower():
        raise ValidationError("不能停用自己的账户。", "You cannot disable your own account.", code="user.self")
    user.disabled = disabled
    audit.record(
        session,
        actor.username,
        "user_disable" if disabled else "user_enable",
        tbl="user",
        record_id=user.id,
        detail={"username": user.username},
    )
    db = session.info.get("database")
    if disabled and db is not None:
        revoke(db.path, user.username)


def set_role(session: Session, actor: Actor, username: str, role: str) -> None:
    """An admin changes another user's role (never their own, so an office keeps an admin)."""
    require_role(actor, "admin")
    _check_role(role)
    user = _existing(session, username)
    if user.username.lower() == actor.username.lower():
        raise ValidationError("不能更改自己的角色。", "You cannot change your own role.", code="user.self")
    if user.role != role:
        audit.record(
            session,
            actor.username,
            "user_role",
            tbl="user",
            record_id=user.id,
            detail={"username": user.username, "from": user.role, "to": role},
        )
        user.role = role


@dataclass(frozen=True)
class UserInfo:
    """An account as the user management page lists it."""

    username: str
    display_name: str
    role: str
    disabled: bool
    locked: bool
    can_unlock_key: bool


def list_users(session: Session, actor: Actor, *, now: datetime | None = None) -> list[UserInfo]:
    """Every account, for an admin; `can_unlock_key` is False for a user who cannot open a key-file database."""
    require_role(actor, "admin")
    now = now or datetime.now()
    db = session.info.get("database")
    holders = None
    if db is not None and db.key_store == "file":
        from app.dbkey import users_with_key

        holders = users_with_key(db.path)
    return [
        UserInfo(
            u.username,
            u.display_name,
            u.role,
            u.disabled,
            u.locked_until is not None and u.locked_until > now,
            holders is None or u.username.casefold() in holders,
        )
        for u in session.scalars(select(User).order_by(User.username))
    ]


def _existing(session: Session, username: str) -> User:
    user = _find(session, username)
    if user is None:
        raise ValidationError(f"没有用户“{username}”。", f"There is no user {username!r}.", code="user.unknown")
    return user


def volunteer_choices(session: Session, actor: Actor) -> list[tuple[str, str]]:
    """(id, "name (village)") of the live volunteers, for linking a volunteer account (admins)."""
    from db.models import Region, Volunteer

    require_role(actor, "admin")
    rows = session.execute(
        select(Volunteer.id, Volunteer.name, Region.name)
        .outerjoin(Region, Region.code == Volunteer.village_code)
        .where(Volunteer.deleted.is_(False))
        .order_by(Volunteer.name_pinyin)
    )
    return [(vid, f"{name}（{village}）" if village else name) for vid, name, village in rows]


def find_volunteer(session: Session, actor: Actor, name: str) -> str:
    """The id of the one live volunteer called `name`; a clear error when there is none or several."""
    from db.models import Volunteer

    require_role(actor, "admin")
    found = list(
        session.scalars(select(Volunteer.id).where(Volunteer.name == name.strip(), Volunteer.deleted.is_(False)))
    )
    if len(found) != 1:
        raise ValidationError(
            f"找到 {len(found)} 位名叫“{name}”的志愿者，无法确定是哪一位。" if found else f"没有名叫“{name}”的志愿者。",
            f"{len(found)} volunteers are called {name!r}." if found else f"There is no volunteer called {name!r}.",
            code="user.volunteer",
        )
    return found[0]
