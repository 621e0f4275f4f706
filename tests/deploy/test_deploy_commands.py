"""Every command the deploy files run exists in the project, with valid options.

The files are read as text (Dockerfile, scripts, gunicorn settings, the
guide's code blocks) or as YAML (Compose and Kubernetes commands); each
`manage.py`, `celery -A groupage` and `gunicorn` invocation found is parsed
by the very parser that would run it.
"""

import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from celery.bin.base import CLIContext
from celery.bin.celery import celery as celery_cli
from django.core.management import CommandError, get_commands, load_command_class
from gunicorn.config import Config

from tests.deploy.support import DEPLOY, ROOT, pod_spec, yaml_documents

SHELL_SEPARATORS = {"&&", "||", ";", "|", ">", "2>&1", "\\"}
INTERPOLATION = re.compile(r"\$\{(\w+)(?::?[-?]([^}]*))?\}")


@dataclass(frozen=True)
class Invocation:
    program: str  # manage.py, celery or gunicorn
    args: tuple[str, ...]
    source: str

    def __str__(self) -> str:
        return f"{self.program} {' '.join(self.args)}  ({self.source})"


def _interpolate(text: str) -> str:
    """Compose's `${VAR:-default}` becomes its default (a placeholder if none)."""
    return INTERPOLATION.sub(lambda m: m.group(2) or "VALUE", text)


def _tokens(text: str) -> list[str]:
    try:
        return shlex.split(text, comments=True)
    except ValueError:  # prose with an odd quote
        return text.split()


def _program_at(tokens: list[str], index: int) -> str | None:
    """The program an invocation starts with at `tokens[index]`, if any."""
    program = Path(tokens[index]).name
    following = tokens[index + 1 : index + 2]
    if program == "manage.py" and following:
        return program
    if program == "celery" and following == ["-A"]:
        return program
    if program == "gunicorn" and following and following[0].startswith("-"):
        return program  # not "gunicorn, the production server" in prose
    return None


def invocations_in(text: str, source: str) -> list[Invocation]:
    found = []
    tokens = [t.strip("`\"',.") for t in _tokens(_interpolate(text))]
    for index in range(len(tokens)):
        program = _program_at(tokens, index)
        if program is None:
            continue
        args = []
        for arg in tokens[index + 1 :]:
            if arg in SHELL_SEPARATORS:
                break
            args.append(arg)
        found.append(Invocation(program, tuple(args), source))
    return found


def _yaml_commands(path: Path) -> list[Invocation]:
    found = []
    for doc in yaml_documents(path):
        commands = []
        if "services" in doc:  # Compose
            commands = [s.get("command") for s in doc["services"].values()]
        elif "apiVersion" in doc and pod_spec(doc):
            spec = pod_spec(doc)
            for c in spec.get("initContainers", []) + spec["containers"]:
                commands.append((c.get("command") or []) + (c.get("args") or []))
        for command in commands:
            if command:
                text = command if isinstance(command, str) else shlex.join(command)
                found += invocations_in(text, path.name)
    return found


def _logical_lines(path: Path) -> Iterator[tuple[int, str]]:
    """(line number, line) with continuations joined; in Markdown, code blocks only."""
    in_code = path.suffix != ".md"  # only what the guide tells you to type
    pending, start = "", 0
    for number, line in enumerate(path.read_text().splitlines(), 1):
        if path.suffix == ".md" and line.lstrip().startswith("```"):
            in_code = not in_code
            continue
        if not in_code:
            continue
        start = start if pending else number
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        yield start, pending + line
        pending = ""


def _text_commands(path: Path) -> list[Invocation]:
    found = []
    for number, line in _logical_lines(path):
        line = line.strip().lstrip("#").strip()
        if line.startswith("[") and line.endswith("]"):  # a Dockerfile's JSON form
            line = " ".join(yaml.safe_load(line))
        found += invocations_in(line, f"{path.relative_to(ROOT)}:{number}")
    return found


def deploy_invocations() -> list[Invocation]:
    found = []
    for path in sorted(p for p in DEPLOY.rglob("*") if p.is_file()):
        if path.suffix in {".yaml", ".yml"}:
            found += _yaml_commands(path)
        elif path.suffix in {".md", ".py", ".sh", ".example"} or path.name == "Dockerfile":
            found += _text_commands(path)
    return found


INVOCATIONS = deploy_invocations()


def test_the_deploy_files_run_the_expected_commands():
    programs = {(i.program, i.args[0] if i.args else "") for i in INVOCATIONS}
    assert {
        ("manage.py", "migrate_fleet"),
        ("manage.py", "collectstatic"),
        ("celery", "-A"),
        ("gunicorn", "--config"),
    } <= programs


@pytest.mark.parametrize(
    "invocation", [i for i in INVOCATIONS if i.program == "manage.py"], ids=str
)
def test_management_command_exists_and_accepts_its_options(invocation):
    name, *args = invocation.args
    commands = get_commands()
    assert name in commands, f"no management command {name!r}: {invocation}"
    parser = load_command_class(commands[name], name).create_parser("manage.py", name)
    try:
        parser.parse_args(args)
    except (CommandError, SystemExit) as refused:
        pytest.fail(f"options refused by {name}: {invocation}: {refused}")


@pytest.mark.parametrize("invocation", [i for i in INVOCATIONS if i.program == "celery"], ids=str)
def test_celery_command_exists_and_accepts_its_options(invocation):
    from groupage.celery import app

    flag, application, subcommand, *args = invocation.args
    assert (flag, application) == ("-A", "groupage")
    assert subcommand in celery_cli.commands, invocation
    context = CLIContext(app=app, no_color=True, workdir=None, quiet=True)
    celery_cli.commands[subcommand].make_context(subcommand, list(args), obj=context)


@pytest.mark.parametrize("invocation", [i for i in INVOCATIONS if i.program == "gunicorn"], ids=str)
def test_gunicorn_command_accepts_its_options(invocation):
    options = Config().parser().parse_args(list(invocation.args))
    assert (ROOT / options.config).is_file(), invocation
    assert options.config == "deploy/gunicorn.conf.py"


def test_the_fleet_migration_is_explained_in_the_guide():
    guide = (DEPLOY / "README.md").read_text()
    assert "migrate_fleet" in guide and "canary" in guide


def test_the_scan_would_catch_an_unknown_command_or_option():
    (unknown,) = invocations_in("docker compose run web python manage.py deploy_the_moon", "x")
    assert unknown.args == ("deploy_the_moon",)
    assert "deploy_the_moon" not in get_commands()
    (misspelt,) = invocations_in("python manage.py migrate_schemas --no-input-please && ls", "x")
    parser = load_command_class("django_tenants", "migrate_schemas").create_parser(
        "manage.py", "migrate_schemas"
    )
    with pytest.raises(CommandError, match="--no-input-please"):
        parser.parse_args(list(misspelt.args[1:]))
