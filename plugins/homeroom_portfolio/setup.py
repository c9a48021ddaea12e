"""The portfolio pages as `invoke publish` would make them, for the tasks that work beside the
site (printable cards, offline exports): the school read, the keys loaded and checked."""

from pathlib import Path

from homeroom_i18n.counts import counted, task_catalog
from homeroom_school.loading import load_school
from homeroom_school.settings import Config

from .keys import KeysError, demo_passphrases, load_keys, passphrase_problem
from .policy import plan_portfolios


class SetupError(ValueError):
    """The portfolios cannot be planned; the message says why and what to do."""


def portfolio_setup(settings: dict, config: Config, real_keys: bool):
    """(config, school, pages) from Pelican's settings and the Config made of them. With
    `real_keys` (from the environment, not the demo's), a passphrase that publish would refuse
    stops it: no card is printed for a page that will never be published."""
    school = load_school(config)
    errors = [problem for problem in school.problems if not problem.warning]
    if errors:
        problems = counted(task_catalog(settings), len(errors), "problem")
        raise SetupError(f"{problems} in the content; run `invoke check`")
    try:
        keys = load_keys(config.family_keys, Path.cwd())
    except KeysError as error:
        raise SetupError(str(error)) from None
    if real_keys:
        demo = demo_passphrases()
        found = (passphrase_problem(key, phrase, demo) for key, phrase in sorted(keys.items()))
        weak = [problem for problem in found if problem]
        if weak:
            raise SetupError("\n".join([*weak, "no cards printed: publish would refuse these"]))
    secret = config.secret
    pages = plan_portfolios(school, secret, keys, preview=False, content=config.content_path)
    return config, school, pages
