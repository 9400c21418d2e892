"""Runtime configuration, read from RAPPORT_* environment variables."""

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SECRET = "change-me-in-production"  # noqa: S105 - the placeholder the check below refuses


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="RAPPORT_", env_file=".env", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    database_url: str = "sqlite:///./data/rapport.db"
    secret_key: str = DEFAULT_SECRET
    session_ttl_hours: int = 12
    cookie_secure: bool = False
    # Failed sign-ins allowed per window before 429, per account and per client address.
    login_failures_per_account: int = 5
    login_failures_per_address: int = 20
    login_window_seconds: int = 300
    # Requests per minute for each API token and each browser session. With several API
    # processes or replicas, point the storage at a shared Redis (e.g. redis://redis:6379/0;
    # docker-compose.yml does) so each caller has one budget; failed sign-ins count there too.
    rate_limit_per_minute: int = 600
    rate_limit_storage_uri: str = "memory://"
    cors_origins: list[str] = []
    # The proxies trusted to say who the client is (X-Forwarded-For, X-Forwarded-Proto):
    # comma-separated addresses or networks, or * for any. Behind a proxy at another address
    # (nginx in docker-compose.yml), set it, or every client looks like the proxy: one
    # address for the sign-in limits. Only what can reach the API should be trusted.
    forwarded_allow_ips: str = "127.0.0.1"
    static_dir: Path = Path("frontend/dist")
    webhooks_allow_private: bool = False
    # Reuse a workspace's GET /scores answer for this long while its event log has not moved
    # (api/insights/scorecache.py); 0 computes every answer afresh.
    scores_cache_seconds: float = Field(default=60.0, ge=0, le=3600)
    sql_echo: bool = False

    @model_validator(mode="after")
    def _refuse_placeholder_secret(self) -> "Settings":
        # Only a developer's own machine may run on the placeholder.
        if self.environment != "development" and self.secret_key == DEFAULT_SECRET:
            raise ValueError(
                "RAPPORT_SECRET_KEY must be set to a real secret outside development mode "
                f"(RAPPORT_ENVIRONMENT={self.environment})"
            )
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache
def get_settings() -> Settings:
    return Settings()
