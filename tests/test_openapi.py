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


def test_rate_limits_are_documented_on_every_api_operation():
    """429 with Retry-After and the RateLimit-* headers, on every operation under /api/v1."""
    import yaml

    spec = yaml.safe_load(render())
    documented = []
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if not path.startswith("/api/v1/"):
                continue
            too_many = op["responses"]["429"]
            assert set(too_many["headers"]) == {
                "Retry-After",
                "RateLimit-Limit",
                "RateLimit-Remaining",
                "RateLimit-Reset",
            }, f"{method.upper()} {path}"
            ref = too_many["content"]["application/json"]["schema"]["$ref"]
            assert ref == "#/components/schemas/ErrorResponse"
            documented.append((method, path))
    assert len(documented) >= 80  # 80 operations when this was written
    # Operators' probes are not rate limited, so they document no 429.
    assert all("429" not in spec["paths"][p]["get"]["responses"] for p in ("/healthz", "/readyz"))
