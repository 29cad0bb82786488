from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "imports"
    verbose_name = "Imports from gym apps and watches"

    def ready(self) -> None:
        from accounts import data_rights
        from imports.export import imports_export

        data_rights.register(self.label, imports_export)
