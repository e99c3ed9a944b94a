"""What a revision did, to which kind of record, and through which channel."""

from django.db import models


class RevisionAction(models.TextChoices):
    CREATE = "create", "Création"
    UPDATE = "update", "Modification"
    DELETE = "delete", "Suppression"
    REVERT = "revert", "Rétablissement"
    MERGE = "merge", "Fusion"
    CONFIRM = "confirm", "Confirmation"


class RecordType(models.TextChoices):
    STRUCTURE = "structure", "Fiche"
    RELATION = "relation", "Relation"
    KEY_FIGURE = "key_figure", "Chiffre clé"


class Via(models.TextChoices):
    """The channel a change came through: pages, moderation queue, API, import, revert, merge."""

    DIRECT = "direct", "Modification directe"
    MODERATION = "moderation", "File de modération"
    API = "api", "API"
    IMPORT = "import", "Import"
    ADMIN = "admin", "Administration"
    REVERT = "revert", "Rétablissement"
    MERGE = "merge", "Fusion"
