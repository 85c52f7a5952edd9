"""`shijian api-token`: create, list and revoke officer API tokens."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from shijian.accounts import services
from shijian.accounts.models import ApiToken, User
from shijian.core.actor import system_actor
from shijian.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Officer API tokens (API令牌): 'create USERNAME --name NAME [--days N]' prints the secret once; "
        "'list USERNAME'; 'revoke TOKEN_ID --reason TEXT'."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create a token (the secret is shown once)")
        create.add_argument("username")
        create.add_argument("--name", required=True, help="what the token is for (用途)")
        create.add_argument("--days", type=int, default=None, help="expire after N days (default: never)")
        create.add_argument("--json", action="store_true")
        listing = sub.add_parser("list", help="list a user's tokens")
        listing.add_argument("username")
        listing.add_argument("--json", action="store_true")
        revoke = sub.add_parser("revoke", help="revoke a token at once")
        revoke.add_argument("token_id", type=int)
        revoke.add_argument("--reason", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = system_actor("api-token-command")
        try:
            if options["action"] == "create":
                user = self._user(options["username"])
                expires = timezone.now() + dt.timedelta(days=options["days"]) if options["days"] else None
                token, secret = services.api_token_create(
                    actor=actor, user=user, name=options["name"], expires_at=expires
                )
                if options["json"]:
                    self.stdout.write(
                        json.dumps(
                            {"id": token.pk, "token": secret, "expires_at": expires and expires.isoformat()}
                        )
                    )
                else:
                    self.stdout.write(
                        f"令牌 token #{token.pk} ({token.name}); 只显示这一次 shown only once:\n{secret}"
                    )
            elif options["action"] == "list":
                user = self._user(options["username"])
                rows = [
                    {
                        "id": t.pk,
                        "name": t.name,
                        "prefix": t.prefix,
                        "created_at": t.created_at.isoformat(),
                        "expires_at": t.expires_at.isoformat() if t.expires_at else None,
                        "revoked": t.revoked_at is not None,
                    }
                    for t in ApiToken.objects.filter(user=user).order_by("pk")
                ]
                if options["json"]:
                    self.stdout.write(json.dumps(rows, ensure_ascii=False))
                for row in rows if not options["json"] else []:
                    state = "已撤销 revoked" if row["revoked"] else "有效 active"
                    self.stdout.write(f"#{row['id']} {row['prefix']}… {row['name']} {state}")
            else:
                found = ApiToken.objects.filter(pk=options["token_id"]).first()
                if found is None:
                    raise CommandError(f"没有该令牌 no token #{options['token_id']}")
                services.api_token_revoke(actor=actor, token=found, reason=options["reason"])
                self.stdout.write(f"已撤销 revoked token #{found.pk}")
        except DomainError as exc:
            raise CommandError(f"{exc.message_zh} / {exc.message_en}") from None

    def _user(self, username: str) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"没有该用户 no such user: {username}")
        return user
