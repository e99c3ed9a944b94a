"""Tests of operating an instance: scheduled jobs, backups and restores."""
