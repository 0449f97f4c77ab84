"""What drf-spectacular cannot read from the code alone: the API key's scheme, and the types of the
filters the portal's filter sets compute in methods (slugs, and years)."""

from django_filters import ModelMultipleChoiceFilter
from drf_spectacular.drainage import set_override
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.types import OpenApiTypes

from knowledge.filters import YearListFilter

YEARS = {"type": "array", "items": {"type": "integer", "minimum": 1900, "maximum": 2100}}


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiKeyAuthentication"
    name = "apiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An official's personal key, made on the portal's account page. Optional.",
        }


def document_filters(*filterset_classes) -> None:
    for filterset_class in filterset_classes:
        for filter_field in filterset_class.base_filters.values():
            if isinstance(filter_field, ModelMultipleChoiceFilter):
                set_override(filter_field, "field", OpenApiTypes.STR)
            elif isinstance(filter_field, YearListFilter):
                set_override(filter_field, "field", YEARS)


PROBLEM = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
INVALID_PARAMETERS = {
    "type": "object",
    "description": "Each refused parameter, with why.",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}


def _answer(description: str, schema: dict, headers: dict | None = None) -> dict:
    answer = {"description": description, "content": {"application/json": {"schema": schema}}}
    if headers:
        answer["headers"] = headers
    return answer


ERROR_ANSWERS = {
    "400": _answer("A parameter is unknown or has a value the endpoint cannot take.", INVALID_PARAMETERS),
    "401": _answer("The key sent in Authorization is not valid.", PROBLEM),
    "404": _answer("No such record, or not one the caller may see.", PROBLEM),
    "429": _answer(
        "Too many requests from this client.",
        PROBLEM,
        {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait."}},
    ),
}


def add_error_answers(result, generator, request, public):
    """A postprocessing hook: every operation may answer with one of the API's errors, documented."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            answers = operation.setdefault("responses", {})
            for status, answer in ERROR_ANSWERS.items():
                has_path_parameter = any(p.get("in") == "path" for p in operation.get("parameters", []))
                if status == "404" and not has_path_parameter:
                    continue
                answers.setdefault(status, answer)
            answers.get("200", {}).setdefault(
                "headers",
                {"ETag": {"schema": {"type": "string"}, "description": "Send it back in If-None-Match."}},
            )
            answers.setdefault("304", {"description": "Not modified since the ETag sent in If-None-Match."})
    return result
