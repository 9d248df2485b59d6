"""Every model of FPA Desk; importing this package registers them all on `Base.metadata`."""

from db.models.accounts import AuditHead, AuditLog, User
from db.models.families import (
    Activity,
    ActivityAttendance,
    FamilyInsurance,
    FamilyPerson,
    SpecialFamily,
    Visit,
    VisitVisitor,
)
from db.models.households import ContactLog, Household, HouseholdMember
from db.models.members import Member, MemberGroup, MemberStatusEvent
from db.models.search import gram_seq, member_char, member_gram
from db.models.site import Region, Setting, Site
from db.models.sync import AppliedChange, ChangeLog, Conflict, PackageLog, SyncPeer
from db.models.volunteers import Pairing, Volunteer, VolunteerRecord, VolunteerTeam

__all__ = [
    "Activity",
    "ActivityAttendance",
    "AppliedChange",
    "AuditHead",
    "AuditLog",
    "ChangeLog",
    "Conflict",
    "ContactLog",
    "FamilyInsurance",
    "FamilyPerson",
    "Household",
    "HouseholdMember",
    "Member",
    "MemberGroup",
    "MemberStatusEvent",
    "PackageLog",
    "Pairing",
    "Region",
    "Setting",
    "Site",
    "SpecialFamily",
    "SyncPeer",
    "User",
    "Visit",
    "VisitVisitor",
    "Volunteer",
    "VolunteerRecord",
    "VolunteerTeam",
    "gram_seq",
    "member_char",
    "member_gram",
]
