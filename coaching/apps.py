from django.apps import AppConfig


class CoachingConfig(AppConfig):
    name = "coaching"
    verbose_name = "Coaching: consent, access log and the coach's dashboard"

    def ready(self):
        from accounts import data_rights, roles
        from coaching import signals  # noqa: F401 - connects receivers
        from coaching.export import coaching_sections
        from coaching.roles import account_roles

        data_rights.register(self.label, coaching_sections)
        roles.register(account_roles)
