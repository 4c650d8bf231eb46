"""The OpenAPI document is generated, public, and says how to authenticate and how errors look."""


def test_openapi_document_declares_bearer_auth_and_problem_errors(client):
    """Clients generated from the document send bearer tokens and expect problem+json errors."""
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.get_json()
    assert spec["openapi"].startswith("3.")
    assert spec["components"]["securitySchemes"]["bearerAuth"] == {"type": "http", "scheme": "bearer"}
    assert spec["security"] == [{"bearerAuth": []}]
    create = spec["paths"]["/api/v1/fairs"]["post"]
    assert "application/problem+json" in create["responses"]["422"]["content"]
    assert create["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/FairIn")
