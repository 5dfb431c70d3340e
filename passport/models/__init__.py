"""Tables only, one module per aggregate; import models from here."""

from ..domain.kinds import ActionOwner
from ..domain.kinds import ActionStatus
from .audit import AuditEvent
from .cv import Cv
from .destinations import Destination
from .entries import Entry
from .entries import EntrySkill
from .entries import Reflection
from .entries import ReflectionComment
from .events import CheckinClaim
from .events import CheckinThrottle
from .events import EmployerConfirmation
from .events import Event
from .events import EventOrganisation
from .events import SchoolKey
from .feedback import EventFeedback
from .folder import BatchKind
from .folder import DocumentKind
from .folder import FolderBatch
from .folder import FolderBatchItem
from .folder import FolderDocument
from .folder import FolderLetter
from .folder import ItemStatus
from .guidance import GuidanceInterview
from .guidance import InterviewAction
from .oversight import RecordView
from .oversight import VerificationUndo
from .parents import EntitlementItem
from .parents import ParentLink
from .parents import ParentLinkCode
from .people import Pupil
from .people import Role
from .people import STAFF_ROLES
from .people import TutorGroup
from .people import User
from .progress import PupilProgress
from .school import CareersPage
from .school import School
from .school import SchoolSettings
from .sessions import LoginThrottle
from .sessions import UserSession
from .sync import OpReceipt
from .targets import Target
from .transfer import EntryOrigin

__all__ = [
    "STAFF_ROLES",
    "ActionOwner",
    "ActionStatus",
    "AuditEvent",
    "CheckinClaim",
    "DocumentKind",
    "BatchKind",
    "CareersPage",
    "Destination",
    "EventFeedback",
    "FolderBatch",
    "FolderBatchItem",
    "FolderDocument",
    "FolderLetter",
    "ItemStatus",
    "CheckinThrottle",
    "Cv",
    "EmployerConfirmation",
    "Entry",
    "Event",
    "EventOrganisation",
    "EntrySkill",
    "EntitlementItem",
    "ParentLink",
    "ParentLinkCode",
    "EntryOrigin",
    "GuidanceInterview",
    "InterviewAction",
    "LoginThrottle",
    "OpReceipt",
    "Pupil",
    "PupilProgress",
    "RecordView",
    "Reflection",
    "ReflectionComment",
    "Role",
    "School",
    "SchoolKey",
    "SchoolSettings",
    "Target",
    "TutorGroup",
    "User",
    "UserSession",
    "VerificationUndo",
]
