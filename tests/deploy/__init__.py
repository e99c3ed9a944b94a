"""Tests of the deployment: production settings, gunicorn, units and guide."""
