from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from api.db import get_session
from api.main import create_app
from api.settings import Settings
from tests.factories import Workspace, make_workspace


@pytest.fixture
def app(db):
    application = create_app(Settings(environment="test", database_url=str(db.url)))

    def session_override() -> Iterator[Session]:
        with Session(db, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    application.dependency_overrides[get_session] = session_override
    return application


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
