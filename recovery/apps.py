from django.apps import AppConfig


class RecoveryConfig(AppConfig):
    name = "recovery"
    verbose_name = "Leg-day recovery"

    def ready(self):
        from accounts import data_rights
        from recovery import signals
        from recovery.export import athlete_export

        data_rights.register(self.label, athlete_export)
        signals.connect()
