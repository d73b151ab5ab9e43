from claims.models.candidates import CandidateState, ExtractionCandidate
from claims.models.corpus import CLAIM_LEASE, CorpusFile, CorpusFileState, CorpusRun
from claims.models.corrections import Correction
from claims.models.criteria import Clarification
from claims.models.flags import DueFlag
from claims.models.history import EditAction, EditedType, EditRecord, Face
from claims.models.lineage import PredictionLink, Relation
from claims.models.notifications import Digest, DigestItem
from claims.models.outcomes import Evidence, Outcome, OutcomeKind, Verdict
from claims.models.predictions import REVIEWABLE, SPLITTABLE, Confidence, Kind, Prediction, Status, Topic
from claims.models.record import RecordEntry
from claims.models.reviewers import ReviewerProfile, public_name
from claims.models.sources import Source, Speaker
from claims.models.spans import Span, SpanRole
from claims.models.tallies import Tally, TallyGrain

__all__ = [
    "CLAIM_LEASE",
    "REVIEWABLE",
    "SPLITTABLE",
    "CandidateState",
    "Clarification",
    "Confidence",
    "Correction",
    "CorpusFile",
    "CorpusFileState",
    "CorpusRun",
    "Digest",
    "DigestItem",
    "DueFlag",
    "EditAction",
    "EditRecord",
    "EditedType",
    "Evidence",
    "ExtractionCandidate",
    "Face",
    "Kind",
    "Outcome",
    "OutcomeKind",
    "Prediction",
    "PredictionLink",
    "RecordEntry",
    "Relation",
    "ReviewerProfile",
    "Source",
    "Speaker",
    "Span",
    "SpanRole",
    "Status",
    "Tally",
    "TallyGrain",
    "Topic",
    "Verdict",
    "public_name",
]
