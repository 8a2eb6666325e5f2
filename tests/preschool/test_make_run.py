"""`make run PORT=8100`: the demo serves on that port and its emails link to it."""

import shlex
import subprocess

import pytest

from tests.servers import BIN, ROOT


def _run_commands(*make_args: str) -> list[list[str]]:
    """The commands `make run` would run (``make -n``), split as the shell would."""
    out = subprocess.run(["make", "-n", "run", *make_args], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout
    return [shlex.split(line) for line in out.splitlines() if "manage.py" in line]


def _env_and_command(words: list[str]) -> tuple[dict[str, str], list[str]]:
    env, words = {}, list(words)
    while "=" in words[0]:
        name, value = words.pop(0).split("=", 1)
        env[name] = value
    return env, words


@pytest.mark.parametrize(("make_args", "port"), [((), "8000"), (("PORT=8100",), "8100")])
def test_it_serves_on_the_port_asked_for_and_links_to_it(make_args, port):
    commands = _run_commands(*make_args)
    env, command = _env_and_command(commands[-1])
    assert command[-2:] == ["runserver", f"127.0.0.1:{port}"]
    # The portal, started with that environment, builds its links on the same port.
    site_url = subprocess.run(
        [str(BIN / "python"), "manage.py", "shell", "-c",
         "from django.conf import settings; print(settings.SITE_URL)"],
        cwd=ROOT, env={"PATH": str(BIN), **env}, check=True, capture_output=True, text=True,
    ).stdout.splitlines()[-1]
    assert site_url == f"http://127.0.0.1:{port}"
    # Seeding the demo runs with the same address, for the emails it sends.
    assert all(_env_and_command(c)[0]["SITE_URL"] == site_url for c in commands)
