"""Interface strings of the generated pages, in French and English."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "home": {"fr": "Accueil", "en": "Home"},
    "home_title": {"fr": "Les données publiques de la ville", "en": "The city's public data"},
    "data": {"fr": "Données", "en": "Data"},
    "catalogue_title": {"fr": "Catalogue des données", "en": "Data catalogue"},
    "catalogue_intro": {
        "fr": "Tous les jeux de données publiés, avec leur dictionnaire, leurs fichiers "
        "d'origine, une version Parquet, une archive zip et leurs empreintes SHA-256.",
        "en": "Every published dataset, with its data dictionary, original files, a Parquet "
        "version, a zip archive and SHA-256 checksums.",
    },
    "search_label": {"fr": "Rechercher un jeu de données", "en": "Search the datasets"},
    "search_placeholder": {"fr": "mot-clé, titre…", "en": "keyword, title…"},
    "theme_filter": {"fr": "Thème", "en": "Theme"},
    "all_themes": {"fr": "Tous les thèmes", "en": "All themes"},
    "results_count": {"fr": "jeu(x) affiché(s)", "en": "dataset(s) shown"},
    "no_results": {"fr": "Aucun jeu ne correspond.", "en": "No dataset matches."},
    "resources_count": {"fr": "ressource(s)", "en": "resource(s)"},
    "updated": {"fr": "Mise à jour", "en": "Updated"},
    "licence": {"fr": "Licence", "en": "Licence"},
    "no_licence": {"fr": "aucune licence déclarée", "en": "no licence declared"},
    "version": {"fr": "Version", "en": "Version"},
    "sources": {"fr": "Sources", "en": "Sources"},
    "contributors": {"fr": "Contributeurs", "en": "Contributors"},
    "keywords": {"fr": "Mots-clés", "en": "Keywords"},
    "temporal": {"fr": "Couverture temporelle", "en": "Temporal coverage"},
    "identifier": {"fr": "Identifiant", "en": "Identifier"},
    "homepage": {"fr": "Page d'origine", "en": "Original page"},
    "downloads": {"fr": "Téléchargements", "en": "Downloads"},
    "file": {"fr": "Fichier", "en": "File"},
    "format": {"fr": "Format", "en": "Format"},
    "size": {"fr": "Taille", "en": "Size"},
    "checksum": {"fr": "SHA-256", "en": "SHA-256"},
    "dl_descriptor": {
        "fr": "Descripteur Data Package (avec tailles et empreintes)",
        "en": "Data Package descriptor (with sizes and checksums)",
    },
    "dl_zip": {"fr": "Archive complète du jeu de données", "en": "Whole dataset archive"},
    "dl_original": {"fr": "Fichier d'origine", "en": "Original file"},
    "dl_parquet": {"fr": "Version Parquet (colonnes typées)", "en": "Parquet version (typed "
                   "columns)"},
    "resource": {"fr": "Ressource", "en": "Resource"},
    "rows_bytes": {"fr": "{rows} lignes de données, {bytes}.", "en": "{rows} data rows, {bytes}."},
    "dictionary": {"fr": "Dictionnaire des données", "en": "Data dictionary"},
    "dictionary_caption": {"fr": "Champs de la ressource « {name} »",
                           "en": "Fields of resource \"{name}\""},
    "field": {"fr": "Champ", "en": "Field"},
    "type": {"fr": "Type", "en": "Type"},
    "unit": {"fr": "Unité", "en": "Unit"},
    "description": {"fr": "Description", "en": "Description"},
    "constraints": {"fr": "Contraintes", "en": "Constraints"},
    "missing_values": {"fr": "Valeurs manquantes", "en": "Missing values"},
    "empty_string": {"fr": "(vide)", "en": "(empty)"},
    "preview": {"fr": "Aperçu", "en": "Preview"},
    "preview_caption": {"fr": "Les {count} premières lignes de « {name} » (sur {total})",
                        "en": "The first {count} rows of \"{name}\" (out of {total})"},
    "chart": {"fr": "Graphique", "en": "Chart"},
    "cite": {"fr": "Comment citer", "en": "How to cite"},
    "demo_title": {"fr": "Données de démonstration", "en": "Demonstration data"},
    "primary_key": {"fr": "Clé primaire", "en": "Primary key"},
    "foreign_keys": {"fr": "Clés étrangères", "en": "Foreign keys"},
    "references": {"fr": "fait référence à", "en": "refers to"},
    "quality_title": {"fr": "Qualité des données", "en": "Data quality"},
    "quality_intro": {
        "fr": "Avertissements relevés sur les données publiées. Ils n'empêchent pas la "
        "publication mais signalent ce qui mérite une vérification.",
        "en": "Warnings found in the published data. They do not block publication but "
        "point at what deserves a check.",
    },
    "quality_none": {"fr": "Aucun avertissement : toutes les données publiées passent les "
                     "contrôles.", "en": "No warning: all published data passes the checks."},
    "quality_code": {"fr": "Code", "en": "Code"},
    "quality_where": {"fr": "Emplacement", "en": "Location"},
    "quality_message": {"fr": "Message", "en": "Message"},
    "home_intro": {
        "fr": "Ce site publie les données de la ville : budget climat, budget vert, "
        "indicateurs, énergie des bâtiments publics, participation citoyenne, et chaque jeu "
        "de données avec ses fichiers. Chaque chiffre renvoie à ses données.",
        "en": "This site publishes the city's data: climate budget, green budget, indicators, "
        "energy use of public buildings, citizen participation, and every dataset with its "
        "files. Every figure links to its data.",
    },
    "sections": {"fr": "Rubriques", "en": "Sections"},
    "datasets_count": {"fr": "{count} jeux de données publiés", "en": "{count} datasets published"},
    "quality_link": {"fr": "Qualité des données", "en": "Data quality"},
    "yes": {"fr": "oui", "en": "yes"},
    "no": {"fr": "non", "en": "no"},
    "required": {"fr": "obligatoire", "en": "required"},
    "unique": {"fr": "unique", "en": "unique"},
    "chart_line": {"fr": "Évolution de « {y} » selon « {x} »", "en": "\"{y}\" over \"{x}\""},
    "chart_bar": {"fr": "« {y} » par « {x} »", "en": "\"{y}\" by \"{x}\""},
    "chart_per_month": {"fr": "(total par mois)", "en": "(monthly totals)"},
    "chart_per_year": {"fr": "(total par année)", "en": "(yearly totals)"},
    "chart_per_last": {"fr": "({n} dernières valeurs)", "en": "(last {n} values)"},
    "chart_series": {"fr": "par « {s} »", "en": "by \"{s}\""},
    "chart_summed": {"fr": "(somme des lignes de chaque « {x} »)",
                     "en": "(sum of the rows of each \"{x}\")"},
    "chart_bar_count": {"fr": "Nombre de lignes par « {x} »", "en": "Number of rows by \"{x}\""},
    "chart_summary": {
        "fr": "{kind} de {n} points ; minimum {min}, maximum {max}.",
        "en": "{kind} of {n} points; minimum {min}, maximum {max}.",
    },
    "kind_line": {"fr": "Courbe", "en": "Line chart"},
    "kind_bar": {"fr": "Diagramme en barres", "en": "Bar chart"},
}


def phrase(table: dict[str, dict[str, str]], key: str, lang: str, /, **values: object) -> str:
    """One string of a bilingual table, with `{placeholders}` filled when values are given."""
    text = table[key][lang]
    return text.format(**values) if values else text


def phrases(table: dict[str, dict[str, str]], lang: str) -> dict[str, str]:
    """Every string of a bilingual table in one language (for the templates)."""
    return {key: value[lang] for key, value in table.items()}


def t(key: str, lang: str, **values: object) -> str:
    """One interface string, with `{placeholders}` filled."""
    return phrase(STRINGS, key, lang, **values)
