from pathlib import Path

from api.openapi import render

ROOT = Path(__file__).resolve().parent.parent


def test_openapi_yaml_is_up_to_date():
    committed = (ROOT / "openapi.yaml").read_text(encoding="utf-8")
    assert committed == render(), "openapi.yaml is stale: run `make openapi` and commit the result"


def test_every_operation_has_a_stable_id_docs_and_the_error_shape():
    import yaml

    spec = yaml.safe_load(render())
    seen = set()
    for path, item in spec["paths"].items():
        for method, op in item.items():
            op_id = op["operationId"]
            assert op_id not in seen, f"duplicate operationId {op_id}"
            seen.add(op_id)
            # Generated ids look like `list_teams_api_v1_...`; ours are chosen by hand.
            assert "api_v1" not in op_id, f"{method.upper()} {path} has a generated operationId"
            assert op.get("description"), f"{method.upper()} {path} lacks a docstring"
            if path.startswith("/api/v1/workspaces/{workspace_id}"):
                ref = op["responses"]["404"]["content"]["application/json"]["schema"]["$ref"]
                assert ref == "#/components/schemas/ErrorResponse"
