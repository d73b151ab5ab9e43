"""The README's API examples, run as written against a live server holding a fresh demo, so they
cannot drift from what the server does: every curl command of the API section must succeed, in
order (later examples use what earlier ones made), and the comments that promise something
(the ETag is the version, a lineage shows its steps) hold."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from rest_framework.authtoken.models import Token

from claims.demo.loader import load_demo
from tests.clock import NOW, TODAY

README = Path(settings.BASE_DIR) / "README.md"
# The shell variables the README's token block sets, by the demo user each is issued for.
TOKENS = {"CURATOR": "curator", "REVIEWER": "reviewer", "REVIEWER2": "reviewer2", "EDITOR": "editor"}


def api_section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("\n## API\n")
    return text[start : text.index("\n## ", start + 1)]


def curl_commands(section: str) -> list[str]:
    """Each curl command of the section's sh blocks, its continuation lines (a trailing
    backslash, or a quote left open) joined to it."""
    commands: list[str] = []
    for block in re.findall(r"```sh\n(.*?)```", section, re.S):
        pending = ""
        for line in block.splitlines():
            pending = f"{pending}\n{line}" if pending else line
            if pending.endswith("\\"):
                continue
            try:
                shlex.split(pending, comments=True)
            except ValueError:  # a quote still open: the JSON goes on
                continue
            if pending.lstrip().startswith("curl "):
                commands.append(pending)
            pending = ""
        assert not pending, f"an unfinished command in the README: {pending!r}"
    return commands


def test_the_api_section_has_the_examples_this_test_runs():
    commands = curl_commands(api_section())
    assert len(commands) >= 25
    assert any("/corrections/" in command for command in commands)
    assert any(command.startswith("curl -X PATCH") for command in commands)


@pytest.mark.django_db(transaction=True, reset_sequences=True)
def test_every_api_example_of_the_readme_works_as_written(live_server, settings, tmp_path, frozen_clock):
    # As `make demo` sets it up: two reviewers must agree.
    settings.REVIEWERS_REQUIRED = 2
    settings.API_THROTTLE_ANON = settings.API_THROTTLE_USER = "1000000/minute"
    load_demo(today=TODAY, now=NOW)
    env = {
        **os.environ,
        "API": f"{live_server.url}/api",
        **{
            name: Token.objects.create(user=User.objects.get(username=user)).key
            for name, user in TOKENS.items()
        },
    }
    outputs: dict[str, str] = {}
    for command in curl_commands(api_section()):
        # -sS: no progress meter, but errors; --fail-with-body: a 4xx or 5xx fails the command.
        run = "curl -sS --fail-with-body " + command.removeprefix("curl ")
        result = subprocess.run(
            ["bash", "-c", run], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60
        )
        assert result.returncode == 0, f"{command}\n→ {result.stdout[-2000:]} {result.stderr[-500:]}"
        outputs[command] = result.stdout

    def output(fragment: str) -> str:
        [text] = [out for command, out in outputs.items() if fragment in command]
        return text

    # "the ETag header is the version"
    headers, _, body = output('curl -i "$API/predictions/1/"').replace("\r\n", "\n").partition("\n\n")
    version = json.loads(body)["version"]
    assert re.search(rf'^etag: "{version}"$', headers, re.I | re.M), headers
    # "its lineage, oldest first: a deadline that slipped": there is one to show.
    steps = json.loads(output("/predictions/3/lineage/"))["steps"]
    assert len(steps) >= 2 and any(step.get("slipped") for step in steps), steps
    # The create example's id is the one the PATCH and withdraw examples use.
    created = json.loads(output('curl -X POST "$API/predictions/" '))
    assert created["id"] == 65
    assert json.loads(output("/predictions/65/withdraw/"))["status"] == "withdrawn"
    # The dispute example does end disputed, and the adjudication keeps its reasoning.
    assert json.loads(output('curl "$API/predictions/8/"'))["status"] == "disputed"
    assert "The criteria ask for" in output("/predictions/8/adjudication/")
    assert (tmp_path / "predictions.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    # The correction example names the speaker it says.
    assert json.loads(output("/corrections/"))["changes"]["speaker"][1]["name"] == "Kevin Weil"
