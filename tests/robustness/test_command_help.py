"""Every management command of the project answers `--help` with its description, never a traceback."""

import pytest
from django.core.management import get_commands, load_command_class

COMMANDS = sorted((name, app) for name, app in get_commands().items() if app.startswith("maillage."))


def test_the_project_has_commands() -> None:
    """The list below is not empty by accident: the project's own commands are found."""
    assert len(COMMANDS) >= 5
    assert "import_sirene" in dict(COMMANDS)


@pytest.mark.parametrize(("name", "app"), COMMANDS, ids=[name for name, _ in COMMANDS])
def test_help_exits_zero_with_the_description(
    name: str, app: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`manage.py <command> --help` prints the usage and the command's description, and exits with 0."""
    command = load_command_class(app, name)
    assert command.help.strip(), f"{name} has no help text"
    with pytest.raises(SystemExit) as exit_info:
        command.run_from_argv(["manage.py", name, "--help"])
    assert exit_info.value.code == 0
    printed = capsys.readouterr().out
    assert f"usage: manage.py {name}" in printed
    # argparse rewraps the description: compare its first words.
    first_words = " ".join(command.help.split()[:4])
    assert first_words in " ".join(printed.split())
