"""Wiring from Settings to the parts: one place that opens the store, the model and the refresh."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from bot.settings import Settings
from ingest.embeddings import TextEmbeddings, load_embeddings
from ingest.refresh import RefreshReport, refresh
from ingest.store import IndexStore, open_client


def embeddings_for(settings: Settings) -> TextEmbeddings:
    """Models are loaded once per process and shared by every face."""
    return _embeddings(settings.embedding_model, tuple(settings.embedding_servers), settings.embedding_timeout,
                       settings.embedding_api_key)


@lru_cache(maxsize=4)
def _embeddings(spec: str, urls: tuple[str, ...], timeout: float, api_key: str) -> TextEmbeddings:
    return load_embeddings(spec, urls, timeout, api_key)


def open_store(settings: Settings) -> IndexStore:
    client = open_client(settings.chroma_path, settings.chroma_url)
    return IndexStore(client, local_dir=settings.data_dir / "generations")


def run_refresh(settings: Settings, store: IndexStore | None = None, dry_run: bool = False,
                on_progress: Callable[[int, int], None] | None = None, storage=None,
                allow_remove: bool = False) -> RefreshReport:
    """`storage`: the open database a worker already has (the lease lives there); opened here otherwise.
    A refresh that would remove more than REFRESH_MAX_REMOVED_SHARE of the units, or a whole document no admin
    replaced, writes nothing and says so (RefreshReport.held) unless `allow_remove`."""
    if settings.database_url and not dry_run:  # workers on several machines: one refresh at a time among them
        from bot.shared_state import SharedState
        from bot.storage import Storage

        with SharedState(storage or Storage(settings.database_url)).lease("refresh"):
            return _refresh(settings, store, dry_run, on_progress, allow_remove)
    return _refresh(settings, store, dry_run, on_progress, allow_remove)


def _refresh(settings: Settings, store: IndexStore | None, dry_run: bool,
             on_progress: Callable[[int, int], None] | None, allow_remove: bool) -> RefreshReport:
    report = refresh(settings.knowledge_paths, store or open_store(settings),
                     embeddings_for(settings), settings.refresh_lock_path, dry_run=dry_run,
                     on_progress=on_progress, allow_remove=allow_remove,
                     max_removed_share=settings.refresh_max_removed_share)
    if not dry_run:
        warm_kinds(settings)
    return report


def warm_kinds(settings: Settings) -> None:
    """Embed the labelled example questions with the index's model and keep them under DATA_DIR, so that no
    question waits for them (a restart reads them back)."""
    from bot.engine.core import kind_classifier, load_catalogue
    from bot.lexicon import Lexicon

    classifier = kind_classifier(settings, Lexicon.load(settings.lexicon_dir), load_catalogue(settings),
                                 embeddings_for(settings))
    if classifier.examples is not None:
        classifier.examples.vectors()


def build_engine(settings: Settings, store: IndexStore | None = None):
    """The answering engine over the serving generation of the index; eligibility questions ("tôi có đủ điều
    kiện … không?") are answered by the nomination rules, the same ones the wizard applies."""
    from bot.engine.core import Engine
    from bot.nomination.catalogue import Catalogue
    from bot.nomination.verdict import EligibilityQuestions

    engine = Engine(settings, store or open_store(settings), embeddings_for(settings))
    engine.eligibility = EligibilityQuestions(Catalogue.load(settings.awards_dir), settings.province,
                                              lambda: engine.documents, lambda: engine.retriever.units.values())
    return engine


def build_assistant(settings: Settings, store: IndexStore | None = None, storage=None):
    """The whole conversation (engine, drafts, refresh) as every face uses it."""
    from bot.assistant import Assistant
    from bot.storage import Storage

    store = store or open_store(settings)
    engine = build_engine(settings, store)
    storage = storage or Storage(settings.sqlalchemy_url)
    # With a shared database (DATABASE_URL) workers are stateless: limits and follow-ups live there.
    shared = None
    if settings.database_url:
        from bot.shared_state import SharedState

        shared = SharedState(storage)
    return Assistant(settings, engine, storage, build_nominations(settings, engine, storage),
                     lambda on_progress=None, allow_remove=False: run_refresh(
                         settings, store, on_progress=on_progress, storage=storage, allow_remove=allow_remove),
                     engine.eligibility, shared, build_reviews(settings, lambda: engine.documents, storage))


def build_nominations(settings: Settings, engine, storage):
    """The nomination wizard with its catalogue, drafts in `storage` and documents under DRAFTS_DIR."""
    from bot.nomination.catalogue import Catalogue
    from bot.nomination.service import Nominations

    return Nominations(Catalogue.load(settings.awards_dir), lambda: engine.documents, storage, settings.province,
                       settings.drafts_dir)


def build_reviews(settings: Settings, documents: Callable[[], dict[str, dict]], storage):
    """The year-end review of a whole unit, with the catalogue, the registry in `storage` and its files under
    DRAFTS_DIR; `documents` gives the indexed documents (for citation labels)."""
    from bot.nomination.catalogue import Catalogue
    from bot.review.service import Reviews

    return Reviews(Catalogue.load(settings.awards_dir), documents, storage, settings.province, settings.drafts_dir)
