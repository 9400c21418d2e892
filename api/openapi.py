"""The OpenAPI document as checked in at the repository root (stable, sorted YAML)."""

import yaml

from api.main import create_app
from api.settings import Settings


def render() -> str:
    # Build from default settings so local configuration never leaks into the document.
    app = create_app(Settings(_env_file=None, environment="development"))
    return yaml.safe_dump(app.openapi(), sort_keys=True, allow_unicode=True, width=100)
