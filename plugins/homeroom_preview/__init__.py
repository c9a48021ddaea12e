"""homeroom_preview: the live preview behind `invoke serve` (a library, not a Pelican plugin).

It serves the built site on 127.0.0.1, watches the content, theme, plugins and settings with
watchdog, rebuilds on save into a staging folder, copies only the files that changed into the
served folder, and tells every open tab over server-sent events: reload, or show the content
problems as an overlay while the last good pages stay up. The small script that listens is
added to HTML responses by this server only; no file of the site ever contains it.
"""

from .server import BuildState, PreviewServer
from .sync import sync_paths, sync_tree

__all__ = ["BuildState", "PreviewServer", "sync_paths", "sync_tree"]
