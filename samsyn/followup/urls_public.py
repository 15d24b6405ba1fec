"""Pages reached by link without a login (answering an evaluation)."""
app_name = "followup_public"

urlpatterns: list = []
