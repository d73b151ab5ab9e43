"""API endpoints. Thin: scope the data in get_queryset(), validate with serializers, write
through claims.services, answer with one error shape (api/errors.py)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import GenericAPIView
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api import exports
from api.annotations import COLLECTION_SCHEMA, annotation_collection
from api.annotations import MEDIA_TYPE as ANNOTATION_MEDIA_TYPE
from api.errors import Conflict, PreconditionFailed, PreconditionRequired
from api.filters import PredictionFilter, PredictionFilterBackend, PredictionOrdering
from api.permissions import ReadOrAdjudicate, ReadOrReview, request_is_curator
from api.relations import attach_relations, with_criteria_frozen
from api.serializers import (
    AdjudicationSerializer,
    ClarificationSerializer,
    LineageSerializer,
    LineageStepSerializer,
    LinkSerializer,
    OutcomeSerializer,
    PredictionSerializer,
    ReviewSerializer,
    SourceDetailSerializer,
    SourceSerializer,
    SpeakerSerializer,
    SplitSerializer,
    StatsSerializer,
    TooEarlySerializer,
    TopicSerializer,
    UndoSerializer,
    WithdrawSerializer,
    collection_url,
)
from claims.models import Outcome, Prediction, Source, Speaker, Status, Topic
from claims.services.backlog import review_backlog
from claims.services.criteria import add_clarification
from claims.services.lineage import LineageStep, link_predictions
from claims.services.lineage import lineage as lineage_of
from claims.services.parts import split_prediction
from claims.services.predictions import (
    VersionConflict,
    create_prediction,
    update_prediction,
    withdraw_prediction,
)
from claims.services.reviews import adjudicate, record_outcome, record_too_early, undo_verdict
from claims.services.sources import SourceImportError, import_source, update_source
from claims.services.stats import status_counts, track_records, track_records_by_speaker, verdict_counts

IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    description='The ETag you read, e.g. "3". A stale one is refused with 412; or send version in the body.',
)


class JSONLDRenderer(JSONRenderer):
    media_type = "application/ld+json"


def visible_predictions(request: Request) -> QuerySet[Prediction]:
    """Curators see drafts; everyone else sees what the dashboard shows."""
    predictions = Prediction.objects.all()
    return predictions if request_is_curator(request) else predictions.public()


def etag(prediction: Prediction) -> str:
    return f'"{prediction.version}"'


# --- sources ---------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="List sources (metadata, without the text)"),
    retrieve=extend_schema(summary="A source with its canonical text and SHA-256"),
    create=extend_schema(
        summary="Import a source (curators)",
        description="The text is canonicalized like the importer does (strict UTF-8, no BOM, LF, NFC); "
        "title, author, URL and publication date default from a '# title' header. The same text twice "
        "is refused with 409 and a Location header pointing at the stored source.",
        responses={201: SourceDetailSerializer},
    ),
    update=extend_schema(summary="Edit a source (curators); the text only while no span points into it"),
    partial_update=extend_schema(summary="Edit some of a source's fields (curators)"),
)
class SourceViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    queryset = Source.objects.all()
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[Source]:
        sources = Source.objects.order_by("-published_on", "id")
        return sources.without_text() if self.action == "list" else sources

    def get_serializer_class(self) -> type[serializers.Serializer]:
        return SourceSerializer if self.action == "list" else SourceDetailSerializer

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        text = fields.pop("text")
        name = fields.get("file_name") or fields.get("title") or "text"
        try:
            result = import_source(text.encode("utf-8"), name=name, **fields)
        except SourceImportError as exc:
            raise serializers.ValidationError({"text": [str(exc)]}) from exc
        location = self.item_url(result.source)
        if not result.created:
            message = (
                f"This exact text is already stored as source #{result.source.pk} «{result.source.title}»."
            )
            raise Conflict(message, errors={"text": [message]}, headers={"Location": location})
        data = self.get_serializer(result.source).data
        return Response(data, status=status.HTTP_201_CREATED, headers={"Location": location})

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        source = self.get_object()
        serializer = self.get_serializer(source, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        update_source(source=source, **serializer.validated_data)
        return Response(self.get_serializer(source).data)

    def item_url(self, source: Source) -> str:
        return f"{collection_url(self.request, 'source')}{source.pk}/"


# --- speakers and topics ---------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="List speakers with their track records"),
    retrieve=extend_schema(summary="A speaker with their track record"),
)
class SpeakerViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Speaker.objects.order_by("name", "id")
    serializer_class = SpeakerSerializer
    filter_backends: list = []

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        context["track_records"] = getattr(self, "_track_records", {})
        return context

    def paginate_queryset(self, queryset: QuerySet) -> list[Speaker] | None:
        page = super().paginate_queryset(queryset)
        self.load_track_records([speaker.pk for speaker in page or []])
        return page

    def get_object(self) -> Speaker:
        speaker = super().get_object()
        self.load_track_records([speaker.pk])
        return speaker

    def load_track_records(self, speaker_ids: list[int]) -> None:
        # One GROUP BY for the whole page (track records never count drafts or withdrawn ones).
        self._track_records = track_records_by_speaker(speaker_ids=speaker_ids)


@extend_schema_view(
    list=extend_schema(summary="List topics (their slugs filter predictions)"),
    retrieve=extend_schema(summary="A topic"),
)
class TopicViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Topic.objects.order_by("slug")
    serializer_class = TopicSerializer
    lookup_field = "slug"
    filter_backends: list = []


# --- predictions -----------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="List predictions, filtered and ordered"),
    retrieve=extend_schema(
        summary="A prediction with its spans",
        responses={200: OpenApiResponse(PredictionSerializer, description="ETag: the version, quoted.")},
    ),
    create=extend_schema(
        summary="Create a prediction anchored to spans (curators)",
        description="Each span is given by offsets (start, end), by quote alone, or both; a quote alone "
        "must occur once in the source, or prefix/suffix must pick one occurrence. Nothing is saved "
        "unless every span verifies.",
    ),
    update=extend_schema(
        summary="Replace a prediction's fields (curators)",
        description="Needs the version you read: If-Match (412 when stale) or version in the body (409 "
        "when stale); 428 without either. spans, when given, replace all spans.",
        parameters=[IF_MATCH],
    ),
    partial_update=extend_schema(
        summary="Change some of a prediction's fields (curators)",
        description="As PUT: needs If-Match or version.",
        parameters=[IF_MATCH],
    ),
)
class PredictionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    queryset = Prediction.objects.all()
    serializer_class = PredictionSerializer
    filter_backends = [PredictionFilterBackend, PredictionOrdering]
    filterset_class = PredictionFilter

    # Its actions (@action) take filter_backends=[]: the list's filters mean nothing for one
    # prediction, and the schema would otherwise document them as the action's parameters.

    # Routes whose writes need another role than curating (the default, ReadOrCurate).
    ROUTE_PERMISSIONS = {
        "prediction-outcomes": ReadOrReview,
        "prediction-too-early": ReadOrReview,
        "prediction-adjudication": ReadOrAdjudicate,
        "prediction-undo": ReadOrAdjudicate,
    }

    # What each action takes as input: the browsable API's forms and OPTIONS describe these.
    ACTION_SERIALIZERS: dict[str, type[serializers.Serializer]] = {
        "withdraw": WithdrawSerializer,
        "outcomes": ReviewSerializer,
        "too_early": TooEarlySerializer,
        "adjudication": AdjudicationSerializer,
        "undo": UndoSerializer,
        "clarifications": ClarificationSerializer,
        "split": SplitSerializer,
        "links": LinkSerializer,
    }

    def get_serializer_class(self) -> type[serializers.Serializer]:
        return self.ACTION_SERIALIZERS.get(self.action, PredictionSerializer)

    def get_queryset(self) -> QuerySet[Prediction]:
        predictions = visible_predictions(self.request)
        if self.action in ("list", "retrieve"):
            predictions = with_criteria_frozen(predictions.for_api())
        return predictions

    def get_permissions(self) -> list:
        # By route, not by action: a method the route does not take has no action, and the
        # reviewer asking for it should hear 405, not 403.
        match = self.request.resolver_match if self.request else None
        permission = self.ROUTE_PERMISSIONS.get(match.url_name) if match is not None else None
        if permission is not None:
            return [permission()]
        return super().get_permissions()

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        # Filters and ordering are for the list only: ?status=... never hides a detail page.
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def paginate_queryset(self, queryset: QuerySet) -> list[Prediction] | None:
        page = super().paginate_queryset(queryset)
        attach_relations(page or [])
        return page

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.respond(self.get_object())

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        for ignored in ("version", "window_overridden"):
            data.pop(ignored, None)
        prediction = create_prediction(
            speaker=data.pop("speaker"),
            statement=data.pop("statement"),
            spans=data.pop("spans"),
            topics=data.pop("topics", []),
            created_by=request.user,
            **data,
        )
        response = self.respond(prediction, status=status.HTTP_201_CREATED)
        response["Location"] = response.data["url"]
        return response

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        prediction = self.get_object()
        expected_by_header = self.if_match_version(prediction)
        serializer = self.get_serializer(prediction, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        expected = self.expected_version(prediction, expected_by_header, changes.pop("version", None))
        try:
            update_prediction(
                prediction=prediction,
                expected_version=expected,
                topics=changes.pop("topics", None),
                spans=changes.pop("spans", None),
                **changes,
                now=timezone.now(),
            )
        except VersionConflict as exc:
            raise self.stale(exc, by_header=expected_by_header is not None) from exc
        return self.respond(prediction)

    @extend_schema(
        summary="Withdraw a prediction (curators)",
        description="Idempotent. Needs If-Match or version, like an update. A resolved prediction "
        "cannot be withdrawn.",
        request=WithdrawSerializer,
        responses={200: PredictionSerializer},
        parameters=[IF_MATCH],
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        prediction = self.get_object()
        expected_by_header = self.if_match_version(prediction)
        serializer = WithdrawSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        expected = self.expected_version(
            prediction, expected_by_header, serializer.validated_data.get("version")
        )
        try:
            withdraw_prediction(prediction=prediction, expected_version=expected, now=timezone.now())
        except VersionConflict as exc:
            raise self.stale(exc, by_header=expected_by_header is not None) from exc
        return self.respond(prediction)

    @extend_schema(
        methods=["GET"],
        summary="A prediction's review record, oldest first (blind)",
        description='Every review, "too early", adjudication and undo, with its evidence. Blind review: '
        "the votes of a round still under way are shown only to reviewers who have voted in it "
        "themselves (and, once the round is disputed, to adjudicators); everyone else sees concluded "
        "rounds only.",
        responses={200: OutcomeSerializer(many=True)},
    )
    @extend_schema(
        methods=["POST"],
        summary="Review a prediction: give a verdict (reviewers)",
        description="One vote in the current round; one per reviewer per round, never changed. Once "
        "reviewers_required reviewers agree, the verdict stands and the prediction is resolved; if "
        "they disagree it is disputed and waits for an adjudicator. Give evidence (url, title, the "
        "quoted passage and the day it was read) or a note. The ETag is the prediction's new version.",
        request=ReviewSerializer,
        responses={201: OutcomeSerializer},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def outcomes(self, request: Request, pk: str | None = None) -> Response:
        prediction = self.get_object()
        if request.method != "POST":  # GET, and HEAD
            record = Outcome.objects.review_record(prediction, request.user)
            return Response(OutcomeSerializer(record, many=True).data)
        serializer = ReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        outcome = record_outcome(
            prediction=prediction,
            reviewer=request.user,
            **serializer.validated_data,
            today=timezone.localdate(),
            now=timezone.now(),
        )
        return self.recorded(prediction, outcome)

    @extend_schema(
        summary="Review a prediction: too early to judge (reviewers)",
        description="A vote for no verdict yet, with the day to look again (after today and after the "
        'window closes). When the round concludes "too early" the prediction stays open, a new round '
        "begins and it is flagged due again on the earliest next look the reviewers gave.",
        request=TooEarlySerializer,
        responses={201: OutcomeSerializer},
    )
    @action(detail=True, methods=["post"], url_path="too-early", filter_backends=[])
    def too_early(self, request: Request, pk: str | None = None) -> Response:
        prediction = self.get_object()
        serializer = TooEarlySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        outcome = record_too_early(
            prediction=prediction,
            reviewer=request.user,
            today=timezone.localdate(),
            **serializer.validated_data,
            now=timezone.now(),
        )
        return self.recorded(prediction, outcome)

    @extend_schema(
        summary="Decide a disputed prediction (adjudicators)",
        description="Only when its reviewers disagreed, and not by one of them. Either a verdict with "
        "known_on, or too early with next_look_on; always with the reasoning. Final: the verdict stands "
        "with the number of reviewers who agreed with it.",
        request=AdjudicationSerializer,
        responses={201: OutcomeSerializer},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def adjudication(self, request: Request, pk: str | None = None) -> Response:
        prediction = self.get_object()
        serializer = AdjudicationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        outcome = adjudicate(
            prediction=prediction,
            adjudicator=request.user,
            today=timezone.localdate(),
            **serializer.validated_data,
            now=timezone.now(),
        )
        return self.recorded(prediction, outcome)

    @extend_schema(
        summary="Undo a standing verdict (adjudicators)",
        description="Recorded as an event with its reason; nothing is deleted. The prediction awaits "
        "review again in a new round.",
        request=UndoSerializer,
        responses={201: OutcomeSerializer},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def undo(self, request: Request, pk: str | None = None) -> Response:
        prediction = self.get_object()
        serializer = UndoSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        outcome = undo_verdict(
            prediction=prediction,
            by=request.user,
            reason=serializer.validated_data["reason"],
            today=timezone.localdate(),
            now=timezone.now(),
        )
        return self.recorded(prediction, outcome)

    @extend_schema(
        methods=["GET"],
        summary="Clarifications of a prediction's resolution criteria, oldest first",
        responses={200: ClarificationSerializer(many=True)},
    )
    @extend_schema(
        methods=["POST"],
        summary="Clarify the resolution criteria (curators)",
        description="Appended with its author and date; the criteria themselves are never edited once "
        "frozen, and clarifications are never edited at all.",
        request=ClarificationSerializer,
        responses={201: ClarificationSerializer},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def clarifications(self, request: Request, pk: str | None = None) -> Response:
        prediction = self.get_object()
        if request.method != "POST":  # GET, and HEAD
            notes = prediction.clarifications.select_related("author").order_by("added_at", "id")
            return Response(ClarificationSerializer(notes, many=True).data)
        serializer = ClarificationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        clarification = add_clarification(
            prediction=prediction,
            author=request.user,
            text=serializer.validated_data["text"],
            now=timezone.now(),
        )
        response = Response(ClarificationSerializer(clarification).data, status=status.HTTP_201_CREATED)
        response["ETag"] = etag(prediction)
        return response

    @extend_schema(
        summary="Split a compound prediction into parts (curators)",
        description="Each part is a new prediction with its own statement and resolution criteria, "
        "keeping the compound prediction's spans, speaker, date, confidence, topics and number of "
        "reviewers; the compound prediction becomes split and is no longer reviewed. Only before its "
        "first review; all or nothing. Answers with the parts; the ETag is the compound's new version.",
        request=SplitSerializer,
        responses={201: PredictionSerializer(many=True)},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def split(self, request: Request, pk: str | None = None) -> Response:
        prediction = self.get_object()
        serializer = SplitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        parts = split_prediction(
            prediction=prediction,
            parts=serializer.validated_data["parts"],
            by=request.user,
            now=timezone.now(),
        )
        fresh = list(with_criteria_frozen(Prediction.objects.for_api()).filter(pk__in=[p.pk for p in parts]))
        attach_relations(fresh)
        data = PredictionSerializer(fresh, many=True, context=self.get_serializer_context()).data
        response = Response(data, status=status.HTTP_201_CREATED)
        response["ETag"] = etag(prediction)  # split_prediction bumped the compound's version
        return response

    @extend_schema(
        summary="A prediction's lineage as a timeline, oldest first",
        description="Every prediction linked to this one, directly or through others (said again, "
        "revised, retracted; always by the same speaker), each with its window, standing and links. "
        "slipped marks a revision that moved the deadline later.",
        responses={200: LineageSerializer},
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def lineage(self, request: Request, pk: str | None = None) -> Response:
        prediction = self.get_object()
        steps = lineage_of(prediction)
        if not request_is_curator(request):
            # Readers never see drafts, not even as a step of a lineage.
            hidden = {step.prediction.pk for step in steps if step.prediction.status == Status.DRAFT}
            steps = [
                LineageStep(step.prediction, [link for link in step.links if link.earlier_id not in hidden])
                for step in steps
                if step.prediction.pk not in hidden
            ]
        context = {**self.get_serializer_context(), "current": prediction.pk}
        return Response(
            {
                "prediction": prediction.pk,
                "steps": LineageStepSerializer(steps, many=True, context=context).data,
            }
        )

    @extend_schema(
        summary="Link this prediction to an earlier one (curators)",
        description="This prediction restates, revises or retracts `earlier`, said on or before it by "
        "the same speaker. Once per pair.",
        request=LinkSerializer,
        responses={201: LinkSerializer},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def links(self, request: Request, pk: str | None = None) -> Response:
        prediction = self.get_object()
        serializer = LinkSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        link = link_predictions(prediction=prediction, by=request.user, **serializer.validated_data)
        response = Response(LinkSerializer(link).data, status=status.HTTP_201_CREATED)
        response["ETag"] = etag(prediction)
        return response

    @extend_schema(
        summary="A prediction's spans as W3C Web Annotations (JSON-LD)",
        description="An AnnotationCollection: one Annotation per span, targeting the source's API URL "
        "with a TextQuoteSelector and a TextPositionSelector (code points).",
        responses={200: OpenApiResponse(COLLECTION_SCHEMA, description="JSON-LD (also served as JSON).")},
    )
    @action(detail=True, methods=["get"], renderer_classes=[JSONLDRenderer, JSONRenderer], filter_backends=[])
    def annotations(self, request: Request, pk: str | None = None) -> Response:
        prediction = self.get_object()
        here = collection_url(request, "prediction") + f"{prediction.pk}/"
        body = annotation_collection(
            prediction,
            collection_url=f"{here}annotations/",
            prediction_url=here,
            source_url=collection_url(request, "source"),
        )
        # With the Web Annotation profile, unless the client asked for plain application/json.
        as_jsonld = request.accepted_renderer.media_type == JSONLDRenderer.media_type
        return Response(body, content_type=ANNOTATION_MEDIA_TYPE if as_jsonld else None)

    # --- helpers ---

    def respond(self, prediction: Prediction, status: int = 200) -> Response:
        """The prediction as the list shows it, with its version as ETag."""
        fresh = (
            with_criteria_frozen(self.get_queryset().for_api()).get(pk=prediction.pk)
            if self.action != "retrieve"
            else prediction
        )
        attach_relations([fresh])
        response = Response(
            PredictionSerializer(fresh, context=self.get_serializer_context()).data, status=status
        )
        response["ETag"] = etag(fresh)
        return response

    def recorded(self, prediction: Prediction, outcome: Outcome) -> Response:
        """201 with the new event of the review record; the ETag is the prediction's version,
        which the review services bumped (they refresh `prediction`)."""
        response = Response(OutcomeSerializer(outcome).data, status=status.HTTP_201_CREATED)
        response["ETag"] = etag(prediction)
        return response

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


# --- exports ---------------------------------------------------------------------------------


class JSONOnlyNegotiation:
    """The export format is in the URL; errors are always JSON whatever the Accept header."""

    def select_renderer(self, request: Request, renderers: list, format_suffix: str | None = None):
        return JSONRenderer(), JSONRenderer.media_type

    def select_parser(self, request: Request, parsers: list):
        return None


class PredictionExportView(GenericAPIView):
    """The prediction list (same filters and ordering), streamed whole, without pagination."""

    queryset = Prediction.objects.all()
    serializer_class = PredictionSerializer
    filter_backends = [PredictionFilterBackend, PredictionOrdering]
    filterset_class = PredictionFilter
    pagination_class = None
    content_negotiation_class = JSONOnlyNegotiation
    format_name = ""

    def get_queryset(self) -> QuerySet[Prediction]:
        return with_criteria_frozen(visible_predictions(self.request).for_api())

    def rows(self):
        predictions = self.filter_queryset(self.get_queryset())
        if self.request.method == "HEAD":
            # Headers only: validate the filters, but never run the export for nothing.
            return iter(())
        serializer = self.get_serializer()
        return exports.stream_rows(predictions, serializer.to_representation)


class PredictionCSVExportView(PredictionExportView):
    @extend_schema(
        summary="The prediction list as CSV, streamed",
        description="Same filters and ordering as the list, one column per field. topics and parts are "
        "joined with ';'; spans, clarifications and verdict_summary are JSON; null is an empty field.",
        responses={(200, "text/csv"): OpenApiTypes.STR},
    )
    def get(self, request: Request) -> Any:
        return exports.streaming_response(
            exports.csv_lines(self.rows()), content_type="text/csv; charset=utf-8", filename="predictions.csv"
        )


class PredictionJSONLinesExportView(PredictionExportView):
    @extend_schema(
        summary="The prediction list as JSON Lines, streamed",
        description="Same filters and ordering as the list; one prediction per line, as the list shows it.",
        responses={(200, "application/jsonl"): OpenApiTypes.STR},
    )
    def get(self, request: Request) -> Any:
        return exports.streaming_response(
            exports.jsonl_lines(self.rows()),
            content_type="application/jsonl; charset=utf-8",
            filename="predictions.jsonl",
        )


# --- stats -----------------------------------------------------------------------------------


class StatsView(APIView):
    @extend_schema(
        summary="Counts by status and verdict; each speaker's track record; the review backlog",
        description="Hit rate = (came true + ½ partly true) / (judged + slipped misses): a deadline a "
        "revision moved later counts against the original date too. Brier score = mean (p − o)² over "
        "resolved predictions with an expressed confidence (o: true 1, partly ½, false 0). backlog: "
        "predictions due and unreviewed, how many wait for an adjudicator, how long the oldest has "
        "waited since its review day, and per reviewer how many wait on them.",
        responses={200: StatsSerializer},
    )
    def get(self, request: Request) -> Response:
        predictions = visible_predictions(request)
        by_status = status_counts(predictions)
        data = {
            "predictions": sum(by_status.values()),
            "by_status": by_status,
            "by_verdict": verdict_counts(predictions),
            "speakers": track_records(predictions),
            "backlog": review_backlog(timezone.localdate()),
        }
        return Response(StatsSerializer(data, context={"request": request}).data)
