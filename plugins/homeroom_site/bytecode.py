"""Templates compiled once per process: Pelican gives every generator its own Jinja
environment (five of ours render the theme), and the preview makes new ones at every rebuild;
compiling the theme is a tenth of a second each time."""

from jinja2 import BytecodeCache


class MemoryBytecodeCache(BytecodeCache):
    """Jinja's bytecode in memory, by template; Jinja itself checks each template's source
    checksum, so an edited template is compiled again."""

    def __init__(self):
        self.stored: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        code = self.stored.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket) -> None:
        self.stored[bucket.key] = bucket.bytecode_to_string()


SHARED = MemoryBytecodeCache()  # every environment of this process: the same settings
