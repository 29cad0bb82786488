from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    name = "integrations"
    verbose_name = "Integrations: the calendar feed and the JSON API"

    def ready(self) -> None:
        from accounts import data_rights, settings_sections
        from integrations.export import integrations_sections
        from integrations.settings_section import settings_context

        data_rights.register(self.label, integrations_sections)
        settings_sections.register(
            self.label,
            template_name="integrations/settings_section.html",
            context=settings_context,
        )
