"""Parse every Markdown file, on every core when there are many: Markdown is most of reading.

Each file becomes a ParsedFile or the Problem that stopped it; one file's mistake, whatever it
is, never stops the others.
"""

import hashlib
import os
from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple

from homeroom_school.problems import ContentError, Problem
from homeroom_school.reading.front_matter import ParsedFile, new_markdown, parse_file
from homeroom_workers import can_fork, process_pool, share_size

# Below this many files, starting worker processes costs more than it saves.
PARALLEL_FROM = 64

# One file to parse: (absolute path, path relative to content/, the size limit in bytes).
Job = tuple[str, str, int]

# What forked workers do next with each file they parse (`parse_and_then`'s `then`): set only
# while they run, which they inherit (a forkserver's workers would not: they are not asked).
_then: Callable | None = None


class ParsedEntry(NamedTuple):
    """What the preview's parse cache keeps of one file (`ReadingMemory.parsed`)."""

    stamp: tuple[int, int, int]  # modification time, size and inode, when it was read
    digest: bytes | None  # of its bytes (None when they could not be read)
    result: object  # its ParsedFile, or the Problem that stopped it


@lru_cache(maxsize=1)
def _process_markdown():
    """One Python-Markdown instance per worker process, reused (reset) for every file."""
    return new_markdown()


def _parse_job(job: Job) -> ParsedFile | Problem:
    """One file, in a worker or here: whatever goes wrong is that file's problem."""
    path, rel, limit = job
    try:
        with open(path, "rb") as file:
            raw = file.read(limit + 1)
        if len(raw) > limit:
            return Problem(
                rel,
                None,
                f"is larger than {limit // 1024} KiB, the limit for one Markdown file "
                "(HOMEROOM_MARKDOWN_MAX_BYTES); split it into several posts, or put a long "
                "document in a PDF that the post links",
            )
        return parse_file(_process_markdown(), raw, rel)
    except ContentError as error:
        return error.problem
    except Exception as error:  # one file's mistake never stops the build
        return unreadable(rel, error)


def file_digest(path: str) -> bytes | None:
    """A digest of a file's bytes; None if it cannot be read (parsing it says why)."""
    try:
        with open(path, "rb") as file:
            return hashlib.blake2b(file.read(), digest_size=16).digest()
    except OSError:
        return None


def unreadable(path: str, error: BaseException) -> Problem:
    """A problem for a file whose reading failed in a way nothing else names."""
    what = "is nested too deeply" if isinstance(error, RecursionError) else "could not be read"
    return Problem(
        path,
        None,
        f"{what} ({type(error).__name__}: {str(error)[:120]}); simplify it (fewer nested "
        "lists or quotes), or remove what was pasted in last",
    )


def _parse_job_then(indexed: tuple[int, Job]) -> tuple:
    """One file parsed, then `_then` of its index and what parsing gave, in the same worker."""
    index, job = indexed
    result = _parse_job(job)
    return result, _then(index, result)


def parse_all(
    jobs: list[Job], workers: int, cache: dict | None = None, touched: set[str] | None = None
) -> list:
    """Each job's ParsedFile or Problem, in the jobs' order (`parse_and_then`, nothing then)."""
    return parse_and_then(jobs, workers, cache, touched)[0]


def parse_and_then(
    jobs: list[Job],
    workers: int,
    cache: dict | None = None,
    touched: set[str] | None = None,
    then: Callable[[int, object], object] | None = None,
) -> tuple[list, dict]:
    """Each job's ParsedFile or Problem, in the jobs' order, and {index: then(index, result)}
    for the files forked workers parsed: each worker goes on with a file it parsed (reading
    it, versions.ReadAhead) while the others parse theirs, where this process would do it for
    every file after the last was parsed. The caller does `then` for the files not in it
    (parsed here, kept from the cache, or by workers that are not forked).

    With a cache (the preview keeps one between rebuilds: rel -> ParsedEntry), a
    file is read again only when its modification time, size or inode changed, and parsed
    again only when its bytes did: a save without a change keeps the very same ParsedFile.
    With `touched` (the files the watcher saw change, relative to content/), a file not in
    it is not even looked at. Afterwards the cache holds this build's files only, so a
    preview open all term does not keep every old version.
    """
    global _then
    results: list = [None] * len(jobs)
    after: dict = {}
    stamps = {}
    todo = []
    for index, (path, rel, _) in enumerate(jobs):
        if cache is not None:
            remembered = cache.get(rel)
            if remembered and touched is not None and rel not in touched:
                results[index] = remembered.result
                continue
            try:
                status = os.stat(path)  # a save changes the time; a stat costs no read
            except OSError:
                todo.append(index)  # gone since discovery: parsing it says so
                continue
            stamp = (status.st_mtime_ns, status.st_size, status.st_ino)
            if remembered and remembered.stamp == stamp:
                results[index] = remembered.result
                continue
            digest = file_digest(path)
            stamps[index] = (stamp, digest)
            if remembered and digest is not None and remembered.digest == digest:
                results[index] = remembered.result  # saved again, unchanged
                cache[rel] = ParsedEntry(stamp, digest, remembered.result)
                continue
        todo.append(index)
    if workers <= 1 or len(todo) < PARALLEL_FROM:
        parsed = [_parse_job(jobs[index]) for index in todo]
    elif then is not None and can_fork():
        chunk = share_size(len(todo), workers, 4, 8, 64)  # small: each is one message
        _then = then
        try:
            with process_pool(workers) as pool:  # forked: the workers inherit `then`
                done = list(
                    pool.map(_parse_job_then, [(i, jobs[i]) for i in todo], chunksize=chunk)
                )
        finally:
            _then = None
        parsed = [result for result, _ in done]
        after = {index: went_on for index, (_, went_on) in zip(todo, done, strict=True)}
    else:
        chunk = share_size(len(todo), workers, 4, 8, 64)  # small: each is one message
        with process_pool(workers) as pool:  # forked, or from a forkserver if threads run
            parsed = list(pool.map(_parse_job, [jobs[i] for i in todo], chunksize=chunk))
    for index, result in zip(todo, parsed, strict=True):
        results[index] = result
        if cache is not None and index in stamps:
            cache[jobs[index][1]] = ParsedEntry(*stamps[index], result)
    if cache is not None and len(cache) != len(jobs):  # else it holds these jobs' files only
        for gone in cache.keys() - {rel for _, rel, _ in jobs}:
            del cache[gone]  # deleted, renamed, or no longer read (its class.yml went)
    return results, after
