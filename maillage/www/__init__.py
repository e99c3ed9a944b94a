"""The web layer: pages, one package per section of the site."""
