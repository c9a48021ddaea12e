"""homeroom_i18n's Pelican plugin (`PLUGINS`: "homeroom_i18n.plugin").

Signals: `generator_init` installs the translation machinery (`homeroom_i18n.install`) in
every generator's Jinja environment, ours and Pelican's, before any template is loaded.
"""

from pelican import signals

from homeroom_school import config_of

from . import install


def on_generator_init(generator) -> None:
    install(generator.env, config_of(generator.context).translations_path)


def register():
    signals.generator_init.connect(on_generator_init)
