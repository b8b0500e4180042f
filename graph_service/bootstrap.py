"""The composition root: every service of the running product, built in one place from the
settings and an open store.

The ASGI app, the command line and the tests all receive this one object, so a service is wired
the same way everywhere and a resolver never builds one per call. Each service is built on first
use: a command that only analyses does not open the audit log or make a pseudonym key.
"""

from __future__ import annotations

from functools import cached_property

from .config import Settings
from .services.card_editor import CardEditor
from .services.coalition_analysis import AnalysisService
from .services.audit import AuditLog
from .services.authentication import Authenticator
from .services.evaluation import EvaluationService
from .services.evaluator_workspace import EvaluatorWorkspace
from .services.family_cards import FamilyCardService
from .services.finding_reviews import FindingReviews
from .services.import_drafts import ImportDrafts
from .services.importer import Importer
from .services.map_pages import MapService
from .services.map_views import MapViews
from .services.network import NetworkService
from .services.oidc import OidcVerifier
from .services.pseudonyms import SURVEY_KEY, Pseudonymiser, load_key
from .services.survey_answers import SurveyAnswers
from .services.surveys import Surveys
from .store.graph_store import GraphStore


class Services:
    def __init__(self, store: GraphStore, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        #: the words of the field (kinds, enumerations and their Dutch and English labels)
        self.vocabulary = store.vocabulary

    @cached_property
    def audit(self) -> AuditLog:
        """The audit log of family data; its head is anchored in (and checked against) the database."""
        return AuditLog.in_data_dir(self.settings.data_dir, self.settings.audit_key, anchors=self.store.shared,
                                    replica=self.settings.replica)

    @cached_property
    def network(self) -> NetworkService:
        """Coalition reads and changes; evaluators see people under keyed pseudonyms."""
        return NetworkService(self.store, Pseudonymiser.from_settings(self.settings, self.store.vocabulary))

    @cached_property
    def analysis(self) -> AnalysisService:
        """The analysis, knowing who did not answer the latest partner survey."""
        return AnalysisService(self.network, unanswered=lambda coalition_id, as_of: self.surveys.unanswered(
            coalition_id, as_of))

    @cached_property
    def reviews(self) -> FindingReviews:
        """What each coalition decided about its findings."""
        return FindingReviews(self.network)

    @cached_property
    def import_drafts(self) -> ImportDrafts:
        """Checked uploads waiting for the coordinator's confirmation."""
        return ImportDrafts(self.settings.data_dir)

    @cached_property
    def surveys(self) -> Surveys:
        """Partner surveys, the coordinator's side; personal links are signed with the survey key."""
        return Surveys(self.network, load_key(self.settings.survey_key, self.settings.data_dir, SURVEY_KEY))

    @cached_property
    def survey_answers(self) -> SurveyAnswers:
        """Partner surveys, the side of whoever holds a personal link."""
        return SurveyAnswers(self.surveys)

    @cached_property
    def map_views(self) -> MapViews:
        """The views of coalition maps saved under a name."""
        return MapViews(self.network)

    @cached_property
    def cards(self) -> FamilyCardService:
        return FamilyCardService(self.store, self.audit)

    @cached_property
    def card_editor(self) -> CardEditor:
        """The card as the web editor draws it: undo, consent to draw, changes made meanwhile."""
        return CardEditor(self.store, self.audit)

    @cached_property
    def maps(self) -> MapService:
        return MapService(self.network, self.analysis, self.cards)

    @cached_property
    def importer(self) -> Importer:
        return Importer(self.network)

    @cached_property
    def evaluation(self) -> EvaluationService:
        return EvaluationService(self.network)

    @cached_property
    def workspace(self) -> EvaluatorWorkspace:
        """The evaluator's figures over coalitions and quarters, kept by graph version."""
        return EvaluatorWorkspace(self.analysis, self.evaluation, self.surveys)

    @cached_property
    def authenticator(self) -> Authenticator:
        """API tokens, and single sign-on when configured (a bad role map stops the start here)."""
        oidc = OidcVerifier(self.settings.oidc) if self.settings.oidc else None
        return Authenticator(self.store, oidc)
