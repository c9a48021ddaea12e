"""Pagefind 1.5 writes its filter files (and so each language's meta file and pagefind-entry.json)
in hash-map order, which changes from run to run. This puts them in one order: the filter values
and the filter list sorted, files renamed by the digest of their new bytes, so the same pages
always give the same index, byte for byte. The files are gzip'd "pagefind_dcd" + CBOR."""

import gzip
import hashlib
import json
from pathlib import Path

SIGNATURE = b"pagefind_dcd"


def decode(data: bytes, at: int = 0):
    """One CBOR item (the kinds Pagefind writes: integers, strings, arrays, maps, simple)."""
    major, info = data[at] >> 5, data[at] & 31
    at += 1
    if info < 24:
        value = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        value, at = int.from_bytes(data[at : at + size], "big"), at + size
    elif major == 7 and info in (20, 21, 22):
        return {20: False, 21: True, 22: None}[info], at
    else:
        raise ValueError(f"unexpected CBOR item {data[at - 1]:#x}")
    if major == 0:
        return value, at
    if major == 1:
        return -1 - value, at
    if major in (2, 3):
        raw = data[at : at + value]
        return (raw if major == 2 else raw.decode()), at + value
    if major == 4:
        items = []
        for _ in range(value):
            item, at = decode(data, at)
            items.append(item)
        return items, at
    if major == 5:
        pairs = {}
        for _ in range(value):
            key, at = decode(data, at)
            pairs[key], at = decode(data, at)
        return pairs, at
    raise ValueError(f"unexpected CBOR major type {major}")


def head(major: int, value: int) -> bytes:
    if value < 24:
        return bytes([major << 5 | value])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if value < 1 << (8 * size):
            return bytes([major << 5 | info]) + value.to_bytes(size, "big")
    raise ValueError("integer too large")


def encode(item) -> bytes:
    if item is False or item is True or item is None:
        return bytes([0xF4 if item is False else 0xF5 if item is True else 0xF6])
    if isinstance(item, int):
        return head(0, item) if item >= 0 else head(1, -1 - item)
    if isinstance(item, bytes):
        return head(2, len(item)) + item
    if isinstance(item, str):
        raw = item.encode()
        return head(3, len(raw)) + raw
    if isinstance(item, list):
        return head(4, len(item)) + b"".join(encode(x) for x in item)
    return head(5, len(item)) + b"".join(encode(k) + encode(v) for k, v in item.items())


def read(path: Path):
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise ValueError(f"{path.name} is not a Pagefind file")
    item, end = decode(data, len(SIGNATURE))
    if encode(item) != data[len(SIGNATURE) : end]:  # a format this module does not know
        raise ValueError(f"{path.name}: Pagefind's format changed; update canonical.py")
    return item


def write(item) -> tuple[bytes, str]:
    """The file's bytes (gzip without a time stamp) and the digest naming it."""
    data = SIGNATURE + encode(item)
    return gzip.compress(data, compresslevel=9, mtime=0), hashlib.sha256(data).hexdigest()


def canonical_bundle(bundle: Path) -> None:
    """Rewrite one Pagefind bundle (`pagefind/`) in a fixed order."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for lang, about in sorted(entry["languages"].items()):
        meta_path = bundle / f"pagefind.{about['hash']}.pf_meta"
        meta = read(meta_path)
        filters = next(i for i, part in enumerate(meta) if is_filter_list(part, lang))
        renamed = []
        for name, old in sorted(meta[filters]):
            old_path = bundle / "filter" / f"{old}.pf_filter"
            name_read, values = read(old_path)
            data, digest = write([name_read, sorted(values, key=lambda pair: pair[0])])
            new = f"{lang}_{digest[: len(old) - len(lang) - 1]}"
            old_path.unlink()
            (bundle / "filter" / f"{new}.pf_filter").write_bytes(data)
            renamed.append([name, new])
        meta[filters] = renamed
        data, digest = write(meta)
        about["hash"] = f"{lang}_{digest[: len(about['hash']) - len(lang) - 1]}"
        meta_path.unlink()
        (bundle / f"pagefind.{about['hash']}.pf_meta").write_bytes(data)
    entry["languages"] = dict(sorted(entry["languages"].items()))
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")))


def is_filter_list(part, lang: str) -> bool:
    """The meta file's list of [filter name, filter file] pairs."""
    return isinstance(part, list) and all(
        isinstance(pair, list)
        and len(pair) == 2
        and all(isinstance(x, str) for x in pair)
        and pair[1].startswith(f"{lang}_")
        for pair in part
    )
