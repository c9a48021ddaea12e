"""Household keys derived beside a cold build, in a process of their own at the lowest priority.

PBKDF2 is slow on purpose (600,000 rounds: about 0.07 s of one core a key), and `publish`
needs one per household: most of a publish's extra time at a school of 100 families. From the
start of the build (the portfolio generator is made before the school is read), a child
process derives the key of every household of HOMEROOM_FAMILY_KEYS, at the lowest priority, so
that it takes the cores while the build leaves them idle (starting the workers, between reading
and rendering, while the main process plans or waits) and little else; the portfolios take the
keys they need when they are written, wait only for what is left, and end the child.

The passphrases and salts go to the child over a pipe, never on its command line, in its
environment (it gets an empty one: the build's may hold HOMEROOM_FAMILY_KEYS) or on disk; the
stretched passphrases come back the same way, and only HKDF, here, makes them keys. The child
imports only cryptography, whose PBKDF2 (crypto.stretch's) lets go of the GIL, so it derives
on every core with threads (it never forks). Should it fail, what it did not give is derived
here: slower, the same bytes.
"""

import os
import selectors
import subprocess
import sys
import time
import weakref

from . import crypto

TIMEOUT = 900  # seconds: far beyond any school's keys on one slow core

# The child: a header line (iterations, threads), then one line per key (passphrase and salt,
# hex); it writes one line per key as each is done (its number, the PBKDF2 output in hex).
CHILD = r"""
import os, sys, threading
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
try:
    os.nice(19)
except OSError:
    pass
lines = sys.stdin.buffer.read().split(b"\n")
iterations, threads = (int(x) for x in lines[0].split())
jobs = [[bytes.fromhex(x.decode()) for x in line.split()] for line in lines[1:] if line]
lock, numbers = threading.Lock(), iter(range(len(jobs)))
def derive():
    while True:
        with lock:
            number = next(numbers, None)
        if number is None:
            return
        passphrase, salt = jobs[number]
        kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=salt, iterations=iterations)
        key = kdf.derive(passphrase)
        with lock:
            sys.stdout.buffer.write(b"%d %s\n" % (number, key.hex().encode()))
            sys.stdout.buffer.flush()
workers = [threading.Thread(target=derive) for _ in range(threads)]
for worker in workers:
    worker.start()
for worker in workers:
    worker.join()
"""


class Derivation:
    """The household keys of `wanted` ({name: (passphrase, salt)}), derived in a child process
    from now on; `keys(names)` waits for those and ends the child."""

    def __init__(self, wanted: dict, threads: int, iterations: int = crypto.ITERATIONS):
        self.wanted = dict(wanted)
        self.iterations = iterations
        self.process: subprocess.Popen | None = None
        if not self.wanted:
            return
        lines = [f"{iterations} {max(1, threads)}"]
        for passphrase, salt in self.wanted.values():
            lines.append(f"{crypto.normalize(passphrase).encode().hex()} {salt.hex()}")
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-I", "-c", CHILD],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env={},  # none of the build's: HOMEROOM_FAMILY_KEYS may be the keys themselves
            )
            # ended with this object at the latest (a build that stopped before its portfolios)
            self._end = weakref.finalize(self, _end, self.process)
            stdin, self.process.stdin = self.process.stdin, None
            with stdin:  # closed before any fork of the build: no worker holds it open
                stdin.write("\n".join(lines).encode() + b"\n")
        except OSError:  # no process, or it died at once: keys() derives them here
            self.close()

    def keys(self, names) -> dict:
        """{name: household key} for each of `names` wanted at the start, then the child is
        ended (what it has not derived yet, nobody needs)."""
        numbers = {name: number for number, name in enumerate(self.wanted)}
        names = [name for name in dict.fromkeys(names) if name in numbers]
        try:
            stretched = self._collect({numbers[name] for name in names})
        finally:
            self.close()
        keys = {}
        for name in names:
            passphrase, salt = self.wanted[name]
            done = stretched.get(numbers[name])
            if done is None:  # the child failed: the same bytes, derived here
                done = crypto.stretch(passphrase, salt, self.iterations)
            keys[name] = crypto.wrapping_key(done, salt)
        return keys

    def _collect(self, needed: set[int]) -> dict[int, bytes]:
        """The child's keys as they come, until every needed one has (or it ends)."""
        got: dict[int, bytes] = {}
        if self.process is None:
            return got
        deadline = time.monotonic() + TIMEOUT
        pending = b""
        with selectors.DefaultSelector() as selector:
            selector.register(self.process.stdout, selectors.EVENT_READ)
            while not needed <= got.keys():
                left = deadline - time.monotonic()
                if left <= 0 or not selector.select(left):
                    break
                chunk = os.read(self.process.stdout.fileno(), 1 << 16)
                if not chunk:  # the child ended
                    break
                *lines, pending = (pending + chunk).split(b"\n")
                for line in lines:
                    number, _, key = line.partition(b" ")
                    try:
                        got[int(number)] = bytes.fromhex(key.decode())
                    except ValueError:
                        continue
        return {number: key for number, key in got.items() if len(key) == 32}

    def close(self) -> None:
        """End the child, whatever it is doing (done, or a build that stopped early)."""
        if self.process is not None:
            self.process = None
            self._end()


def _end(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.kill()
    process.wait()
    if process.stdout is not None:
        process.stdout.close()
