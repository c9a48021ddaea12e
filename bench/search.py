"""What search costs: bytes the first search transfers in Chromium (and what the class home
loads of it: nothing), and what indexing adds to a build (a preview save would pay it)."""

import argparse
import contextlib
import functools
import gzip
import http.server
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def transferred(base: str, path: str, wait_for_results: bool) -> tuple[int, list[str]]:
    """Bytes on the wire (bodies as sent, and headers) for one page load, workers included."""
    from playwright.sync_api import sync_playwright

    from tests.tools import launch_chromium

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        context = browser.new_context()
        done: list = []
        context.on("requestfinished", lambda request: done.append(request))  # workers too
        page = context.new_page()
        page.goto(f"{base}/{path}")
        if wait_for_results:
            page.wait_for_selector("#search-found li", timeout=20000)
        page.wait_for_load_state("networkidle")
        sizes = {
            r.url: r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"] for r in done
        }
        browser.close()
    offline = ("/sw.js", "/offline.json")  # the offline reader's, on any page: not search's
    return sum(v for u, v in sizes.items() if not u.endswith(offline)), sorted(sizes)


# What GitHub Pages compresses when the browser accepts it (its text types); .pagefind and
# .wasm files are sent as they are (Pagefind writes its index gzip'd already).
TEXT = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".ics")


@contextlib.contextmanager
def serve_gzip(folder: Path):
    """Serve `folder` on 127.0.0.1 as GitHub Pages does for text: gzip'd when the browser
    accepts it (Content-Encoding: gzip); yields the base URL."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            gzip_ok = "gzip" in self.headers.get("Accept-Encoding", "")
            if not path.is_file() or path.suffix not in TEXT or not gzip_ok:
                return super().do_GET()
            body = gzip.compress(path.read_bytes(), mtime=0)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(folder))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def lighthouse_scores(base: str, paths: list[str]) -> list[str]:
    """Lighthouse's mobile performance score of each page (tests/tools.lighthouse: npm's
    pinned Lighthouse on Debian's Chromium), or why there is none."""
    import pytest

    from tests.tools import lighthouse

    scores = []
    for path in paths:
        try:
            report = lighthouse(f"{base}/{path}")
        except (Exception, pytest.skip.Exception, pytest.fail.Exception) as error:
            scores.append(f"{path} not measured ({error})")  # no node_modules: npm ci
            continue
        scores.append(f"{path} {round(report['categories']['performance']['score'] * 100)}")
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--content", default=str(ROOT / "content"))
    args = parser.parse_args()
    from homeroom_search import build_index, searched_languages
    from tests.tools import serve

    work = Path(tempfile.mkdtemp(prefix="homeroom-search-bench-"))
    try:
        output = work / "output"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "invoke",
                "build",
                "--content",
                args.content,
                "--output",
                str(output),
            ],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        started = time.perf_counter()
        build_index(output, searched_languages(output))
        seconds = time.perf_counter() - started
        with serve(output) as base:
            home, home_urls = transferred(base, "en/grade-3b/", False)
            first, _ = transferred(base, "en/search/?q=fraction", True)
        with serve_gzip(output) as base:  # as GitHub Pages serves it
            gzipped, _ = transferred(base, "en/search/?q=fraction", True)
            scores = lighthouse_scores(base, ["en/grade-3b/", "ar/grade-5a/", "en/search/"])
        pagefind = [url for url in home_urls if "/pagefind/" in url or "search.js" in url]
        print(
            f"First search (en, 'fraction': page, CSS, scripts, index), measured in Chromium: "
            f"{gzipped / 1000:.1f} KB served as GitHub Pages serves text (gzip), "
            f"{first / 1000:.1f} KB from a server that compresses nothing"
        )
        print(f"Class home: {home / 1000:.1f} KB, of which search: {len(pagefind)} files")
        print("Lighthouse mobile, performance: " + ", ".join(scores))
        print(f"Indexing the site (what a preview save would add with search on): {seconds:.2f} s")
        print("The preview skips the index and says so; `invoke build` and `publish` make it.")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
