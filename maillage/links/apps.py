from django.apps import AppConfig


class LinksConfig(AppConfig):
    name = "maillage.links"
    verbose_name = "Vérification des liens"
