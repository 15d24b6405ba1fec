"""Types that the apps' signatures share."""

from django.contrib.auth.models import AnonymousUser, User

# Who acts: `request.user` (Django's own User model; anonymous when nobody is logged in);
# commands and tests may pass None.
AnyUser = User | AnonymousUser | None
