"""Revealing masked values ("break the glass"): who may, and the reason every reveal must give.

ID numbers and phones are masked wherever they are shown, exported or printed. A user of a permitted role may see
them in full for a reason, and the caller writes that reason to the audit log (`app.audit`), never the value.
"""

from __future__ import annotations

from app.accounts.users import REVEALERS, Actor
from app.errors import AccessDenied, ValidationError

MAX_REASON = 200


def wants_reveal(reason: str | None) -> bool:
    """Whether the user asked for full values: a reveal always comes with a reason."""
    return bool(reason and reason.strip())


def require_reveal(actor: Actor, reason: str | None) -> str:
    """The reason, cleaned, if `actor` may reveal; a clear refusal otherwise."""
    if actor.role not in REVEALERS:
        raise AccessDenied(
            "您的账户不能查看完整的身份证号和电话。", "Your account may not see full ID and phone numbers.",
            code="access.reveal",
        )  # fmt: skip
    text = (reason or "").strip()
    if not text:
        raise ValidationError(
            "查看完整信息需要说明原因（例如“上报县计生协”）。",
            "Showing full values needs a reason (for example, a report to the county).",
            code="reveal.reason",
        )
    return text[:MAX_REASON]
