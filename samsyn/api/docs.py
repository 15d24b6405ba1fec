"""The documentation page's content, read from the API's own OpenAPI document: every operation
with its parameters and a curl example that runs against the demo (Samhällskontraktet, `shk`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from samsyn.core.lib.urls import reverse

from .http import api

# The demo's values for each path parameter, so that every example answers 200 against the demo
# (samsyn/api/tests/test_docs.py runs each one).
DEMO_PATH_VALUES = {
    "slug": "shk",
    "initiative": "demokratisk-infrastruktur",
    "portfolio": "styrelsen",
    "meeting": "styrelse-2024-09-19",
    "kpi": "antal-innovationsideer",
    "evaluation": "utvardering-2023",
    "document": "1",
    "number": "1",
}
# One example query for operations whose filters show best with one.
DEMO_QUERIES = {
    "/api/v1/{slug}/initiatives": "?phase=ongoing",
    "/api/v1/{slug}/search": "?q=v%C3%A4lf%C3%A4rdsteknik",
    "/api/v1/{slug}/outcomes": "?year=2024&per_sida=20",
}
PARAMETER = re.compile(r"\{([a-z_]+)\}")


@dataclass(frozen=True)
class Parameter:
    name: str
    where: str
    required: bool
    description: str
    kind: str


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    summary: str
    description: str
    parameters: tuple[Parameter, ...]
    writes: bool
    curl: str
    anchor: str


def _kind(schema: dict[str, Any]) -> str:
    if "enum" in schema:
        return " | ".join(str(v) for v in schema["enum"])
    if "anyOf" in schema:
        return " | ".join(_kind(s) for s in schema["anyOf"] if s.get("type") != "null")
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    return str(schema.get("format") or schema.get("type") or "")


def _resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema:
        return spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _curl(method: str, path: str) -> str:
    url = PARAMETER.sub(lambda m: DEMO_PATH_VALUES.get(m.group(1), m.group(0)), path)
    url = "$SAMSYN" + url + DEMO_QUERIES.get(path, "")
    lines = ["curl -sS"]
    if method != "GET":
        lines[0] += f" -X {method}"
    lines.append('-H "Authorization: Bearer $TOKEN"')
    if path.endswith("/outcomes/import"):
        lines.append("-F file=@utfall.csv")
    elif path.endswith("/phase"):
        lines.append("-H 'Content-Type: application/json'")
        lines.append("""-d '{"phase": "ongoing", "date": "2026-12-01", "decision": "Kärnteamets beslut"}'""")
    elif path.endswith("/download"):
        lines.append("-OJ")
    lines.append(f'"{url}"')
    return " \\\n  ".join(lines)


def operations_by_tag() -> list[tuple[str, list[Operation]]]:
    """The operations in the order the document lists them, grouped by their tag."""
    spec = api.get_openapi_schema(path_prefix="/api/v1/")
    groups: dict[str, list[Operation]] = {}
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            parameters = []
            for p in op.get("parameters", []):
                schema = _resolve(spec, p.get("schema", {}))
                parameters.append(
                    Parameter(
                        p["name"],
                        p["in"],
                        bool(p.get("required")),
                        p.get("description") or schema.get("description", ""),
                        _kind(schema),
                    )
                )
            body = op.get("requestBody", {}).get("content", {})
            for content in body.values():
                schema = _resolve(spec, content.get("schema", {}))
                for name, prop in schema.get("properties", {}).items():
                    parameters.append(
                        Parameter(
                            name, "body", name in schema.get("required", []), prop.get("description", ""), _kind(prop)
                        )
                    )
            operation = Operation(
                method=method.upper(),
                path=path,
                summary=op.get("summary", ""),
                description=op.get("description", ""),
                parameters=tuple(p for p in parameters if p.name != "slug"),
                writes=method.upper() not in ("GET", "HEAD"),
                curl=_curl(method.upper(), path),
                anchor=op["operationId"],
            )
            groups.setdefault((op.get("tags") or [""])[0], []).append(operation)
    return list(groups.items())


def token_page(request) -> str | None:
    """The address of the visitor's token page, when they are logged in to one partnership's pages."""
    if not request.user.is_authenticated:
        return None
    person = request.user.people.select_related("partnership").first()
    return reverse("api_tokens", args=[person.partnership.slug]) if person else None
