"""Messages of `tdh diff` and `tdh publish`, in French and English."""

from __future__ import annotations

from typing import Any

MESSAGES: dict[str, dict[str, str]] = {
    "no-repo": {
        "fr": "{root} n'est pas dans un dépôt git : les versions publiées sont lues et écrites "
              "avec git. Lancez la commande depuis une copie du dépôt (git clone).",
        "en": "{root} is not inside a git repository: releases are read and written with git. "
              "Run the command from a clone of the repository (git clone).",
    },
    "no-commit": {
        "fr": "Le dépôt n'a encore aucun commit : enregistrez les données (git add, git commit) "
              "avant de publier.",
        "en": "The repository has no commit yet: commit the data (git add, git commit) before "
              "publishing.",
    },
    "bad-name": {
        "fr": "« {name} » n'est pas un nom de version valide : utilisez des chiffres, lettres, "
              "points et tirets, par exemple 1.2.0.",
        "en": "\"{name}\" is not a valid version name: use digits, letters, dots and dashes, "
              "for example 1.2.0.",
    },
    "exists": {
        "fr": "La version {version} est déjà publiée (branche {branch}) : une version publiée "
              "ne change jamais, pour que les chiffres cités restent vérifiables. Publiez les "
              "corrections sous un nouveau numéro, par exemple : tdh publish {suggestion}",
        "en": "Version {version} is already published (branch {branch}): a published version "
              "never changes, so that cited figures stay verifiable. Publish the corrections "
              "under a new number, for example: tdh publish {suggestion}",
    },
    "is-alias": {
        "fr": "« {version} » est déjà un alias sur la branche {branch} : choisissez un numéro "
              "de version, par exemple 1.2.0.",
        "en": "\"{version}\" is already an alias on branch {branch}: choose a version number, "
              "for example 1.2.0.",
    },
    "alias-is-version": {
        "fr": "L'alias « {alias} » est déjà le nom d'une version publiée : choisissez un autre "
              "alias (par exemple latest).",
        "en": "Alias \"{alias}\" is already the name of a published version: choose another "
              "alias (for example latest).",
    },
    "dirty": {
        "fr": "Des changements ne sont pas enregistrés dans git ({files}…) : une version doit "
              "correspondre à un commit. Faites git add puis git commit, et relancez.",
        "en": "Some changes are not committed to git ({files}…): a release must match a commit. "
              "Run git add then git commit, and try again.",
    },
    "tag-elsewhere": {
        "fr": "L'étiquette git {version} existe déjà sur un autre commit ({commit}) : choisissez "
              "un autre numéro de version, ou placez-vous sur ce commit (git checkout {version}).",
        "en": "Git tag {version} already exists on another commit ({commit}): choose another "
              "version number, or check out that commit (git checkout {version}).",
    },
    "no-identity": {
        "fr": "git ne connaît pas l'auteur du commit de publication : définissez-le avec "
              "git config user.name et git config user.email.",
        "en": "git does not know who makes the publication commit: set it with "
              "git config user.name and git config user.email.",
    },
    "no-remote": {
        "fr": "Le dépôt distant « {remote} » n'existe pas : ajoutez-le (git remote add) ou "
              "publiez sans --push.",
        "en": "Remote \"{remote}\" does not exist: add it (git remote add) or publish without "
              "--push.",
    },
    "diverged": {
        "fr": "La branche {branch} locale et celle de {remote} ont divergé : récupérez la "
              "branche publiée (git fetch {remote}, git branch -f {branch} {remote}/{branch}) "
              "puis relancez.",
        "en": "The local {branch} branch and the one on {remote} have diverged: fetch the "
              "published branch (git fetch {remote}, git branch -f {branch} {remote}/{branch}) "
              "and try again.",
    },
    "build-failed": {
        "fr": "La construction du site a échoué : rien n'a été publié. Corrigez les erreurs "
              "ci-dessus (tdh validate) puis relancez.",
        "en": "The site build failed: nothing was published. Fix the errors above "
              "(tdh validate) and try again.",
    },
    "mike-failed": {
        "fr": "mike n'a pas pu écrire la version ({detail}) : rien n'a été publié. Corrigez "
              "la cause puis relancez.",
        "en": "mike could not write the version ({detail}): nothing was published. Fix the "
              "cause and try again.",
    },
    "touched": {
        "fr": "La publication aurait modifié « {name} », qui appartient à une autre version : "
              "annulée, rien n'a été publié.",
        "en": "The publication would have changed \"{name}\", which belongs to another "
              "version: cancelled, nothing was published.",
    },
    "building": {
        "fr": "Construction de la version {version} (commit {commit})…",
        "en": "Building version {version} (commit {commit})…",
    },
    "published": {
        "fr": "Version {version} publiée sur la branche {branch} (commit {commit}).",
        "en": "Version {version} published on branch {branch} (commit {commit}).",
    },
    "aliases": {"fr": "Alias : {aliases}.", "en": "Aliases: {aliases}."},
    "tagged": {"fr": "Étiquette git {version} créée.", "en": "Git tag {version} created."},
    "pushed": {"fr": "Envoyée sur {remote}.", "en": "Pushed to {remote}."},
    "not-pushed": {
        "fr": "Pas encore en ligne : envoyez-la avec git push {remote} {branch} {version}, "
              "ou relancez avec --push.",
        "en": "Not online yet: push it with git push {remote} {branch} {version}, or use "
              "--push.",
    },
    "zip": {"fr": "Archive : {path}", "en": "Archive: {path}"},
    "unknown-ref": {
        "fr": "« {ref} » ne désigne aucun commit : donnez une étiquette, une branche ou un "
              "commit (git tag -l liste les versions).",
        "en": "\"{ref}\" names no commit: give a tag, a branch or a commit (git tag -l lists "
              "the releases).",
    },
    "outside-repo": {
        "fr": "Le dossier des données ({path}) n'est pas dans le dépôt git.",
        "en": "The data folder ({path}) is not inside the git repository.",
    },
    "diff-title": {"fr": "Changements de données : {old} → {new}",
                   "en": "Data changes: {old} → {new}"},
    "working-tree": {"fr": "copie de travail", "en": "working tree"},
    "no-release": {
        "fr": "Aucune version publiée (étiquette git) : tout compte comme ajouté. Précisez "
              "--from REF pour comparer avec un autre commit.",
        "en": "No release yet (git tag): everything counts as added. Give --from REF to compare "
              "with another commit.",
    },
    "none": {"fr": "(rien)", "en": "(nothing)"},
    "no-change": {"fr": "Aucun changement.", "en": "No change."},
    "package-line": {"fr": "{name} : {status}", "en": "{name}: {status}"},
    "resource-line": {"fr": "{name} ({method})", "en": "{name} ({method})"},
    "method-primary-key": {"fr": "clé primaire : {key}", "en": "primary key: {key}"},
    "method-row-hash": {"fr": "empreintes de lignes", "en": "row hashes"},
}


def message(key: str, lang: str, /, **values: Any) -> str:
    """One message of the release commands."""
    text = MESSAGES[key][lang]
    return text.format(**values) if values else text
