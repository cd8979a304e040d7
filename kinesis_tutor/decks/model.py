"""The deck format as pydantic models: the single definition behind validation and the JSON Schema.

Structure (keys, types, required fields) is checked here; rules that need the whole deck or the
service catalog (answers among the choices, ids unique, catalog services) live in ``checks``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
ID_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"
Ident = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=ID_PATTERN, max_length=120),
    Field(description="Stable identifier: lowercase letters, digits, '.', '_' and '-'."),
]


def _scalar_to_text(value: Any) -> Any:
    """Numbers written without quotes (``answer: 5``) become text; their units are checked later."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


def _version_number(value: Any) -> Any:
    """The deck reader keeps every value as written, so ``format_version: 1`` arrives as text."""
    return int(value) if isinstance(value, str) and value.strip().isdigit() else value


ScalarText = Annotated[Text, BeforeValidator(_scalar_to_text)]
# An id a card or deck had before: any case (ids were not always lowercase), so that history can follow.
_OLD = r"[A-Za-z0-9][A-Za-z0-9._-]*"
OldId = Annotated[str, StringConstraints(strip_whitespace=True, pattern=f"^{_OLD}$", max_length=120)]
OldCardId = Annotated[str, StringConstraints(strip_whitespace=True, pattern=f"^({_OLD}/)?{_OLD}$", max_length=241)]
FormatVersion = Annotated[Literal[1], BeforeValidator(_version_number)]
KINDS = ("basic", "cloze", "mcq", "multi", "numeric", "truefalse", "scenario")

# mcq / multi: why each wrong choice does not fit, keyed by the choice's text (optional).
ChoiceReasons = dict[ScalarText, Text]
WHY_NOT_CHOICES = "Optional: per wrong choice (its text as the key), why it does not fit; shown after the answer."


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Changed(Strict):
    """A fact that changed over time."""

    before: Text = Field(description="What older notes and older exam questions say.")
    now: Text = Field(description="What is true today.")
    since: ScalarText | None = Field(None, description="When it changed.")


class CardBase(Strict):
    id: Ident
    tags: list[Text] = Field(default_factory=list)
    explanation: Text = Field(description="Shown after the answer.")
    changed: Changed | None = None
    source: Text | None = None
    was: list[OldCardId] = Field(
        default_factory=list,
        description="The ids this card had before ('old-id', or 'old-deck/old-id' for a card moved in from "
        "another deck): its review history follows it.",
    )


class BasicCard(CardBase):
    kind: Literal["basic"]
    front: Text
    back: Text


class ClozeCard(CardBase):
    kind: Literal["cloze"]
    text: Text = Field(description="Text with deletions {{c1::answer}} or {{c1::answer::hint}}.")


class McqCard(CardBase):
    kind: Literal["mcq"]
    question: Text
    choices: list[ScalarText] = Field(min_length=2)
    answer: ScalarText
    shuffle: bool = True
    why_not: ChoiceReasons = Field(default_factory=dict, description=WHY_NOT_CHOICES)


class MultiCard(CardBase):
    kind: Literal["multi"]
    question: Text
    choices: list[ScalarText] = Field(min_length=3)
    answers: list[ScalarText] = Field(min_length=2)
    shuffle: bool = True
    why_not: ChoiceReasons = Field(default_factory=dict, description=WHY_NOT_CHOICES)


class NumericCard(CardBase):
    kind: Literal["numeric"]
    question: Text
    answer: ScalarText = Field(description="A number with its unit, e.g. '1 MB/s'.")
    tolerance: ScalarText | None = Field(
        None, description="Absolute, in the answer's unit, or a percentage such as '5%'."
    )


class TrueFalseCard(CardBase):
    kind: Literal["truefalse"]
    statement: Text
    answer: bool


class ScenarioCard(CardBase):
    kind: Literal["scenario"]
    situation: Text
    options: list[Ident] = Field(min_length=2, description="Service ids from the catalog.")
    answer: Ident
    why: Text = Field(description="Why the answer fits.")
    why_not: dict[Ident, Text] = Field(description="One line per other option: why it does not fit.")
    clues: list[Text] = Field(default_factory=list, description="Words of the situation that point to the answer.")


