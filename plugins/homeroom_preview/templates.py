"""Compiled templates kept between the preview's rebuilds: each rebuild makes new Jinja
environments (one per Pelican generator), and compiling the theme again is a tenth of a second
a rebuild would not otherwise need."""

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
