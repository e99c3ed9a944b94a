from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "maillage.events"
    verbose_name = "Événements"

    def ready(self) -> None:
        from maillage.accounts.personal_data import PersonalDataSection, register  # noqa: PLC0415 (ready() runs once apps are loaded)
        from maillage.events.models import Event  # noqa: PLC0415
        from maillage.events.opendata import events_dataset  # noqa: PLC0415
        from maillage.events.personal_data import erase_registrations, export_registrations  # noqa: PLC0415
        from maillage.events.receivers import move_event_links_to_kept_structure  # noqa: PLC0415
        from maillage.events.reference import load_reference_events  # noqa: PLC0415
        from maillage.events.rules import event_rule  # noqa: PLC0415
        from maillage.history.merge import register_merge_participant  # noqa: PLC0415
        from maillage.memberships.rules import register_rule  # noqa: PLC0415
        from maillage.opendata.registry import register_dataset  # noqa: PLC0415
        from maillage.structures.reference.extensions import register_reference_loader  # noqa: PLC0415

        register(PersonalDataSection("events", export=export_registrations, erase=erase_registrations))
        register_rule(Event, event_rule)
        register_reference_loader("events", load_reference_events)
        register_merge_participant("events.move_organisers", move_event_links_to_kept_structure)
        register_dataset(events_dataset())
