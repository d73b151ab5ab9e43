from claims.models.candidates import CandidateState, ExtractionCandidate
from claims.models.flags import DueFlag
from claims.models.notifications import Digest, DigestItem
from claims.models.outcomes import Outcome, Verdict
from claims.models.predictions import Confidence, Kind, Prediction, Status, Topic
from claims.models.sources import Source, Speaker
from claims.models.spans import Span, SpanRole

__all__ = [
    "CandidateState",
    "Confidence",
    "Digest",
    "DigestItem",
    "DueFlag",
    "ExtractionCandidate",
    "Kind",
    "Outcome",
    "Prediction",
    "Source",
    "Speaker",
    "Span",
    "SpanRole",
    "Status",
    "Topic",
    "Verdict",
]
