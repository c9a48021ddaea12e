"""The README's commands run as written, after the set-up it gives (`. .venv/bin/activate`),
and `invoke <task> --help` answers for every task, wherever `--help` is on the line, running
nothing."""

import io
import os
import re
import shlex
import subprocess
import sys
from contextlib import redirect_stdout
from pathlib import Path

import pytest
from invoke import Collection, Program

import tasks
from tests.repository import clone_of_the_repository
from tests.sites import ROOT, invoke, small_school

README = (ROOT / "README.md").read_text(encoding="utf-8")
#: A command in the first cell of one of the README's tables: | `invoke new news\|event …` | … |
TABLE_COMMAND = re.compile(r"^\| `((?:invoke|pelican) (?:[^`\\]|\\.)*)` \|", re.M)
#: A command in backticks anywhere: `invoke check`, `SITEURL=https://school.example invoke publish`
INLINE_COMMAND = re.compile(r"(?<!`)`((?:[A-Z_]+=\S+ )*invoke [^`]*)`(?!`)")
#: Optional parts of a command as the README writes them: [--content DIR], [--dry-run[=DIR]]
OPTIONAL = re.compile(r" \[(?:[^\[\]]|\[[^\[\]]*\])*\]")
#: Tasks that only read: run as written. Every other one writes, sends or serves: run with --help.
READ_ONLY = {"check", "translations"}


def collection() -> Collection:
    """The tasks as invoke loads them from tasks.py."""
    return Collection.from_module(tasks)


def help_text(name: str) -> str:
    """What `invoke --help NAME` prints (invoke's own per-task help), from invoke itself."""
    said = io.StringIO()
    with redirect_stdout(said):
        Program(namespace=collection(), binary="inv[oke]").run(["invoke", "--help", name], False)
    return said.getvalue()


def table_commands() -> list[str]:
    """Each command of the README's tables, `\\|` as `|`."""
    return [found.replace("\\|", "|") for found in TABLE_COMMAND.findall(README)]


def readme_commands() -> list[str]:
    """Every `invoke …` command the README writes in backticks (tables and text, one written
    over two lines too), but the forms with a `<placeholder>`; `\\|` as `|`."""
    found = INLINE_COMMAND.findall(README)
    return sorted({" ".join(f.replace("\\|", "|").split()) for f in found if "<" not in f})


def command_lines(command: str) -> list[str]:
    """The lines to type for a command of the tables: its optional parts left out, one line per
    alternative (`new news|event|entry` is three)."""
    words = OPTIONAL.sub("", command).split(" ")
    choice = next((i for i, word in enumerate(words) if "|" in word), None)
    if choice is None:
        return [" ".join(words)]
    return [
        " ".join([*words[:choice], one, *words[choice + 1 :]]) for one in words[choice].split("|")
    ]


@pytest.mark.slow
def test_every_task_answers_help_and_explains_each_option():
    listed = invoke("--list").stdout  # what the README says lists the tasks
    assert all(re.search(rf"^  {name}\b", listed, re.M) for name in collection().task_names)
    for name, context in ((c.name, c) for c in collection().to_contexts()):
        result = invoke(name, "--help")  # the form people type, as a real command line
        assert result.returncode == 0, f"invoke {name} --help:\n{result.stdout}{result.stderr}"
        assert result.stdout == help_text(name), name  # the same as `invoke --help NAME`
        assert result.stdout.startswith(f"Usage: inv[oke] [--core-opts] {name} "), name
        undocumented = [arg.name for arg in context.args.values() if not arg.help]
        assert not undocumented, f"invoke {name} --help says nothing of {undocumented}"
        doc = getattr(tasks, name.replace("-", "_")).__doc__
        assert doc and "\n" not in doc.strip(), f"{name}: a one-line docstring"


@pytest.mark.slow
def test_help_is_never_taken_for_a_value_and_runs_nothing(tmp_path):
    content = small_school(tmp_path / "content")
    before = sorted(path.relative_to(tmp_path) for path in tmp_path.rglob("*"))
    for line in (
        ["new", "--help"],  # was: "'new' did not receive required positional arguments"
        ["new", "news", "--help"],  # was: a post titled "--help"
        ["new", "news", "-h", "--class", "grade-1"],
        ["book", "--class", "grade-1", "--event", "x", "--help"],
        ["newsletter", "--help"],
        ["portfolio-export", "--help"],  # was: a whole build, exporting a student "--help"
        ["send", "--dry-run", "--help"],  # was: a dry run into a folder "--help"
    ):
        here = ["--search-root", str(ROOT), *line, "--content", str(content)]  # from tmp_path
        result = invoke(*here, cwd=tmp_path)  # where a task would write: exports/, mail-dry-run/
        assert result.returncode == 0, f"invoke {shlex.join(line)}:\n{result.stderr}"
        assert result.stdout == help_text(line[0]), shlex.join(line)
    assert sorted(path.relative_to(tmp_path) for path in tmp_path.rglob("*")) == before


def test_new_names_every_kind_it_makes():
    said = invoke("new", "--help").stdout
    for kind in ("news", "event", "entry", "class"):
        assert re.search(rf"\b{kind}\b", said), kind
    assert "new class ID" in said  # the form of a class, which has an id, not a title


def test_the_readme_says_once_how_to_activate_and_every_command_is_written_for_it():
    opening, after = README.split("```", 2)[1:]
    assert all(". .venv/bin/activate && " in line for line in opening.strip().splitlines()[1:])
    said = after.split("\n\n", 2)[1]  # the paragraph right after the two first commands
    assert "in every new terminal, run `. .venv/bin/activate`" in said
    assert ".venv/bin/" not in README.replace(".venv/bin/activate", ""), (
        "a command written with the environment's path: write it as it runs once activated"
    )
    names = set(collection().task_names)
    mentioned = set(re.findall(r"(?<![\w/.-])invoke ([a-z][a-z-]*)", README))
    assert mentioned <= names, f"the README names tasks that do not exist: {mentioned - names}"


