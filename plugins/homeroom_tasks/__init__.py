"""homeroom_tasks: the helpers behind tasks.py, which keeps only the invoke tasks.

Not a Pelican plugin. `paths.py` the repository's settings files and output folders;
`settings.py` a task's Pelican settings and Config, or one line that stops it; `classes.py`
the class a task names; `runs.py` one build run with its problems counted, the published
site's size; `preview.py` the preview's folders and rebuilds; `help.py` invoke's `task` with
`--help` anywhere; `starting.py` (`invoke start`) and `class_starter.py` (`invoke new class`);
`portfolio.py` the portfolio pages for cards and exports. A helper that reads a class, the
site's address or the portfolios is given the settings its task read (`pelican_settings`),
so a task's settings are read once, in tasks.py.
"""
