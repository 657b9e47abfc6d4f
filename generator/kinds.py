"""The data kinds a package can opt into with `"tdh": {"kind": …}` (DESIGN.md, "Data kinds")."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Kind:
    """What a kind requires: resources with their fields, and the allowed codes of some fields."""

    name: str
    section: str
    required: dict[str, tuple[str, ...]]
    optional: dict[str, tuple[str, ...]] = field(default_factory=dict)
    codes: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)


AXES = ("attenuation", "adaptation", "eau", "economie-circulaire", "pollutions", "biodiversite")
RATINGS = ("tres-favorable", "plutot-favorable", "neutre", "defavorable", "indefini", "non-cote")
DIRECTIONS = ("increase", "decrease", "maintain")

KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind(
            "climate-budget",
            section="budget-climat",
            required={
                "emissions": ("year", "sector", "tco2e"),
                "targets": ("year", "reduction_rate"),
            },
            optional={"population": ("year", "population")},
        ),
        Kind(
            "green-budget",
            section="budget-vert",
            required={
                "budget": ("line_id", "BGT_ANNEE", "BGT_NATDEC", "BGT_SECTION", "BGT_OPBUDG",
                           "BGT_CODRD", "BGT_NATURE"),
                "ratings": ("line_id", "axis", "rating", "weight"),
            },
            codes={("ratings", "axis"): AXES, ("ratings", "rating"): RATINGS},
        ),
        Kind(
            "kpis",
            section="indicateurs",
            required={
                "indicators": ("kpi_id", "label", "unit", "direction", "baseline_year",
                               "baseline_value", "target_year", "target_value"),
                "observations": ("kpi_id", "period", "value"),
            },
            codes={("indicators", "direction"): DIRECTIONS},
        ),
        Kind(
            "building-energy",
            section="energie",
            required={
                "buildings": ("building_id", "name", "use", "floor_area_m2"),
                "readings": ("building_id", "energy", "period_start", "period_end", "kwh"),
                "degree_days": ("month", "dju"),
                "emission_factors": ("energy", "kgco2e_per_kwh", "source"),
            },
        ),
        Kind(
            "participation",
            section="participation",
            required={
                "areas": ("area", "population"),
                "participants": ("consultation", "area", "participants"),
            },
        ),
    )
}
