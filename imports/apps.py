from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "imports"
    verbose_name = "Imports from gym apps and watches"

    def ready(self) -> None:
        from accounts import data_rights, settings_sections
        from imports.export import imports_export
        from imports.settings_section import settings_context

        data_rights.register(self.label, imports_export)
        settings_sections.register(
            self.label, template_name="imports/settings_section.html", context=settings_context
        )
