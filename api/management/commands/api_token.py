"""Issue or revoke a user's API token.

python manage.py api_token issue USERNAME    # prints the key (the same one until revoked)
python manage.py api_token revoke USERNAME
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from rest_framework.authtoken.models import Token


class Command(BaseCommand):
    help = (
        "Issue (print) or revoke the API token of a user. Programs send it as 'Authorization: Token <key>'."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["issue", "revoke"])
        parser.add_argument("username")
        parser.add_argument(
            "--rotate", action="store_true", help="With issue: replace an existing key with a new one."
        )

    def handle(self, *args: Any, action: str, username: str, rotate: bool, **options: Any) -> None:
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(
                f"No user named {username!r}. Create one first (python manage.py createsuperuser, or the "
                "admin's Users page)."
            ) from None
        if action == "revoke":
            deleted, _ = Token.objects.filter(user=user).delete()
            if deleted:
                self.stderr.write(f"Revoked the API token of {username}: requests with it now get 401.")
            else:
                self.stderr.write(f"{username} had no API token; nothing to revoke.")
            return
        if rotate:
            Token.objects.filter(user=user).delete()
        token, created = Token.objects.get_or_create(user=user)
        if not user.is_active:
            self.stderr.write(f"Warning: {username} is inactive, so the token will be refused (401).")
        self.stderr.write(f"{'New' if created else 'Existing'} API token for {username}:")
        # The key alone on stdout, so `KEY=$(python manage.py api_token issue alice)` works.
        self.stdout.write(token.key)