Card = Annotated[
    BasicCard | ClozeCard | McqCard | MultiCard | NumericCard | TrueFalseCard | ScenarioCard,
    Field(discriminator="kind"),
]
CARD_MODELS: dict[str, type[CardBase]] = {
    "basic": BasicCard,
    "cloze": ClozeCard,
    "mcq": McqCard,
    "multi": MultiCard,
    "numeric": NumericCard,
    "truefalse": TrueFalseCard,
    "scenario": ScenarioCard,
}


class TableRow(Strict):
    id: Ident | None = Field(
        None,
        description="Stable row id, part of its cards' ids; without it the id is derived from the feature "
        "(and editing the feature would start the row's cards over).",
    )
    feature: Text
    cells: list[ScalarText]
    explanation: Text | None = None
    ask: Literal["both", "forward", "reverse", "none"] | list[Text] = Field(
        "both",
        description="Which cards the row makes: 'forward' (what is true of each asked service), 'reverse' "
        "(which service has this value), 'both', 'none' (shown by compare, never asked), or a list of the "
        "cards: SERVICE for 'what is true of SERVICE', which.SERVICE for 'which service has SERVICE's value'.",
    )
    explain: dict[Ident, Text] = Field(
        default_factory=dict,
        description="Per service id: the explanation of that service's cell, shown with the cards about it.",
    )


class Table(Strict):
    id: Ident
    title: Text
    description: Text | None = None
    services: list[Ident] = Field(min_length=2, description="Columns: service ids from the catalog.")
    tags: list[Text] = Field(default_factory=list)
    rows: list[TableRow] = Field(min_length=1)
    ask: list[Ident] | None = Field(
        None,
        description="The columns (service ids) whose cells the rows asked 'both', 'forward' or 'reverse' ask; "
        "default: every column. [] asks only the rows that list their cards.",
    )


class DeckHeader(Strict):
    """A deck with its cards and tables left raw, so that each is validated (and reported) on its own."""

    format_version: FormatVersion
    id: Ident
    title: Text
    description: str = ""
    tags: list[Text] = Field(default_factory=list)
    facts: dict[str, ScalarText] = Field(default_factory=dict)
    was: list[OldId] = Field(
        default_factory=list, description="The ids this deck had before: every card's review history follows it."
    )
    cards: list[Any] = Field(default_factory=list)
    tables: list[Any] = Field(default_factory=list)


class Deck(DeckHeader):
    """A whole deck file. This is the model behind ``kinesis-tutor decks schema``."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="kinesis-tutor deck")
    cards: list[Card] = Field(default_factory=list)
    tables: list[Table] = Field(default_factory=list)


class Service(Strict):
    id: Ident
    name: Text
    aliases: list[Text] = Field(default_factory=list)
    formerly: Text | None = None
    purpose: Text
    signature: list[Text] = Field(
        default_factory=list,
        description="Signature vocabulary: words that belong to this service alone, so that a situation "
        "containing them gives the answer away (the bank's tests check the bundled scenarios).",
    )


class Catalog(Strict):
    format_version: FormatVersion
    services: list[Service] = Field(min_length=1)


class FactsFile(Strict):
    format_version: FormatVersion
    facts: dict[str, ScalarText]


def _numbers_are_text(node: Any) -> None:
    """A text field may be written as a bare number (``tolerance: 0``, ``front: 42``): the loader reads
    it as the text written, so the schema accepts a number wherever it accepts free text."""
    if isinstance(node, dict):
        if node.get("type") == "string" and "const" not in node and "enum" not in node:
            node["type"] = ["string", "number"]
        for value in node.values():
            _numbers_are_text(value)
    elif isinstance(node, list):
        for value in node:
            _numbers_are_text(value)


def json_schema(file_model: type[BaseModel]) -> dict[str, Any]:
    """A file format as JSON Schema draft-07, the draft editors' YAML language servers read."""
    schema = file_model.model_json_schema()
    _numbers_are_text(schema)
    return {"$schema": "http://json-schema.org/draft-07/schema#", **schema}


def deck_json_schema() -> dict[str, Any]:
    return json_schema(Deck)
