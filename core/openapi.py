"""What the OpenAPI document says beyond the schemas: each operation's id, summary, roles and the problems it can
answer, and an example request and response built from the schemas. Pure: dictionaries in, dictionaries out."""

import re
from copy import deepcopy

from core.roles import ROLES

# Problems every operation of a kind can answer, and what each means there.
UNAUTHENTICATED = (401, "No valid bearer token")
FORBIDDEN = (403, "The caller's role (or gate assignment) may not do this")
NOT_FOUND = (404, "No such object, or not visible to the caller")


def operation_doc(endpoint: str, docstring: str | None, roles: tuple | None) -> dict:
    """operationId, a one-sentence summary, the docstring as description with the roles that may call, x-roles."""
    text = " ".join((docstring or "").split())
    summary = re.split(r"(?<=[.;:])\s|\s\(", text, maxsplit=1)[0].rstrip(".;:") if text else endpoint
    doc = {"operationId": endpoint, "summary": summary[:120]}
    if roles is None:
        return {**doc, "description": text}
    allowed = list(ROLES) if not roles else [*roles, *(["admin"] if "admin" not in roles else [])]
    doc["x-roles"] = allowed
    doc["description"] = f"{text}\n\nRoles: {', '.join(allowed)}."
    return doc


def problems_of(rule: str, roles: tuple | None) -> list[tuple[int, str]]:
    """The problem responses an operation can give from its shape: 401/403 behind a token, 404 with a path id."""
    problems = []
    if roles is not None:
        problems += [UNAUTHENTICATED, FORBIDDEN]
    if "<" in rule:
        problems.append(NOT_FOUND)
    return problems


# ---- Examples, from the schemas themselves ----------------------------------------------------------------------

_FORMAT_EXAMPLES = {"date": "2026-10-15", "date-time": "2026-10-15T09:30:00+07:00", "decimal": "12500000",
                    "email": "lien.nguyen@example.vn", "int32": 1, "int64": 1}


def example_of(schema: dict, components: dict, depth: int = 0):
    """An example value for a JSON schema: its own example, else the first enum value, else one by type."""
    if "$ref" in schema:
        schema = components.get(schema["$ref"].rsplit("/", 1)[1], {})
    if "example" in schema:
        return deepcopy(schema["example"])
    if schema.get("enum"):
        return schema["enum"][0]
    kind = schema.get("type")
    kind = next((k for k in kind if k != "null"), None) if isinstance(kind, list) else kind
    if kind == "object" or "properties" in schema:
        if depth > 4:
            return {}
        return {name: example_of(field, components, depth + 1) for name, field in schema.get("properties", {}).items()
                if not field.get("readOnly")}
    if kind == "array":
        return [example_of(schema.get("items", {}), components, depth + 1)]
    if kind == "integer":
        return max(schema.get("minimum", 1), 1)
    if kind == "number":
        return max(schema.get("minimum", 1), 1)
    if kind == "boolean":
        return False
    if kind == "string":
        if schema.get("format") in _FORMAT_EXAMPLES:
            return _FORMAT_EXAMPLES[schema["format"]]
        return "Hà Nội" if "province" in str(schema.get("description", "")).lower() else "text"
    return None


def add_examples(spec: dict) -> dict:
    """The document with an example for every JSON request body and JSON response that has none."""
    spec = deepcopy(spec)
    components = spec.get("components", {}).get("schemas", {})
    shared = spec.get("components", {}).get("responses", {})
    for operations in spec.get("paths", {}).values():
        for method, operation in operations.items():
            if method == "parameters":
                continue
            for media in operation.get("requestBody", {}).get("content", {}).values():
                if "schema" in media and "example" not in media:
                    media["example"] = example_of(media["schema"], components)
            for response in operation.get("responses", {}).values():
                if "$ref" in response:
                    continue
                for media_type, media in response.get("content", {}).items():
                    if "json" in media_type and "schema" in media and "example" not in media:
                        media["example"] = example_of(media["schema"], components)
    for response in shared.values():
        for media in response.get("content", {}).values():
            if "schema" in media and "example" not in media:
                media["example"] = example_of(media["schema"], components)
    return spec
