"""The names of the project's settings files and of the folders the tasks write.

Names, not paths: the project is the folder of the tasks.py that invoke runs (tasks.py makes
its paths), never the folder this package was installed from.
"""

DEV_SETTINGS_NAME = "pelicanconf.py"
PUBLISH_SETTINGS_NAME = "publishconf.py"
# Where `invoke publish` puts the site (and `invoke send` reads it), and where `invoke serve`
# writes its preview: never the same folder, or a save would turn published pages into
# preview pages (drafts, unencrypted family pages) that the next send reads.
PUBLISHED_FOLDER = "output"
PREVIEW_FOLDER = "preview"
