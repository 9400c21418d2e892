import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.settings import Settings
from tests.factories import Workspace, make_workspace

_APPS: dict[int, object] = {}


@pytest.fixture
def app(db):
    # One app per database for the whole run: the app holds no state of its own between
    # requests (the tables are emptied for every test), and building one costs ~0.5 s.
    found = _APPS.get(id(db))
    if found is None:
        found = _APPS[id(db)] = create_app(
            Settings(environment="test", database_url=str(db.url)), engine=db
        )
    return found


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
