"""Calendar feeds reached by a person's secret link (calendar apps cannot log in)."""
app_name = "governance_public"

urlpatterns: list = []
