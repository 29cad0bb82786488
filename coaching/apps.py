from django.apps import AppConfig


class CoachingConfig(AppConfig):
    name = "coaching"
    verbose_name = "Coaching: consent, access log and the coach's dashboard"

    def ready(self):
        from accounts import data_rights, roles
        from coaching import signals
        from coaching.export import coaching_sections
        from coaching.list_versions import bump_coaches_of
        from coaching.roles import account_roles
        from recovery import stored_plans

        data_rights.register(self.label, coaching_sections)
        roles.register(account_roles)
        stored_plans.listen(bump_coaches_of)
        signals.connect()
