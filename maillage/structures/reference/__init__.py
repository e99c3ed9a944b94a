"""The reference dataset: what the founding documents state about the actors they name, and nothing else.

Reviewed by hand against the five seed documents. Every record names the document it comes from;
whatever the documents do not say stays empty: no address, SIRET, figure or date is added from
elsewhere, and no person is recorded (the documents name some: they are left out on purpose).
Loaded by `manage.py load_reference_data`.
"""
