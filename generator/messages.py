"""The message catalogue: every user-facing sentence about data, in French and English.

Each code has a template per language with the same placeholders. `{where}` is filled with
the location (file, row, field) so that every message names it; a `hint` parameter adds
the fix that applies to this case (see HINTS).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from generator.model import Issue

LANGS = ("fr", "en")

MESSAGES: dict[str, dict[str, str]] = {
    # Descriptor and files: our own codes.
    "descriptor-missing": {
        "fr": "{where} : aucun fichier datapackage.json dans ce dossier. Ajoutez un "
        "datapackage.json qui décrit le jeu de données (voir docs/guide/ajouter-un-jeu.md).",
        "en": "{where}: no datapackage.json in this folder. Add a datapackage.json that "
        "describes the dataset (see docs/guide/ajouter-un-jeu.md).",
    },
    "descriptor-not-json": {
        "fr": "{where} : le fichier n'est pas du JSON valide (ligne {line}, colonne {column} : "
        "{detail}). Vérifiez les virgules, guillemets et accolades autour de cet endroit.",
        "en": "{where}: the file is not valid JSON (line {line}, column {column}: {detail}). "
        "Check the commas, quotes and braces around that place.",
    },
    "descriptor-not-object": {
        "fr": "{where} : le descripteur doit être un objet JSON ({{ … }}), pas {detail}.",
        "en": "{where}: the descriptor must be a JSON object ({{ … }}), not {detail}.",
    },
    "descriptor-too-deep": {
        "fr": "{where} : le JSON est imbriqué sur plus de {limit} niveaux. Simplifiez le "
        "descripteur.",
        "en": "{where}: the JSON is nested more than {limit} levels deep. Simplify the "
        "descriptor.",
    },
    "package-name-missing": {
        "fr": "{where} : le jeu de données n'a pas de « name ». Ajoutez \"name\": \"{suggestion}\" "
        "(minuscules, chiffres, tirets).",
        "en": "{where}: the package has no \"name\". Add \"name\": \"{suggestion}\" "
        "(lower case, digits, hyphens).",
    },
    "package-name-invalid": {
        "fr": "{where} : le nom « {value} » n'est pas utilisable dans une adresse web. Utilisez "
        "seulement des minuscules, chiffres, « - », « _ » et « . », par exemple « {suggestion} ».",
        "en": "{where}: the name \"{value}\" cannot be used in a web address. Use only lower "
        "case letters, digits, \"-\", \"_\" and \".\", for example \"{suggestion}\".",
    },
    "package-name-duplicate": {
        "fr": "{where} : le nom « {value} » est aussi celui du jeu de données du dossier "
        "{other}. Chaque jeu doit avoir un nom unique : renommez l'un des deux.",
        "en": "{where}: the name \"{value}\" is also the name of the package in folder "
        "{other}. Every package needs a unique name: rename one of them.",
    },
    "resources-missing": {
        "fr": "{where} : le jeu de données ne déclare aucune ressource. Ajoutez une liste "
        "\"resources\" avec au moins un fichier.",
        "en": "{where}: the package declares no resource. Add a \"resources\" list with at "
        "least one file.",
    },
    "resource-invalid": {
        "fr": "{where} : la ressource n° {index} n'est pas un objet JSON avec un « name » et "
        "un « path ». Corrigez-la dans datapackage.json.",
        "en": "{where}: resource number {index} is not a JSON object with a \"name\" and a "
        "\"path\". Fix it in datapackage.json.",
    },
    "resource-path-missing": {
        "fr": "{where} : la ressource « {resource} » n'a ni « path » ni « data ». Indiquez le "
        "chemin du fichier, relatif au dossier du jeu de données.",
        "en": "{where}: resource \"{resource}\" has neither \"path\" nor \"data\". Give the "
        "file's path, relative to the package folder.",
    },
    "resource-path-url": {
        "fr": "{where} : « {value} » est une adresse web. La publication ne lit rien sur le "
        "réseau : téléchargez le fichier dans le dossier du jeu de données et indiquez son "
        "chemin relatif.",
        "en": "{where}: \"{value}\" is a web address. Publishing reads nothing from the "
        "network: download the file into the package folder and give its relative path.",
    },
    "resource-path-absolute": {
        "fr": "{where} : le chemin « {value} » est absolu. Placez le fichier dans le dossier "
        "du jeu de données et donnez un chemin relatif (par exemple « data/fichier.csv »).",
        "en": "{where}: the path \"{value}\" is absolute. Put the file in the package folder "
        "and give a relative path (for example \"data/file.csv\").",
    },
    "resource-path-outside": {
        "fr": "{where} : le chemin « {value} » sort du dossier du jeu de données (« .. » ou "
        "lien symbolique). Copiez le fichier dans le dossier du jeu et indiquez son chemin "
        "relatif.",
        "en": "{where}: the path \"{value}\" leaves the package folder (\"..\" or a symbolic "
        "link). Copy the file into the package folder and give its relative path.",
    },
    "resource-file-missing": {
        "fr": "{where} : le fichier « {value} » est introuvable. Vérifiez l'orthographe du "
        "chemin (majuscules comprises) ou ajoutez le fichier.",
        "en": "{where}: the file \"{value}\" does not exist. Check the path's spelling "
        "(letter case included) or add the file.",
    },
    "resource-file-empty": {
        "fr": "{where} : le fichier est vide. Exportez à nouveau les données, avec la ligne "
        "d'en-tête.",
        "en": "{where}: the file is empty. Export the data again, with the header row.",
    },
    "resource-file-too-large": {
        "fr": "{where} : le fichier fait {size} octets, plus que la limite de {limit} octets. "
        "Découpez-le ou augmentez « max_file_bytes » dans mkdocs.yml.",
        "en": "{where}: the file is {size} bytes, over the {limit}-byte limit. Split it or "
        "raise \"max_file_bytes\" in mkdocs.yml.",
    },
    "descriptor-unreadable": {
        "fr": "{where} : le fichier ne peut pas être lu ({detail}). Vérifiez ses droits "
        "d'accès.",
        "en": "{where}: the file cannot be read ({detail}). Check its access rights.",
    },
    "resource-file-unreadable": {
        "fr": "{where} : le fichier ne peut pas être lu ({detail}). Vérifiez ses droits "
        "d'accès.",
        "en": "{where}: the file cannot be read ({detail}). Check its access rights.",
    },
    "descriptor-yaml": {
        "fr": "{where} : tdh lit le descripteur dans datapackage.json, pas en YAML. Convertissez "
        "ce fichier en JSON (mêmes clés, mêmes valeurs) et enregistrez-le sous le nom "
        "datapackage.json.",
        "en": "{where}: tdh reads the descriptor from datapackage.json, not from YAML. Convert "
        "this file to JSON (same keys, same values) and save it as datapackage.json.",
    },
    "resource-archive-too-large": {
        "fr": "{where} : une fois décompressée, l'archive ferait {size} octets ou plus, au-delà "
        "de la limite de {limit} octets ; elle n'a pas été décompressée. Publiez le fichier "
        "non compressé, découpez-le ou augmentez « max_file_bytes » dans mkdocs.yml.",
        "en": "{where}: once expanded, the archive would be {size} bytes or more, over the "
        "{limit}-byte limit; it was not expanded. Publish the file uncompressed, split it or "
        "raise \"max_file_bytes\" in mkdocs.yml.",
    },
    "resource-line-too-long": {
        "fr": "{where} : cette ligne dépasse {limit} octets ; le fichier n'a pas été lu. Un "
        "fichier sans retour à la ligne, ou qui n'est pas un CSV, en est la cause habituelle : "
        "vérifiez le format du fichier et ses fins de ligne.",
        "en": "{where}: this line is longer than {limit} bytes; the file was not read. A file "
        "without line breaks, or one that is not a CSV, is the usual cause: check the file's "
        "format and line endings.",
    },
    "resource-too-many-columns": {
        "fr": "{where} : l'en-tête compte {count} colonnes, plus que les {limit} qu'un tableur "
        "peut ouvrir ; le fichier n'a pas été lu. Vérifiez le séparateur, ou découpez le "
        "tableau.",
        "en": "{where}: the header has {count} columns, more than the {limit} a spreadsheet "
        "can open; the file was not read. Check the delimiter, or split the table.",
    },
    "resource-name-duplicate": {
        "fr": "{where} : deux ressources s'appellent « {value} ». Donnez à chacune un nom "
        "unique.",
        "en": "{where}: two resources are named \"{value}\". Give each one a unique name.",
    },
    "unknown-kind": {
        "fr": "{where} : le type « {value} » de \"tdh.kind\" est inconnu. Types possibles : "
        "{allowed}. Supprimez \"kind\" pour une simple publication.",
        "en": "{where}: \"{value}\" is not a known \"tdh.kind\". Known kinds: {allowed}. "
        "Remove \"kind\" for a plain publication.",
    },
    # Frictionless findings: same codes as frictionless-py.
    "package-error": {
        "fr": "{where} : le descripteur du jeu de données est invalide : {note}. Corrigez "
        "datapackage.json.",
        "en": "{where}: the package descriptor is invalid: {note}. Fix datapackage.json.",
    },
    "resource-error": {
        "fr": "{where} : la description de la ressource est invalide : {note}.",
        "en": "{where}: the resource description is invalid: {note}.",
    },
    "schema-error": {
        "fr": "{where} : le schéma (Table Schema) est invalide : {note}. Corrigez \"schema\" "
        "dans datapackage.json.",
        "en": "{where}: the Table Schema is invalid: {note}. Fix \"schema\" in "
        "datapackage.json.",
    },
    "field-error": {
        "fr": "{where} : la description du champ est invalide : {note}.",
        "en": "{where}: the field description is invalid: {note}.",
    },
    "dialect-error": {
        "fr": "{where} : le dialecte CSV est invalide : {note}.",
        "en": "{where}: the CSV dialect is invalid: {note}.",
    },
    "source-error": {
        "fr": "{where} : le fichier ne peut pas être lu : {note}.",
        "en": "{where}: the file cannot be read: {note}.",
    },
    "scheme-error": {
        "fr": "{where} : le fichier ne peut pas être ouvert : {note}.",
        "en": "{where}: the file cannot be opened: {note}.",
    },
    "format-error": {
        "fr": "{where} : le format du fichier n'est pas reconnu ou pas lisible : {note}. "
        "Vérifiez que c'est bien un CSV (ou déclarez \"format\").",
        "en": "{where}: the file format is not recognised or cannot be read: {note}. Check "
        "that it really is a CSV (or declare \"format\").",
    },
    "encoding-error": {
        "fr": "{where} : le fichier n'est pas lisible dans l'encodage attendu ({note}). "
        "Réenregistrez-le en « CSV UTF-8 » ou déclarez son encodage, par exemple "
        "\"encoding\": \"windows-1252\", dans la ressource.",
        "en": "{where}: the file cannot be read with the expected encoding ({note}). Save "
        "it again as \"CSV UTF-8\" or declare its encoding, for example "
        "\"encoding\": \"windows-1252\", on the resource.",
    },
    "compression-error": {
        "fr": "{where} : l'archive compressée est illisible : {note}.",
        "en": "{where}: the compressed file cannot be read: {note}.",
    },
    "hash-count": {
        "fr": "{where} : l'empreinte du fichier ne correspond pas à celle déclarée : {note}. "
        "Mettez à jour \"hash\" ou retirez-le.",
        "en": "{where}: the file's hash does not match the declared one: {note}. Update "
        "\"hash\" or remove it.",
    },
    "byte-count": {
        "fr": "{where} : la taille du fichier ne correspond pas à celle déclarée : {note}. "
        "Mettez à jour \"bytes\" ou retirez-le.",
        "en": "{where}: the file size does not match the declared one: {note}. Update "
        "\"bytes\" or remove it.",
    },
    "field-count": {
        "fr": "{where} : le nombre de colonnes ne correspond pas au schéma : {note}.",
        "en": "{where}: the number of columns does not match the schema: {note}.",
    },
    "row-count": {
        "fr": "{where} : le nombre de lignes ne correspond pas à celui attendu : {note}.",
        "en": "{where}: the number of rows does not match the expected one: {note}.",
    },
    "table-dimensions": {
        "fr": "{where} : les dimensions du tableau ne sont pas celles attendues : {note}.",
        "en": "{where}: the table's dimensions are not the expected ones: {note}.",
    },
    "blank-header": {
        "fr": "{where} : la ligne d'en-tête est vide. La première ligne du fichier doit "
        "donner le nom de chaque colonne.",
        "en": "{where}: the header row is empty. The file's first row must name every column.",
    },
    "blank-label": {
        "fr": "{where} : la colonne n° {field_number} n'a pas de nom dans l'en-tête. Donnez-lui "
        "un nom ou supprimez la colonne si elle est vide.",
        "en": "{where}: column {field_number} has no name in the header. Name it, or delete "
        "the column if it is empty.",
    },
    "duplicate-label": {
        "fr": "{where} : le nom de colonne « {value} » apparaît plusieurs fois dans l'en-tête "
        "(déjà en colonne {detail}). Donnez un nom unique à chaque colonne.",
        "en": "{where}: the column name \"{value}\" appears more than once in the header "
        "(already column {detail}). Give every column a unique name.",
    },
    "extra-label": {
        "fr": "{where} : la colonne « {value} » (n° {field_number}) n'est pas décrite dans le "
        "schéma. Ajoutez-la au schéma ou supprimez-la du fichier.",
        "en": "{where}: column \"{value}\" (number {field_number}) is not described in the "
        "schema. Add it to the schema or remove it from the file.",
    },
    "missing-label": {
        "fr": "{where} : la colonne « {field} » du schéma est absente de l'en-tête du "
        "fichier. Ajoutez la colonne ou retirez le champ du schéma.",
        "en": "{where}: schema field \"{field}\" is missing from the file's header. Add the "
        "column or remove the field from the schema.",
    },
    "incorrect-label": {
        "fr": "{where} : l'en-tête de la colonne n° {field_number} est « {value} » alors que "
        "le schéma attend « {field} ». Renommez la colonne ou le champ pour qu'ils "
        "correspondent.",
        "en": "{where}: column {field_number} is headed \"{value}\" but the schema expects "
        "\"{field}\". Rename the column or the field so that they match.",
    },
    "blank-row": {
        "fr": "{where} : cette ligne est vide. Supprimez-la.",
        "en": "{where}: this row is empty. Delete it.",
    },
    "extra-cell": {
        "fr": "{where} : cette ligne a plus de cellules que l'en-tête n'a de colonnes "
        "(valeur en trop : « {value} »). Un séparateur en trop ou une valeur contenant une "
        "virgule non protégée par des guillemets en est souvent la cause.",
        "en": "{where}: this row has more cells than the header has columns (extra value: "
        "\"{value}\"). A stray delimiter, or a value with an unquoted comma, is the usual "
        "cause.",
    },
    "missing-cell": {
        "fr": "{where} : cette ligne n'a pas de cellule pour la colonne « {field} » (la "
        "ligne est plus courte que l'en-tête). Ajoutez la valeur, ou un séparateur si elle "
        "est vide.",
        "en": "{where}: this row has no cell for column \"{field}\" (the row is shorter "
        "than the header). Add the value, or a delimiter if it is empty.",
    },
    "type-error": {
        "fr": "{where} : la valeur « {value} » n'est pas du type attendu « {type} »{format_note}.",
        "en": "{where}: the value \"{value}\" is not of the expected type "
        "\"{type}\"{format_note}.",
    },
    "constraint-error": {
        "fr": "{where} : la valeur « {value} » ne respecte pas la contrainte {constraint} du "
        "schéma. Corrigez la valeur ou la contrainte.",
        "en": "{where}: the value \"{value}\" breaks the schema's {constraint} constraint. "
        "Fix the value or the constraint.",
    },
    "unique-error": {
        "fr": "{where} : la valeur « {value} » est déjà présente plus haut dans la colonne "
        "alors que le champ est déclaré unique.",
        "en": "{where}: the value \"{value}\" already appears higher up in the column, but "
        "the field is declared unique.",
    },
    "primary-key": {
        "fr": "{where} : cette ligne répète la clé primaire ({fields}) = ({value}) d'une "
        "ligne précédente, ou la laisse vide. Chaque ligne doit avoir une clé unique et "
        "remplie.",
        "en": "{where}: this row repeats the primary key ({fields}) = ({value}) of an "
        "earlier row, or leaves it empty. Every row needs a unique, filled-in key.",
    },
    "foreign-key": {
        "fr": "{where} : la valeur ({value}) de ({fields}) n'existe pas dans "
        "la ressource de référence « {reference} ». Corrigez la valeur ou ajoutez la ligne "
        "manquante dans « {reference} ».",
        "en": "{where}: the value ({value}) of ({fields}) does not exist in the "
        "referenced resource \"{reference}\". Fix the value or add the missing row to "
        "\"{reference}\".",
    },
    "duplicate-row": {
        "fr": "{where} : cette ligne est identique à une ligne précédente. Supprimez le "
        "doublon.",
        "en": "{where}: this row is identical to an earlier row. Delete the duplicate.",
    },
    "row-constraint": {
        "fr": "{where} : cette ligne ne respecte pas une règle : {note}.",
        "en": "{where}: this row breaks a rule: {note}.",
    },
    "truncated-value": {
        "fr": "{where} : la valeur semble tronquée : {note}.",
        "en": "{where}: the value looks truncated: {note}.",
    },
    "ascii-value": {
        "fr": "{where} : la valeur « {value} » contient des caractères non ASCII alors que c'est exigé : {note}.",
        "en": "{where}: the value \"{value}\" contains non-ASCII characters where only ASCII is allowed: {note}.",
    },
    "deviated-cell": {
        "fr": "{where} : la cellule est anormalement longue par rapport aux autres : {note}.",
        "en": "{where}: the cell is unusually long compared with the others: {note}.",
    },
    "deviated-value": {
        "fr": "{where} : une valeur s'écarte fortement des autres : {note}.",
        "en": "{where}: a value deviates strongly from the others: {note}.",
    },
    "forbidden-value": {
        "fr": "{where} : la valeur « {value} » est interdite : {note}.",
        "en": "{where}: the value \"{value}\" is forbidden: {note}.",
    },
    "sequential-value": {
        "fr": "{where} : la valeur « {value} » rompt la suite attendue : {note}.",
        "en": "{where}: the value \"{value}\" breaks the expected sequence: {note}.",
    },
    "required-value": {
        "fr": "{where} : une valeur obligatoire est absente : {note}.",
        "en": "{where}: a required value is missing: {note}.",
    },
    "unmatched-header": {
        "fr": "{where} : l'en-tête ne correspond pas au schéma : {note}.",
        "en": "{where}: the header does not match the schema: {note}.",
    },
    "check-error": {
        "fr": "{where} : une règle de contrôle est mal décrite : {note}.",
        "en": "{where}: a check is wrongly described: {note}.",
    },
    "control-error": {
        "fr": "{where} : un paramètre de lecture est invalide : {note}.",
        "en": "{where}: a reading option is invalid: {note}.",
    },
    "detector-error": {
        "fr": "{where} : un paramètre de détection est invalide : {note}.",
        "en": "{where}: a detection option is invalid: {note}.",
    },
    "dataset-error": {
        "fr": "{where} : la description du catalogue est invalide : {note}.",
        "en": "{where}: the catalogue description is invalid: {note}.",
    },
    "inquiry-error": {
        "fr": "{where} : la demande de validation est invalide : {note}.",
        "en": "{where}: the validation request is invalid: {note}.",
    },
    "inquiry-task-error": {
        "fr": "{where} : une tâche de validation est invalide : {note}.",
        "en": "{where}: a validation task is invalid: {note}.",
    },
    "report-task-error": {
        "fr": "{where} : un rapport de tâche est invalide : {note}.",
        "en": "{where}: a task report is invalid: {note}.",
    },
    "stats-error": {
        "fr": "{where} : les statistiques déclarées (hash, bytes, fields, rows) sont invalides : {note}.",
        "en": "{where}: the declared statistics (hash, bytes, fields, rows) are invalid: {note}.",
    },
    "step-error": {
        "fr": "{where} : une étape de transformation est invalide : {note}.",
        "en": "{where}: a transform step is invalid: {note}.",
    },
    "general-error": {
        "fr": "{where} : {note}",
        "en": "{where}: {note}",
    },
    # Domain checks: our own codes.
    "kind-resource-missing": {
        "fr": "{where} : un jeu de type « {kind} » doit contenir une ressource nommée "
        "« {value} ». Ajoutez-la ou renommez la ressource existante.",
        "en": "{where}: a \"{kind}\" package needs a resource named \"{value}\". Add it or "
        "rename the existing resource.",
    },
    "kind-field-missing": {
        "fr": "{where} : la ressource « {resource} » d'un jeu « {kind} » doit avoir un champ "
        "« {value} ». Ajoutez la colonne et sa description dans le schéma.",
        "en": "{where}: resource \"{resource}\" of a \"{kind}\" package needs a field "
        "\"{value}\". Add the column and describe it in the schema.",
    },
    "unknown-code": {
        "fr": "{where} : la valeur « {value} » n'est pas un code autorisé pour « {field} ». "
        "Codes possibles : {allowed}.",
        "en": "{where}: \"{value}\" is not an allowed code for \"{field}\". Allowed codes: "
        "{allowed}.",
    },
    "weights-not-one": {
        "fr": "{where} : pour la ligne budgétaire « {line_id} » sur l'axe « {axis} », les "
        "poids des cotations font {total} au lieu de 1. Répartissez la ligne pour que la "
        "somme des poids vaille 1.",
        "en": "{where}: for budget line \"{line_id}\" on axis \"{axis}\", the rating weights "
        "add up to {total} instead of 1. Split the line so that the weights add up to 1.",
    },
    "unrated-line": {
        "fr": "{where} : la ligne de dépense réelle « {line_id} » ({amount} €) n'a pas de "
        "cotation sur l'axe « atténuation ». Ajoutez-la dans la ressource des cotations "
        "(« non-cote » si elle est hors du champ).",
        "en": "{where}: real expenditure line \"{line_id}\" ({amount} €) has no rating on the "
        "\"attenuation\" axis. Add one to the ratings resource (\"non-cote\" if it is out "
        "of scope).",
    },
    "unknown-line": {
        "fr": "{where} : la cotation vise la ligne « {line_id} », absente du budget. "
        "Corrigez l'identifiant ou ajoutez la ligne au budget.",
        "en": "{where}: the rating points to line \"{line_id}\", which is not in the budget. "
        "Fix the identifier or add the line to the budget.",
    },
    "rated-total-mismatch": {
        "fr": "{where} : le total coté sur l'axe « {axis} » en {year} ({rated} €) diffère du "
        "total des dépenses réelles ({total} €). Lignes en cause : {line_ids}.",
        "en": "{where}: the rated total on axis \"{axis}\" in {year} ({rated} €) differs "
        "from the real expenditure total ({total} €). Lines involved: {line_ids}.",
    },
    "unknown-category": {
        "fr": "{where} : la cotation de la ligne « {line_id} » utilise un axe ou une catégorie "
        "inconnus. Axes : attenuation, adaptation, eau, economie-circulaire, pollutions, "
        "biodiversite ; catégories : tres-favorable, plutot-favorable, neutre, defavorable, "
        "indefini, non-cote.",
        "en": "{where}: the rating of line \"{line_id}\" uses an unknown axis or category. "
        "Axes: attenuation, adaptation, eau, economie-circulaire, pollutions, biodiversite; "
        "categories: tres-favorable, plutot-favorable, neutre, defavorable, indefini, non-cote.",
    },
    "missing-amount": {
        "fr": "{where} : la ligne « {line_id} » ({year}) n'a pas de montant : BGT_MTREAL pour "
        "un compte administratif ou financier unique, BGT_MTPREV sinon. Complétez la cellule.",
        "en": "{where}: line \"{line_id}\" ({year}) has no amount: BGT_MTREAL for executed "
        "accounts, BGT_MTPREV otherwise. Fill in the cell.",
    },
    "number-not-finite": {
        "fr": "{where} : la valeur « {value} » n'est pas un nombre fini ; un jeu « {kind} » "
        "sert à des calculs. Écrivez le chiffre réel, ou laissez la cellule vide s'il manque.",
        "en": "{where}: the value \"{value}\" is not a finite number; a \"{kind}\" package "
        "feeds computations. Write the real figure, or leave the cell empty if it is missing.",
    },
    "number-too-large": {
        "fr": "{where} : la valeur « {value} » dépasse {limit} en valeur absolue : les calculs "
        "d'un jeu « {kind} » (sommes, moyennes) perdraient leur précision. Vérifiez la valeur "
        "et son unité.",
        "en": "{where}: the value \"{value}\" is beyond {limit} in absolute value: the "
        "computations of a \"{kind}\" package (sums, averages) would lose precision. Check "
        "the value and its unit.",
    },
    # Warnings.
    "formula-cell": {
        "fr": "{where} : la cellule « {value} » commence par « {char} » : un tableur "
        "l'exécuterait comme une formule. Vérifiez la valeur ; le fichier publié reste "
        "identique à l'original.",
        "en": "{where}: the cell \"{value}\" starts with \"{char}\": a spreadsheet would run "
        "it as a formula. Check the value; the published file stays identical to the "
        "original.",
    },
    "encoding-undeclared": {
        "fr": "{where} : le fichier n'est pas en UTF-8 et son encodage n'est pas déclaré ; il a "
        "été deviné, ce que d'autres outils ne feront pas forcément.",
        "en": "{where}: the file is not UTF-8 and its encoding is not declared; it was "
        "guessed, which other tools may not do.",
    },
    "dialect-undeclared": {
        "fr": "{where} : le fichier est séparé par « {delimiter} » sans que ce soit déclaré ; "
        "le séparateur a été deviné. Déclarez \"dialect\": {{\"delimiter\": \"{delimiter}\"}} "
        "sur la ressource pour que tous les outils le lisent correctement.",
        "en": "{where}: the file is separated by \"{delimiter}\" but this is not declared; the "
        "delimiter was guessed. Declare \"dialect\": {{\"delimiter\": \"{delimiter}\"}} on "
        "the resource so that every tool reads it correctly.",
    },
    "license-missing": {
        "fr": "{where} : aucune licence n'est déclarée. Ajoutez \"licenses\": [{{\"name\": "
        "\"etalab-2.0\", \"title\": \"Licence Ouverte 2.0\"}}] pour que les données soient "
        "réutilisables.",
        "en": "{where}: no licence is declared. Add \"licenses\": [{{\"name\": "
        "\"etalab-2.0\", \"title\": \"Licence Ouverte 2.0\"}}] so that the data can be "
        "reused.",
    },
    "description-missing": {
        "fr": "{where} : le jeu de données n'a pas de « description ». Ajoutez quelques "
        "phrases : ce que contiennent les données, d'où elles viennent, leurs limites.",
        "en": "{where}: the package has no \"description\". Add a few sentences: what the "
        "data holds, where it comes from, its limits.",
    },
    "unflagged-value": {
        "fr": "{where} : cette ligne n'a ni source ni marque d'estimation. Indiquez la "
        "source ou mettez « is_estimate » à true pour une valeur de démonstration.",
        "en": "{where}: this row has neither a source nor an estimate flag. Give the source "
        "or set \"is_estimate\" to true for a demonstration value.",
    },
}

HINTS: dict[str, dict[str, str]] = {
    "decimal-comma": {
        "fr": "La valeur utilise une virgule décimale : remplacez-la par un point, ou "
        "déclarez \"decimalChar\": \",\" sur le champ dans le schéma.",
        "en": "The value uses a decimal comma: replace it with a point, or declare "
        "\"decimalChar\": \",\" on the field in the schema.",
    },
    "thousands-separator": {
        "fr": "La valeur contient un séparateur de milliers : retirez-le, ou déclarez "
        "\"groupChar\" sur le champ dans le schéma.",
        "en": "The value contains a thousands separator: remove it, or declare "
        "\"groupChar\" on the field in the schema.",
    },
    "number": {
        "fr": "Écrivez un nombre avec un point décimal, sans espace ni unité (par exemple "
        "1234.5).",
        "en": "Write a number with a decimal point, without spaces or units (for example "
        "1234.5).",
    },
    "integer": {
        "fr": "Écrivez un nombre entier, sans décimale, espace ni unité (par exemple 2024).",
        "en": "Write a whole number, without decimals, spaces or units (for example 2024).",
    },
    "date": {
        "fr": "Écrivez la date au format AAAA-MM-JJ (par exemple 2024-03-31), ou déclarez son "
        "format avec \"format\" sur le champ (par exemple \"%d/%m/%Y\").",
        "en": "Write the date as YYYY-MM-DD (for example 2024-03-31), or declare its format "
        "with \"format\" on the field (for example \"%d/%m/%Y\").",
    },
    "datetime": {
        "fr": "Écrivez la date et l'heure au format AAAA-MM-JJTHH:MM:SS, ou déclarez son "
        "format avec \"format\" sur le champ.",
        "en": "Write the date and time as YYYY-MM-DDTHH:MM:SS, or declare its format with "
        "\"format\" on the field.",
    },
    "boolean": {
        "fr": "Écrivez true ou false, ou déclarez \"trueValues\" et \"falseValues\" sur le "
        "champ.",
        "en": "Write true or false, or declare \"trueValues\" and \"falseValues\" on the "
        "field.",
    },
    "year": {
        "fr": "Écrivez une année sur quatre chiffres (par exemple 2024).",
        "en": "Write a four-digit year (for example 2024).",
    },
    "generic": {
        "fr": "Corrigez la valeur dans le fichier, ou le type du champ dans le schéma.",
        "en": "Fix the value in the file, or the field's type in the schema.",
    },
    "delimiter": {
        "fr": "L'en-tête semble séparé par « {delimiter} » : déclarez \"dialect\": "
        "{{\"delimiter\": \"{delimiter}\"}} sur la ressource.",
        "en": "The header looks separated by \"{delimiter}\": declare \"dialect\": "
        "{{\"delimiter\": \"{delimiter}\"}} on the resource.",
    },
    "windows-1252": {
        "fr": "Le fichier semble enregistré en windows-1252 (export Excel) : déclarez "
        "\"encoding\": \"windows-1252\" sur la ressource ou réenregistrez-le en CSV UTF-8.",
        "en": "The file looks saved as windows-1252 (an Excel export): declare "
        "\"encoding\": \"windows-1252\" on the resource or save it again as CSV UTF-8.",
    },
}

WHERE_LABELS = {
    "fr": {"row": "ligne", "field": "colonne", "resource": "ressource"},
    "en": {"row": "row", "field": "column", "resource": "resource"},
}

MAX_VALUE_CHARS = 80
SHORTENED = {"value", "detail", "note", "char"}
# Control characters from the data are shown as \xNN: printed raw, ESC sequences would drive
# the terminal (colours, cursor, title) and break GitHub annotations.
VISIBLE_CONTROLS = {c: f"\\x{c:02x}" for c in (*range(0x20), *range(0x7F, 0xA0))
                    if c not in (0x09, 0x0A)}


class _Defaults(dict):
    """Template values; a placeholder with no value renders as an empty string."""

    def __missing__(self, key: str) -> str:
        return ""


def shorten(value: Any, limit: int = MAX_VALUE_CHARS) -> str:
    """A value as short, single-line text for a message."""
    text = "" if value is None else str(value)
    text = text.replace("\r", "\\r").replace("\n", "\\n")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe_location(issue: Issue, lang: str) -> str:
    """'file, row N, column X' in the given language."""
    labels = WHERE_LABELS[lang]
    parts = [issue.path or issue.package]
    if issue.row is not None:
        parts.append(f"{labels['row']} {issue.row}")
    if issue.field:
        quoted = f"« {issue.field} »" if lang == "fr" else f'"{issue.field}"'
        parts.append(f"{labels['field']} {quoted}")
    return ", ".join(parts)


def render_message(issue: Issue, lang: str) -> str:
    """The message of an issue in one language, with its location and fix."""
    templates = MESSAGES.get(issue.code) or MESSAGES["general-error"]
    values = _Defaults({k: shorten(v) if k in SHORTENED else v for k, v in issue.params})
    values.update(
        where=describe_location(issue, lang),
        value=shorten(issue.value),
        row="" if issue.row is None else issue.row,
        field=issue.field or "",
        resource=issue.resource or "",
        package=issue.package,
    )
    if values["format"] not in ("", "default"):
        fmt = values["format"]
        values["format_note"] = f" (format « {fmt} »)" if lang == "fr" else f' (format "{fmt}")'
    text = templates[lang].format_map(values)
    hint = issue.param("hint")
    if hint in HINTS:
        text += " " + HINTS[hint][lang].format_map(values)
    return text.translate(VISIBLE_CONTROLS)

UI: dict[str, dict[str, str]] = {
    "summary": {
        "fr": "{packages} jeu(x) de données vérifié(s) : {errors} erreur(s), {warnings} "
        "avertissement(s).",
        "en": "{packages} data package(s) checked: {errors} error(s), {warnings} warning(s).",
    },
    "package-valid": {"fr": "✓ {name} : valide", "en": "✓ {name}: valid"},
    "package-valid-warnings": {
        "fr": "✓ {name} : valide, avec {warnings} avertissement(s)",
        "en": "✓ {name}: valid, with {warnings} warning(s)",
    },
    "package-invalid": {
        "fr": "✗ {name} : {errors} erreur(s), {warnings} avertissement(s)",
        "en": "✗ {name}: {errors} error(s), {warnings} warning(s)",
    },
    "counts": {"fr": "    par code : {counts}", "en": "    by code: {counts}"},
    "truncated": {
        "fr": "    … et {hidden} autre(s), non affiché(s) (--max-issues {limit} ; --format "
        "json les liste tous)",
        "en": "    … and {hidden} more, not shown (--max-issues {limit}; --format json lists "
        "them all)",
    },
    "result-valid": {
        "fr": "Résultat : les données sont valides.",
        "en": "Result: the data is valid.",
    },
    "result-invalid": {
        "fr": "Résultat : les données ne sont pas valides. Corrigez les erreurs ci-dessus, "
        "puis relancez « tdh validate ».",
        "en": "Result: the data is not valid. Fix the errors above, then run \"tdh validate\" "
        "again.",
    },
    "result-strict": {
        "fr": "Résultat : refusé en mode --strict à cause des avertissements.",
        "en": "Result: refused in --strict mode because of the warnings.",
    },
    "no-packages": {
        "fr": "Aucun jeu de données trouvé dans {path}.",
        "en": "No data package found in {path}.",
    },
}


def ui(key: str, lang: str, **values: Any) -> str:
    """An interface sentence of the command line in one language."""
    return UI[key][lang].format_map(_Defaults(values)).translate(VISIBLE_CONTROLS)

UI.update({
    "build-unexpected": {
        "fr": "Erreur inattendue pendant la construction : {error}. Le site existant ({site}) "
        "n'a pas été modifié. C'est un défaut de tdh, pas de vos données : signalez-le avec "
        "cette commande et ce message.",
        "en": "Unexpected error during the build: {error}. The existing site ({site}) was not "
        "changed. This is a defect of tdh, not of your data: please report it with this "
        "command and this message.",
    },
    "build-interrupted": {
        "fr": "Construction interrompue : le site existant ({site}) n'a pas été modifié.",
        "en": "Build interrupted: the existing site ({site}) was not changed.",
    },
    "build-refused": {
        "fr": "Publication refusée : le site existant ({site}) n'a pas été modifié.",
        "en": "Build refused: the existing site ({site}) was not changed.",
    },
    "build-done": {
        "fr": "Site construit dans {site} ({pages} pages).",
        "en": "Site built in {site} ({pages} pages).",
    },
})

UI.update({
    "verify-ok": {
        "fr": "{site} : les {count} fichiers correspondent à SHA256SUMS.",
        "en": "{site}: all {count} files match SHA256SUMS.",
    },
    "verify-failed": {
        "fr": "{site} ne correspond pas à SHA256SUMS : {changed} fichier(s) modifié(s), "
        "{missing} manquant(s), {unlisted} en trop.",
        "en": "{site} does not match SHA256SUMS: {changed} file(s) changed, {missing} "
        "missing, {unlisted} extra.",
    },
    "verify-no-sums": {
        "fr": "{site} n'a pas de fichier SHA256SUMS : est-ce bien un site construit par tdh ?",
        "en": "{site} has no SHA256SUMS file: is it really a site built by tdh?",
    },
})
