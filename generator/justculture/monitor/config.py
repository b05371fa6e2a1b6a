"""The monitor's small YAML config, read with the spec's strict loader.

```yaml
title: Who enters the formal disciplinary process   # optional
organisation: Example NHS Trust                      # optional
process: the formal disciplinary process             # what the first stage enters
dimension: ethnicity                                 # when the counts have no dimension column
reference:                                           # each dimension's comparison group
  ethnicity: White
  disability: Non-disabled
stages: [entered, investigated, suspended, hearing, sanctioned, dismissed]
small_numbers: 10                                    # counts below this are not shown
range: {low: 0.8, high: 1.25}                        # the "non-adverse" target range
```

Every setting is optional. A problem is a located ``DataError`` (JC711); YAML that cannot be
parsed is the loader's own located ``SpecError`` (JC1xx).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import DataError
from ..loading import SourceFile, read_yaml
from .stats import DEFAULT_BAND, DEFAULT_THRESHOLD

# The stages a trust may count, in the order they happen; a file may hold any of them.
DEFAULT_STAGES = ("entered", "investigated", "suspended", "hearing", "sanctioned", "dismissed")
# The words for each stage in the report and on the site's page (monitor.js has the same).
STAGE_LABELS = {
    "entered": "Entered the process",
    "investigated": "Investigated",
    "suspended": "Suspended",
    "hearing": "Went to a hearing",
    "sanctioned": "Given a sanction",
    "dismissed": "Dismissed",
}
DEFAULT_REFERENCES = {"ethnicity": "White", "disability": "Non-disabled"}
DEFAULT_PROCESS = "the formal disciplinary process"
DEFAULT_TITLE = "Who enters the formal disciplinary process"
_KEYS = (
    "title",
    "organisation",
    "process",
    "dimension",
    "reference",
    "stages",
    "small_numbers",
    "range",
)
_TEXT_LIMIT = 200


@dataclass(frozen=True)
class MonitorConfig:
    title: str = DEFAULT_TITLE
    organisation: str = ""
    process: str = DEFAULT_PROCESS
    dimension: str = "ethnicity"
    references: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_REFERENCES))
    stages: tuple[str, ...] = DEFAULT_STAGES
    threshold: int = DEFAULT_THRESHOLD
    band: tuple[float, float] = DEFAULT_BAND
    source: str = ""  # the config file's name, or "" for the defaults

    def stage_label(self, stage: str) -> str:
        return STAGE_LABELS.get(stage, stage.replace("_", " ").capitalize())

    def reference_for(self, dimension: str, groups: list[str]) -> str | None:
        """The dimension's reference group as the data spells it (compared ignoring case)."""
        wanted = self.references.get(dimension, self.references.get(dimension.casefold()))
        if wanted is None:
            return None
        return next((group for group in groups if group.casefold() == wanted.casefold()), None)


def read_config(path: Path | None) -> MonitorConfig:
    """The config at ``path``, or the defaults when there is none."""
    if path is None:
        return MonitorConfig()
    source = read_yaml(path)
    data = source.data
    if not isinstance(data, dict):
        raise _error(
            source, "", "the config must be a mapping of settings, such as 'small_numbers: 10'"
        )
    for key in data:
        if key not in _KEYS:
            raise _error(
                source, f"/{key}", f"'{key}' is not a setting; use: {', '.join(_KEYS)}", key=True
            )
    low, high = _band(source, data.get("range"))
    return MonitorConfig(
        title=_text(source, data, "title", DEFAULT_TITLE),
        organisation=_text(source, data, "organisation", ""),
        process=_text(source, data, "process", DEFAULT_PROCESS),
        dimension=_text(source, data, "dimension", "ethnicity"),
        references=_references(source, data.get("reference")),
        stages=_stages(source, data.get("stages")),
        threshold=_threshold(source, data.get("small_numbers")),
        band=(low, high),
        source=source.display,
    )


def _error(source: SourceFile, pointer: str, message: str, *, key: bool = False) -> DataError:
    return source.located(DataError, "JC711", message, pointer, key=key)


def _text(source: SourceFile, data: Mapping[str, Any], key: str, default: str) -> str:
    if key not in data:
        return default
    value = data[key]
    if not isinstance(value, str) or not value.strip() or len(value) > _TEXT_LIMIT:
        raise _error(source, f"/{key}", f"'{key}' must be text of 1 to {_TEXT_LIMIT} characters")
    return value.strip()


def _references(source: SourceFile, value: Any) -> dict[str, str]:
    if value is None:
        return dict(DEFAULT_REFERENCES)
    if not isinstance(value, dict) or not value:
        raise _error(
            source,
            "/reference",
            "'reference' must map each dimension to its reference group, such as 'ethnicity: White'",
        )
    for dimension, group in value.items():
        if not isinstance(group, str) or not group.strip():
            raise _error(
                source,
                f"/reference/{dimension}",
                f"the reference group for '{dimension}' must be a group's name",
            )
    return {str(dimension): str(group).strip() for dimension, group in value.items()}


def _stages(source: SourceFile, value: Any) -> tuple[str, ...]:
    if value is None:
        return DEFAULT_STAGES
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
        raise _error(
            source, "/stages", "'stages' must be a list of column names, starting with 'entered'"
        )
    names = tuple(str(v).strip().casefold() for v in value)
    if names[0] != "entered":
        raise _error(
            source,
            "/stages/0",
            "the first stage must be 'entered': the ratio WRES indicator 3 reports",
        )
    if len(set(names)) != len(names):
        raise _error(source, "/stages", "each stage may be listed once")
    return names


def _threshold(source: SourceFile, value: Any) -> int:
    if value is None:
        return DEFAULT_THRESHOLD
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 1000:
        raise _error(
            source, "/small_numbers", "'small_numbers' must be a whole number from 1 to 1000"
        )
    return value


def _band(source: SourceFile, value: Any) -> tuple[float, float]:
    if value is None:
        return DEFAULT_BAND
    if not isinstance(value, dict) or set(value) != {"low", "high"}:
        raise _error(
            source, "/range", "'range' must give 'low' and 'high', such as {low: 0.8, high: 1.25}"
        )
    low, high = value["low"], value["high"]
    numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in (low, high))
    if not numbers or not 0 < low < 1 < high:
        raise _error(
            source,
            "/range",
            "'range' needs numbers with low below 1 and high above 1, such as 0.8 and 1.25",
        )
    return float(low), float(high)
