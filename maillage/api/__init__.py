"""The public JSON API (/api/v1/), apart from the domain: handlers parse, call selectors, serialise."""
