import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.settings import Settings
from tests.factories import Workspace, make_workspace


@pytest.fixture
def app(db):
    return create_app(Settings(environment="test", database_url=str(db.url)), engine=db)


@pytest.fixture
def anon(app) -> TestClient:
    return TestClient(app, raise_server_exceptions=False)


@pytest.fixture
def ws(app, db) -> Workspace:
    return make_workspace(app, db)


@pytest.fixture
def other_ws(app, db) -> Workspace:
    """A second tenant, to prove nothing leaks between workspaces."""
    return make_workspace(app, db, name="Another hospital")
