"""The exact text, exit codes and formats of `tdh validate`."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from tests.conftest import simple_descriptor


@pytest.fixture
def in_tmp(tmp_path: Path):
    old = Path.cwd()
    os.chdir(tmp_path)
    yield tmp_path
    os.chdir(old)


def invoke(*args: str):
    return CliRunner().invoke(cli, ["validate", *args])


def test_valid_package_exit_0(in_tmp, make_package) -> None:
    make_package(simple_descriptor(), {"data.csv": "id,label,value\n1,a,1.5\n"})
    result = invoke()
    assert result.exit_code == 0
    assert result.output == (
        "1 jeu(x) de données vérifié(s) : 0 erreur(s), 0 avertissement(s).\n\n"
        "✓ pkg : valide\n\n"
        "Résultat : les données sont valides.\n"
    )


def test_decimal_comma_exact_text_in_both_languages(in_tmp, make_package) -> None:
    make_package(simple_descriptor(), {"data.csv": "id,label,value\n1,a,\"12,5\"\n"})
    result = invoke()
    assert result.exit_code == 1
    assert result.output == (
        "1 jeu(x) de données vérifié(s) : 1 erreur(s), 0 avertissement(s).\n\n"
        "✗ pkg : 1 erreur(s), 0 avertissement(s)\n"
        "  data (datapackages/pkg/data.csv)\n"
        "    ✗ [type-error] datapackages/pkg/data.csv, ligne 2, colonne « value » : la valeur "
        "« 12,5 » n'est pas du type attendu « number ». La valeur utilise une virgule décimale"
        " : remplacez-la par un point, ou déclarez \"decimalChar\": \",\" sur le champ dans le"
        " schéma.\n\n"
        "Résultat : les données ne sont pas valides. Corrigez les erreurs ci-dessus, puis "
        "relancez « tdh validate ».\n"
    )
    english = invoke("--lang", "en")
    assert english.exit_code == 1
    assert (
        "    ✗ [type-error] datapackages/pkg/data.csv, row 2, column \"value\": the value "
        "\"12,5\" is not of the expected type \"number\". The value uses a decimal comma: "
        "replace it with a point, or declare \"decimalChar\": \",\" on the field in the "
        "schema.\n"
    ) in english.output


def test_windows_1252_hint(in_tmp, make_package) -> None:
    data = "id,label,value\n1,Fontenay-aux-Roses été,1\n".encode("cp1252")
    make_package(simple_descriptor(), {"data.csv": data})
    result = invoke("--format", "json")
    assert result.exit_code == 0  # frictionless detects the encoding, as it does
    issues = json.loads(result.output)["packages"][0]["issues"]
    assert [(i["code"], i["severity"]) for i in issues] == [("encoding-undeclared", "warning")]
    assert "windows-1252" in issues[0]["message"]["fr"]


def test_semicolon_hint(in_tmp, make_package) -> None:
    make_package(simple_descriptor(), {"data.csv": "id;label;value\n1;a;2\n"})
    result = invoke("--format", "json")
    assert result.exit_code == 0  # frictionless detects the delimiter, as it does
    issues = json.loads(result.output)["packages"][0]["issues"]
    assert [i["code"] for i in issues] == ["dialect-undeclared"]
    assert '"dialect": {"delimiter": ";"}' in issues[0]["message"]["en"]


def test_max_issues_caps_text_but_not_json(in_tmp, make_package) -> None:
    rows = "".join(f"{i},a,x{i}\n" for i in range(1, 121))
    make_package(simple_descriptor(), {"data.csv": "id,label,value\n" + rows})
    result = invoke("--max-issues", "5")
    assert result.exit_code == 1
    assert result.output.count("[type-error]") == 5
    assert "… et 115 autre(s), non affiché(s) (--max-issues 5 ; --format json les liste tous)" \
        in result.output
    assert "par code : type-error × 120" in result.output
    data = json.loads(invoke("--format", "json").output)
    assert data["error_count"] == 120


def test_github_annotations(in_tmp, make_package) -> None:
    make_package(simple_descriptor(), {"data.csv": "id,label,value\n1,a,x\n"})
    result = invoke("--format", "github", "--lang", "en")
    assert result.exit_code == 1
    line = result.output.strip()
    assert line.startswith("::error file=datapackages/pkg/data.csv,line=2,title=type-error::")
    assert "\n" not in line


def test_strict_turns_warnings_into_failure(in_tmp, make_package) -> None:
    descriptor = simple_descriptor()
    del descriptor["licenses"]
    make_package(descriptor, {"data.csv": "id,label,value\n1,=SUM(A1),1\n"})
    relaxed = invoke("--format", "json")
    assert relaxed.exit_code == 0
    codes = sorted(i["code"] for i in json.loads(relaxed.output)["packages"][0]["issues"])
    assert codes == ["formula-cell", "license-missing"]
    assert invoke("--strict").exit_code == 1


def test_usage_errors_exit_2(in_tmp) -> None:
    assert invoke("does-not-exist").exit_code == 2
    assert invoke("--format", "xml").exit_code == 2
    (in_tmp / "empty").mkdir()
    assert invoke("empty").exit_code == 2


def test_python_dash_m_is_the_same_program(in_tmp, make_package) -> None:
    import subprocess
    import sys

    make_package(simple_descriptor(), {"data.csv": "id,label,value\n1,a,1.5\n"})
    done = subprocess.run([sys.executable, "-m", "generator", "validate"], capture_output=True,
                          text=True)
    assert done.returncode == 0
    assert "✓ pkg : valide" in done.stdout
