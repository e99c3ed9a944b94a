"""Operating an instance: the scheduled jobs declared once, backups and restores."""
