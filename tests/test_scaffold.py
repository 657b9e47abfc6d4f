"""`tdh new` scaffolds a package that validates, with an inferred schema."""

from __future__ import annotations

import json
import os
from pathlib import Path

from click.testing import CliRunner

from generator.cli import cli


def test_new_package_from_a_french_csv(tmp_path: Path) -> None:
    csv = tmp_path / "mesures.csv"
    csv.write_text("annee;valeur;commune\n2023;1,5;Issy\n2024;2,5;Issy\n", encoding="utf-8")
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        created = CliRunner().invoke(cli, ["new", "mesures", "--from", str(csv)])
        assert created.exit_code == 0, created.output
        assert created.output.startswith("Jeu créé dans ")
        folder = tmp_path / "datapackages" / "mesures"
        assert (folder / "mesures.csv").read_bytes() == csv.read_bytes()
        descriptor = json.loads((folder / "datapackage.json").read_text())
        fields = {f["name"]: f for f in descriptor["resources"][0]["schema"]["fields"]}
        assert fields["annee"]["type"] == "integer"
        assert (fields["valeur"]["type"], fields["valeur"]["decimalChar"]) == ("number", ",")
        assert descriptor["resources"][0]["dialect"] == {"delimiter": ";"}
        assert CliRunner().invoke(cli, ["validate", str(folder)]).exit_code == 0
        again = CliRunner().invoke(cli, ["new", "mesures", "--from", str(csv), "--lang", "en"])
        assert again.exit_code == 2
        assert "already exists" in again.output
        bad = CliRunner().invoke(cli, ["new", "Mes Mesures", "--from", str(csv)])
        assert bad.exit_code == 2 and "n'est pas un nom de jeu valide" in bad.output
    finally:
        os.chdir(old)
