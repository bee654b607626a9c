"""The JSON file format of a scenario (docs/scenario-schema.md), checked with pydantic; a bad file
gets messages in the reader's language that name the node, choice or route and the place in the
file (scenarios.schema_errors)."""

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from scenarios.schema_errors import not_an_object_message, schema_error_message, wrong_format_message

FORMAT = "psa-scenario"
VERSION = 1
Key = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,40}$")]
Code = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")]
Text = Annotated[str, Field(max_length=5000)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class CompetencyIn(_Strict):
    code: Code
    name: Annotated[str, Field(min_length=1, max_length=60)]
    pass_score: Annotated[int, Field(ge=0)] | None = None


class RouteIn(_Strict):
    condition: Annotated[str, Field(max_length=200)] = ""
    target: Key


class ChoiceIn(_Strict):
    key: Key
    text: Annotated[str, Field(min_length=1, max_length=2000)]
    target: Key
    feedback: Text = ""
    condition: Annotated[str, Field(max_length=200)] = ""
    scores: dict[Code, Annotated[int, Field(ge=-100, le=100)]] = {}
    set_flags: list[Code] = []


class NodeIn(_Strict):
    key: Key
    kind: Literal["situation", "dialogue", "end"]
    speaker: Annotated[str, Field(max_length=40)] = ""
    text: Text
    image: int | None = None
    audio: int | None = None
    outcome: Literal["", "success", "partial", "fail"] = ""
    debrief: Text = ""
    time_limit: Annotated[int, Field(ge=3, le=3600)] | None = None
    timeout_target: Literal[""] | Key = ""
    routes: list[RouteIn] = []
    choices: list[ChoiceIn] = []


class ScenarioFile(_Strict):
    format: Literal["psa-scenario"]
    version: int
    title: Annotated[str, Field(min_length=1, max_length=255)]
    slug: Annotated[str, Field(max_length=255)] = ""
    intro: Text = ""
    estimated_minutes: Annotated[int, Field(ge=1, le=600)] = 10
    is_required: bool = True
    allow_back: bool = False
    pass_total: Annotated[int, Field(ge=0)] | None = None
    competencies: list[CompetencyIn] = []
    nodes: Annotated[list[NodeIn], Field(min_length=1, max_length=2000)]

    @field_validator("version")
    @classmethod
    def _known_version(cls, value: int) -> int:
        if value != VERSION:
            raise ValueError(f"version {value} is not supported (this site reads version {VERSION})")
        return value


class SchemaError(ValueError):
    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


def scenario_file_parse(data: Any) -> dict[str, Any]:
    """Check a decoded JSON document against the schema; returns it as plain data with defaults
    filled in, or raises SchemaError listing every problem (at most 20), each in the reader's
    language and naming the node it is about."""
    if not isinstance(data, dict):
        raise SchemaError([not_an_object_message()])
    if data.get("format") != FORMAT:
        raise SchemaError([wrong_format_message(FORMAT)])
    try:
        parsed = ScenarioFile.model_validate(data)
    except ValidationError as exc:
        raise SchemaError([schema_error_message(e, data, supported=VERSION) for e in exc.errors()[:20]])
    return parsed.model_dump()
