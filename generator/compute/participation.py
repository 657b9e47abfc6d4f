"""Participation: turnout and representation of each area in each consultation.

``rate`` = area participants / area population; ``representation_ratio`` = (area participants /
consultation participants) ÷ (area population / total population). The total population is the sum
over every area of ``areas`` (all of them, whether or not they took part), and an area without a
participant row counts 0 participants. A zero or missing population gives null rates and ratios;
a consultation with no participant at all gives null ratios. Rows with a missing participant count
are ignored (the area then counts 0 unless another row gives a number).
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from generator.compute import coerce


def compute_participation(tables: dict[str, pd.DataFrame], config: dict | None) -> dict:
    """Per consultation and area: participants, population, rate and representation ratio."""
    population = _population(tables.get("areas"))
    counts = _participants(tables.get("participants"))
    total_population = float(population.sum()) if population.notna().any() else None
    consultations = []
    for consultation in sorted(counts["consultation"].unique()):
        per_area = counts[counts["consultation"] == consultation].groupby("area")["participants"]
        consultations.append(
            _consultation(consultation, per_area.sum(), population, total_population)
        )
    return {"consultations": consultations}


def _population(df: pd.DataFrame | None) -> pd.Series:
    """Population indexed by area id (summed if an area appears twice)."""
    if df is None or df.empty or not {"area", "population"} <= set(df.columns):
        return pd.Series(dtype=float)
    frame = pd.DataFrame({
        "area": coerce.ids(df["area"]),
        "population": pd.to_numeric(df["population"], errors="coerce").astype(float),
    }).dropna(subset=["area"])
    return frame.groupby("area")["population"].sum(min_count=1)


def _participants(df: pd.DataFrame | None) -> pd.DataFrame:
    """Participant counts with ids as text; rows without a count are dropped."""
    columns = ["consultation", "area", "participants"]
    if df is None or df.empty or not set(columns) <= set(df.columns):
        return pd.DataFrame({col: pd.Series(dtype=object) for col in columns})
    frame = pd.DataFrame({
        "consultation": coerce.ids(df["consultation"]),
        "area": coerce.ids(df["area"]),
        "participants": pd.to_numeric(df["participants"], errors="coerce").astype(float),
    })
    return frame.dropna()


def _consultation(consultation: str, participants: pd.Series, population: pd.Series,
                  total_population: float | None) -> dict[str, Any]:
    """One consultation: every known area (0 participants when absent), sorted by area id."""
    areas = pd.DataFrame(index=sorted(set(population.index) | set(participants.index)))
    areas["participants"] = participants.reindex(areas.index).fillna(0.0)
    areas["population"] = population.reindex(areas.index)
    total = float(areas["participants"].sum())
    pop = areas["population"].where(areas["population"] > 0)
    areas["rate"] = areas["participants"] / pop
    participant_share = areas["participants"] / total if total > 0 else math.nan
    population_share = pop / total_population if total_population else math.nan
    areas["representation_ratio"] = participant_share / population_share
    return {
        "consultation": consultation,
        "total_participants": _count(total),
        "population": _count(total_population),
        "total_rate": coerce.number(total / total_population) if total_population else None,
        "areas": [
            {
                "area": area,
                "rate": coerce.number(row.rate),
                "representation_ratio": coerce.number(row.representation_ratio),
                "participants": _count(row.participants),
                "population": _count(row.population),
            }
            for area, row in areas.iterrows()
        ],
    }


def _count(value: Any) -> int | float | None:
    """A head count: int when integral."""
    number = coerce.number(value)
    return int(number) if number is not None and number.is_integer() else number
