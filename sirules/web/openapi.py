"""The OpenAPI 3.1 description of ``/api/v1/``, written by hand for the routes :mod:`.api` serves
(the tests hold the two together: every route is described, and nothing else)."""

from __future__ import annotations


def _problem() -> dict:
    return {"description": "a problem (RFC 9457) with the diagnostic codes",
            "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}


def _json(description: str, schema: dict | None = None) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema or {"type": "object"}}}}


def _ident() -> list:
    return [{"name": "id", "in": "path", "required": True, "description": "the guideline's file stem, e.g. ale",
             "schema": {"type": "string"}}]


def _item_body() -> dict:
    return {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}}}


def document(app=None) -> dict:
    paths = {
        "/api/v1/guidelines": {"get": {"summary": "the guidelines served", "operationId": "guidelines",
                                       "responses": {"200": _json("id, title, language and validity of each",
                                                                  {"type": "array", "items": {"type": "object"}})}}},
        "/api/v1/guidelines/{id}": {"get": {
            "summary": "one guideline: facts, fields, parts, rules, rounds, versions", "operationId": "guideline",
            "parameters": _ident(), "responses": {"200": _json("the guideline as data"), "404": _problem()}}},
        "/api/v1/guidelines/{id}/schema": {"get": {
            "summary": "the JSON Schema of the guideline's applications (sirules schema)", "operationId": "schema",
            "parameters": _ident(), "responses": {"200": _json("a JSON Schema, draft 2020-12"), "404": _problem()}}},
        "/api/v1/check": {"post": {
            "summary": "check one application or a list (sirules check --format json)", "operationId": "check",
            "requestBody": {"required": True, "content": {"application/json": {"schema": {"oneOf": [
                {"$ref": "#/components/schemas/Item"},
                {"type": "array", "items": {"$ref": "#/components/schemas/Item"}, "minItems": 1, "maxItems": 1000}]}}}},
            "responses": {"200": _json("the result, or a list of results, as sirules check --format json"),
                          "400": _problem(), "404": _problem(), "413": _problem(), "422": _problem()}}},
        "/api/v1/obligations": {"post": {
            "summary": "what the applicant owes the fund (sirules obligations --format json)",
            "operationId": "obligations", "requestBody": _item_body(),
            "responses": {"200": _json("the obligations schedule"), "400": _problem(), "404": _problem(),
                          "422": _problem()}}},
        "/api/v1/calc": {"post": {
            "summary": "the socio-economic calculation (sirules calc --format json)", "operationId": "calc",
            "requestBody": _item_body(),
            "responses": {"200": _json("the calculation"), "400": _problem(), "404": _problem(), "422": _problem()}}},
        "/api/v1/openapi.json": {"get": {"summary": "this description", "operationId": "openapi",
                                         "responses": {"200": _json("OpenAPI 3.1")}}},
    }
    if app is not None:
        for path, ops in getattr(app.state, "extra_openapi", {}).items():
            paths[path] = ops
    return {
        "openapi": "3.1.0",
        "info": {"title": "sirules", "version": "1",
                 "description": "Guidelines of social investment funds as checkable programs: the same answers "
                                "as the sirules command line."},
        "paths": paths,
        "components": {
            "schemas": {
                "Item": {"type": "object", "required": ["guideline", "application"], "additionalProperties": False,
                         "properties": {
                             "guideline": {"type": "string", "description": "the guideline's id (file stem)"},
                             "application": {"description": "the application as JSON, or a file's text",
                                             "oneOf": [{"type": "object"}, {"type": "string"}]},
                             "name": {"type": "string", "description": "the application's file name, shown in results"},
                             "format": {"enum": ["toml", "json", "yaml"], "description": "the format of a text"},
                             "date": {"type": "string", "format": "date", "description": "check with the rules in force on this day"},
                             "suggest": {"type": "boolean", "description": "add what would make it pass (--suggest)"},
                             "rate": {"description": "calc: the discount rate in percent"},
                             "horizon": {"type": "integer", "description": "calc: years from the start year"}}},
                "Problem": {"type": "object", "required": ["type", "title", "status", "code"],
                            "properties": {"type": {"type": "string"}, "title": {"type": "string"},
                                           "status": {"type": "integer"}, "detail": {"type": "string"},
                                           "code": {"type": "string", "pattern": "^SIR[0-9]{3}$"},
                                           "hint": {"type": ["string", "null"]},
                                           "diagnostics": {"type": "array", "items": {"type": "object"}}}},
            },
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer",
                                          "description": "an officer's API token (sirules fund user token)"}},
        },
    }