def test_every_task_has_a_line_in_the_readme_table():
    in_table = {
        command.split(" ")[1] for command in table_commands() if command.startswith("invoke")
    }
    assert set(collection().task_names) <= in_table, set(collection().task_names) - in_table


@pytest.mark.slow
def test_each_command_of_the_readme_runs_as_written_in_a_fresh_clone(tmp_path):
    assert sys.prefix != sys.base_prefix, "run the tests as the README does, in .venv"
    clone = clone_of_the_repository(tmp_path / "clone")
    (clone / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    environment = Path(sys.prefix).resolve() / "bin"
    path = [p for p in os.environ["PATH"].split(os.pathsep) if Path(p).resolve() != environment]
    env = {**os.environ, "PATH": os.pathsep.join(path)}  # invoke only once activated
    env.pop("VIRTUAL_ENV", None)
    commands = readme_commands()
    assert {c for c in table_commands() if c.startswith("invoke ")} <= set(commands)
    typed_already = set()
    for command in commands:
        task = re.search(r"\binvoke (\S+)", command).group(1)  # or a core option: --help
        for line in command_lines(command):
            typed = line if task in READ_ONLY or task.startswith("-") else f"{line} --help"
            if typed in typed_already:
                continue
            typed_already.add(typed)
            result = subprocess.run(
                ["bash", "-c", f". .venv/bin/activate && {typed}"],
                cwd=clone,
                env=env,
                capture_output=True,
                text=True,
                timeout=300,
            )
            assert result.returncode == 0, f"{typed}:\n{result.stdout}{result.stderr}"
            if task in READ_ONLY or task.startswith("-"):
                continue
            assert result.stdout.startswith(f"Usage: inv[oke] [--core-opts] {task} "), typed
            for option in re.findall(r"--[a-z][a-z-]*", command):  # the optional ones too
                assert re.search(rf"{re.escape(option)}[= ]", result.stdout), (
                    f"the README gives `{option}` to `invoke {task}`, whose help has no such option"
                )
    nothing_new = ["git", "-C", str(clone), "status", "--porcelain", "--", ".", ":!.venv"]
    ran = subprocess.run(nothing_new, capture_output=True, text=True, timeout=60)
    assert ran.stdout == ""  # ran nothing


def test_the_readme_says_what_un_skips_each_skipped_test():
    """Each remedy a skip names (`apt-get install chromium`, `npm ci`, two cores) is in the
    README's table of skipped tests, and each test file that can skip is named there."""
    table = README.split("**What un-skips a skipped test.**", 1)[1].split("\n\n", 2)[1]
    skipping = set()
    for path in sorted((ROOT / "tests").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        reasons = re.findall(r"(?:need\(|pytest\.skip\()(.*?)\)\n", text, re.S)
        for reason in reasons:
            for package in re.findall(r"apt-get install ([\w.-]+)", reason):
                # named in an `apt-get install …` of the table, alone or with others
                installs = re.findall(r"`apt-get install ([^`]*)`", table)
                assert any(package in line.split() for line in installs), package
            assert "npm ci" not in reason or "npm ci" in table, path.name
        # what skips: need() and pytest.skip() themselves, and the tools' helpers (a test that
        # opens a page, through the `browser` fixture, or runs axe-core in it, is in the table's
        # first two rows, by its kind)
        skips = r"need\(|pytest\.skip\(|\b(nu_check|actionlint|lighthouse)\("
        if path.name.startswith("test_") and path != Path(__file__) and re.search(skips, text):
            skipping.add(path.name)
    assert "cores" in table and "npm ci" in table  # one core; tests/tools.py: "run `npm ci`"
    assert "every test that opens a page" in table and "/usr/bin/chromium" in table
    assert "every test that runs it" in table  # axe-core
    named = set(re.findall(r"`(test_\w+\.py)`", table))
    unnamed = skipping - named - {"test_tools.py"}  # test_tools tests the skipping itself
    assert not unnamed, f"tests that can skip, not in the README table: {sorted(unnamed)}"


def test_the_readme_answers_the_admins_questions_citing_github_for_what_github_decides():
    answers = README.split("### Questions admins ask\n", 1)[1].split("\n## ", 1)[0]
    chunks = [chunk.strip().removeprefix("**") for chunk in answers.split("\n\n**")]
    paragraphs = {chunk.split("**")[0]: chunk for chunk in chunks}  # question → its answer
    cited = {  # the question's words → what GitHub's documentation says there
        "Which GitHub plan": [
            "docs.github.com/en/pages/getting-started-with-github-pages/about",
            "using-environments-for-deployment",
            "about-protected-branches",
        ],
        "multi-line YAML": ["docs.github.com/en/actions/reference/secrets-reference"],
        "teachers": ["about-code-owners", "CODEOWNERS", "Require review from Code Owners"],
        "try the workflow": ["check.yml", "Pages address"],
        "lost its passphrase": ["HOMEROOM_FAMILY_KEYS", "invoke portfolio-cards"],
        "Remember it on this device": ["project site", "#reading-without-a-connection"],
    }
    for words, says in cited.items():
        paragraph = next((p for q, p in paragraphs.items() if words in q), None)
        assert paragraph, f"no question about {words!r} in the README's 'Questions admins ask'"
        for said in says:
            assert said in paragraph, (words, said)
    assert "GitHub Free" in paragraphs[next(q for q in paragraphs if "plan" in q)]
