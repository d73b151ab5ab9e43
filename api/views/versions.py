"""Optimistic concurrency for predictions: the version as ETag, If-Match or `version` on writes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from drf_spectacular.utils import OpenApiParameter
from rest_framework.generics import GenericAPIView

from api.errors import Conflict, PreconditionFailed, PreconditionRequired
from claims.models import Prediction
from claims.services.predictions import VersionConflict

IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    description='The ETag you read, e.g. "3". A stale one is refused with 412; or send version in the body.',
)


# Mixed into a viewset; to the type checker it is one already.
if TYPE_CHECKING:
    _GenericAPIView = GenericAPIView[Prediction]
else:
    _GenericAPIView = object


def etag(prediction: Prediction) -> str:
    return f'"{prediction.version}"'


# No docstring: drf-spectacular would show a mixin's docstring as its viewset's operations'
# description.
class VersionChecks(_GenericAPIView):
    # For a viewset's writes: which version the client says it changes, and the error when that
    # version is stale.

    def if_match_version(self, prediction: Prediction) -> int | None:
        """The version named by If-Match, or None without the header; 412 when none matches.

        Strong comparison (RFC 9110): W/"3" never matches. "*" matches the current version.
        """
        header = self.request.headers.get("If-Match")
        if header is None:
            return None
        tags = [tag.strip() for tag in header.split(",")]
        if "*" in tags or etag(prediction) in tags:
            return prediction.version
        raise PreconditionFailed(
            f"If-Match {header} does not match prediction #{prediction.pk}, which is now at "
            f"{etag(prediction)}. Fetch it again, reapply your change and send If-Match: {etag(prediction)}.",
            etag=etag(prediction),
        )

    def expected_version(self, prediction: Prediction, by_header: int | None, by_body: int | None) -> int:
        if by_header is not None:
            return by_header
        if by_body is None:
            raise PreconditionRequired(
                f'Send the version you read: If-Match: "{prediction.version}" (the ETag) or "version": '
                f"{prediction.version} in the body. Without it, this change could silently overwrite "
                "someone else's."
            )
        if by_body != prediction.version:
            raise self.stale(
                VersionConflict(prediction_id=prediction.pk, expected=by_body, current=prediction.version),
                by_header=False,
            )
        return by_body

    def stale(self, exc: VersionConflict, *, by_header: bool) -> Exception:
        current = f'"{exc.current}"'
        if by_header:
            return PreconditionFailed(str(exc), etag=current)
        return Conflict(str(exc), errors={"version": [str(exc)]}, headers={"ETag": current})
