"""`invoke <task> --help` for every task, wherever it is written: help, never a value."""

from collections.abc import Callable
from typing import Any

from invoke import Argument, Collection, Program, Task
from invoke import task as invoke_task

HELP_FLAGS = frozenset({"--help", "-h"})


class HelpAsked:
    """Shared by one task's arguments in one parse: whether `--help` came where a value could be
    (invoke's parser gives the next token to an awaited positional argument, or to a flag whose
    value is optional, before it looks for flags: `invoke new --help` was a post titled `--help`,
    or a missing title, and `invoke send --dry-run --help` a dry run into a folder `--help`)."""

    def __init__(self) -> None:
        self.asked = False


ASKED_FOR_HELP = object()  # the value of every help-aware argument of a task asked for help


class HelpAwareArgument(Argument):
    """A positional argument, or a flag with an optional value, that takes `--help` or `-h` as a
    request for help: then none of the task's positional arguments is missing any more (the
    parser neither awaits nor refuses them), and each holds ASKED_FOR_HELP."""

    def __init__(self, *args: Any, asked: HelpAsked, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.asked = asked

    @property
    def value(self) -> Any:
        return ASKED_FOR_HELP if self.asked.asked else Argument.value.fget(self)

    @value.setter
    def value(self, arg: Any) -> None:
        if arg in HELP_FLAGS:
            self.asked.asked = True
        else:
            self.set_value(arg, cast=True)


class HelpfulTask(Task):
    """An invoke task whose `--help` works wherever it is written, and whose help text survives
    more than one parse (invoke's `get_arguments` consumes the `help` dict)."""

    def get_arguments(self, ignore_unknown_help: bool | None = None) -> list[Argument]:
        helps = dict(self.help)
        try:
            arguments = super().get_arguments(ignore_unknown_help=ignore_unknown_help)
        finally:
            self.help = helps
        asked = HelpAsked()
        awaits = [argument.positional or argument.optional for argument in arguments]
        return [help_aware(a, asked) if w else a for a, w in zip(arguments, awaits, strict=True)]

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if any(value is ASKED_FOR_HELP for value in kwargs.values()):
            alone = Collection(self)  # its name as invoke writes it: portfolio-export
            program = Program(namespace=alone, binary="inv[oke]")  # as invoke says it
            program.run(["invoke", "--help", *alone.task_names], exit=False)  # prints, then stops
            return None
        return super().__call__(*args, **kwargs)


def help_aware(argument: Argument, asked: HelpAsked) -> HelpAwareArgument:
    """The same argument, taking `--help` as a request for help."""
    return HelpAwareArgument(
        names=argument.names,
        kind=argument.kind,
        default=argument.default,
        help=argument.help,
        positional=argument.positional,
        optional=argument.optional,
        incrementable=argument.incrementable,
        attr_name=argument.attr_name,
        asked=asked,
    )


def task(*args: Any, **kwargs: Any) -> Callable | Task:
    """invoke's `@task`, making a HelpfulTask."""
    return invoke_task(*args, klass=HelpfulTask, **kwargs)
