"""The portfolio pages as `invoke publish` would make them, for the tasks that work beside the
site (printable cards, offline exports): the school read, the keys loaded and checked."""

import os
import sys
from pathlib import Path

from invoke import Exit

from homeroom_i18n.counts import counted, task_catalog
from homeroom_portfolio.keys import KeysError, demo_passphrases, load_keys, passphrase_problem
from homeroom_portfolio.policy import household_label, plan_portfolios
from homeroom_portfolio.retention import ended_classes
from homeroom_school.reading.loading import load_school
from homeroom_school.settings import Config, setting

from .settings import task_config


class SetupError(ValueError):
    """The portfolios cannot be planned; the message says why and what to do."""


def portfolio_setup(settings: dict, config: Config, real_keys: bool):
    """(config, school, pages) from Pelican's settings and the Config made of them. With
    `real_keys` (from the environment, not the demo's), a passphrase that publish would refuse
    stops it: no card is printed for a page that will never be published, nor for a class
    past its retention schedule."""
    school = load_school(config)
    errors = [problem for problem in school.problems if not problem.warning]
    if errors:
        problems = counted(task_catalog(settings), len(errors), "problem")
        raise SetupError(f"{problems} in the content; run `invoke check`")
    try:
        keys = load_keys(config.family_keys, Path.cwd())
    except KeysError as error:
        raise SetupError(str(error)) from None
    unknown = unknown_card_languages(keys, school.languages)
    if unknown:
        raise SetupError("\n".join(unknown))
    if real_keys:
        demo = demo_passphrases()
        found = (
            passphrase_problem(household_label(key, number, len(households)), phrase, demo)
            for key, households in sorted(keys.items())
            for number, (phrase, _) in enumerate(households, 1)
        )
        weak = [problem for problem in found if problem]
        if weak:
            raise SetupError("\n".join([*weak, "no cards printed: publish would refuse these"]))
    secret = config.secret
    ended = set(ended_classes(school, config.today, config.retention_days))  # offline: no card
    content = config.content_path
    pages = plan_portfolios(school, secret, keys, preview=False, content=content, ended=ended)
    return config, school, pages


def unknown_card_languages(keys: dict, languages) -> list[str]:
    """Why a household's card cannot be in the language the keys give it: the site has no
    texts in that language (its card would silently be in another)."""
    offered = ", ".join(languages)
    return [
        f"{household_label(key, number, len(households))}: lang {one.lang} is not a language "
        f"of the site ({offered}); give it one of those"
        for key, households in sorted(keys.items())
        for number, one in enumerate(households, 1)
        if one.lang and one.lang not in languages
    ]


def portfolios_for_tasks(settings: dict):
    """(config, school, pages) as `invoke publish` would make them, for `invoke portfolio-cards`;
    with no secrets in the environment, the demo's DEMO-ONLY ones (and a warning), or a stop
    that says what to fix."""
    if not setting(os.environ, "HOMEROOM_SECRET"):  # pelicanconf.py falls back to the demo's
        print("warning: HOMEROOM_SECRET is not set: using the DEMO-ONLY secret", file=sys.stderr)
    try:
        return portfolio_setup(
            settings,
            task_config(settings),
            real_keys=bool(setting(os.environ, "HOMEROOM_FAMILY_KEYS")),
        )
    except SetupError as error:
        raise Exit(str(error), code=1) from None
