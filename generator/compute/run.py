"""Run the computation of each package's kind (pure: tables in, results out)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any, Callable

from generator.cache import cached
from generator.kinds import KINDS
from generator.progress import step


@dataclass(frozen=True)
class KindResult:
    """The computed figures of one package, as published in `api/<api_name>.json`."""

    package: str
    kind: str
    api_name: str
    data: dict[str, Any]


API_NAMES = {
    "climate-budget": "climate-budget",
    "green-budget": "green-budget",
    "kpis": "kpis",
    "building-energy": "energy",
    "participation": "participation",
}


def _compute_function(kind: str) -> Callable[[dict[str, Any], dict[str, Any]], dict[str, Any]]:
    if kind == "climate-budget":
        from generator.compute.climate_budget import compute_climate_budget as function
    elif kind == "green-budget":
        from generator.compute.green_budget import compute_green_budget as function
    elif kind == "kpis":
        from generator.compute.kpis import compute_kpis as function
    elif kind == "building-energy":
        from generator.compute.energy import compute_energy as function
    else:
        from generator.compute.participation import compute_participation as function
    return function


def _compute(function: Callable[..., dict[str, Any]], validated: Any, name: str,
             config: dict[str, Any]) -> dict[str, Any]:
    """One package's figures, from its tables without the row numbers."""
    tables = {k: v.drop(columns="_row") for k, v in validated.tables[name].items()}
    return function(tables, config)


def compute_results(validated: Any) -> dict[str, KindResult]:
    """Package name -> its computed result, for every valid package that declares a kind."""
    results = {}
    with step("compute", len(validated.tables)) as advance:
        for name in sorted(validated.tables):
            advance()
            config = validated.sources[name].descriptor.get("tdh") or {}
            kind = config.get("kind")
            if kind not in KINDS:
                continue
            function = _compute_function(kind)
            fingerprint = validated.fingerprints.get(name)
            make = partial(_compute, function, validated, name, config)
            data = cached("compute", (fingerprint, name), make, known=bool(fingerprint))
            results[name] = KindResult(package=name, kind=kind, api_name=API_NAMES[kind],
                                       data=data)
    return results
