"""homeroom_mail: email each family what is new, in its language, from the school's server.

A library behind `invoke send`, not a Pelican plugin (no `register()`): it runs after
`invoke publish` and reads what that build wrote. `subscribers.py` HOMEROOM_SUBSCRIBERS;
`published.py` the class feeds of the built site (what "new" means); `ledger.py` what was
sent (mail-ledger.yml, no addresses); `plan.py` who gets what; `messages.py` the messages from
the theme's email templates; `sending.py` SMTP or a dry run's folder; `command.py` the run.
"""

# `invoke send`'s options (tasks.py imports this light module; the work is in command.py).
SEND_HELP = {
    "output": "the folder `invoke publish` wrote (default: output)",
    "ledger": "what was sent, to whom (default: mail-ledger.yml)",
    "dry_run": "write the messages as .eml files (into mail-dry-run/, or --dry-run=DIR)",
    "content": "content folder (class.yml: names, languages, contacts)",
    "start": "with no ledger yet: start one (every family gets a welcome); without it, no "
    "ledger sends nothing",
}
