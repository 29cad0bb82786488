from django.contrib import admin

from recovery.models import Exercise, ExerciseLine, LegWorkout, RecoveryRun, SorenessCheckIn


@admin.register(Exercise)
class ExerciseAdmin(admin.ModelAdmin):
    list_display = ("name", "eccentric_heavy")
    list_filter = ("eccentric_heavy",)
    search_fields = ("name",)


class ExerciseLineInline(admin.TabularInline):
    model = ExerciseLine
    extra = 0


@admin.register(LegWorkout)
class LegWorkoutAdmin(admin.ModelAdmin):
    list_display = ("athlete", "ended_at", "minutes", "rpe")
    list_select_related = ("athlete",)
    date_hierarchy = "ended_at"
    search_fields = ("athlete__username", "athlete__email")
    raw_id_fields = ("athlete",)
    inlines = [ExerciseLineInline]


@admin.register(SorenessCheckIn)
class SorenessCheckInAdmin(admin.ModelAdmin):
    list_display = ("athlete", "at", "soreness", "legs_heavy", "pain")
    list_select_related = ("athlete",)
    list_filter = ("pain", "legs_heavy")
    search_fields = ("athlete__username",)
    raw_id_fields = ("athlete", "workout")


@admin.register(RecoveryRun)
class RecoveryRunAdmin(admin.ModelAdmin):
    list_display = ("athlete", "started_at", "minutes", "rpe", "outcome")
    list_select_related = ("athlete",)
    list_filter = ("outcome",)
    search_fields = ("athlete__username",)
    raw_id_fields = ("athlete", "workout")
