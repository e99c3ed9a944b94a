"""What each app holds about a person: one registry for the JSON export and for account deletion (GDPR).

Every app that stores something about a user registers a section from its AppConfig.ready():

    personal_data.register(PersonalDataSection("contributions", export=..., erase=...))

`export(user)` returns JSON-ready data; `erase(user)` removes or anonymises it (history included), before
the account itself is deleted. Structures' public records are not personal data and stay.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

SECTIONS: dict[str, "PersonalDataSection"] = {}


@dataclass(frozen=True)
class PersonalDataSection:
    key: str
    export: Callable[[Any], Any]
    erase: Callable[[Any], None]


def register(section: PersonalDataSection) -> None:
    """Add an app's section to the export and deletion of accounts."""
    SECTIONS[section.key] = section
