"""Descriptions as HTML: Markdown rendered, HTML cleaned against one allowlist, and nothing
that runs scripts or loads from elsewhere ever comes out."""

from __future__ import annotations

import re
from html import escape

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobboard.kit.html import ALLOWED_TAGS, LINK_REL, page_html, sanitize_html
from jobboard.kit.markdown import markdown_to_html, render_description

REL = f'rel="{LINK_REL}"'


def _tags(html: str) -> set[str]:
    return {name.lower() for name in re.findall(r"</?([a-zA-Z][a-zA-Z0-9]*)", html)}


def test_headings_start_below_the_page_title_and_keep_their_distances() -> None:
    """The page's <h1> is the job title: the description's highest heading becomes <h2>,
    whether it was written `#` or `##`, and the levels under it follow."""
    assert markdown_to_html("# About us\n\n## The team\n\n### Tools") == (
        "<h2>About us</h2>\n<h3>The team</h3>\n<h4>Tools</h4>"
    )
    assert markdown_to_html("## About us\n\ntext\n\n### The team") == (
        "<h2>About us</h2>\n<p>text</p>\n<h3>The team</h3>"
    )
    assert markdown_to_html("### Only this level") == "<h2>Only this level</h2>"
    assert markdown_to_html("# 1\n\n###### 6") == "<h2>1</h2>\n<h6>6</h6>"


def test_lists_emphasis_code_quotes_and_breaks() -> None:
    """The Markdown job descriptions use becomes the matching HTML, with no markers left."""
    html = markdown_to_html(
        "We **ship** _weekly_ with `uv`.\nA new line.\n\n"
        "- Python\n- PostgreSQL\n\n"
        "3. Call\n4. Offer\n\n"
        "> Quoted\n\n"
        "```python\nprint('<hi>')\n```\n\n"
        "---"
    )
    assert html == (
        "<p>We <strong>ship</strong> <em>weekly</em> with <code>uv</code>.<br>\nA new line.</p>\n"
        "<ul>\n<li>Python</li>\n<li>PostgreSQL</li>\n</ul>\n"
        '<ol start="3">\n<li>Call</li>\n<li>Offer</li>\n</ol>\n'
        "<blockquote>\n<p>Quoted</p>\n</blockquote>\n"
        "<pre><code>print('&lt;hi&gt;')\n</code></pre>\n"
        "<hr>"
    )


def test_links_keep_http_https_and_mailto_with_rel() -> None:
    """Links of allowed schemes stay, marked nofollow, noopener and user-generated."""
    html = markdown_to_html(
        "[Our blog](https://example.com/blog?a=1&b=2) <https://example.com> "
        "<jobs@example.com> [plain](http://example.org)"
    )
    assert html == (
        f'<p><a href="https://example.com/blog?a=1&amp;b=2" {REL}>Our blog</a> '
        f'<a href="https://example.com" {REL}>https://example.com</a> '
        f'<a href="mailto:jobs@example.com" {REL}>jobs@example.com</a> '
        f'<a href="http://example.org" {REL}>plain</a></p>'
    )


@pytest.mark.parametrize(
    "markdown",
    [
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](&#106;avascript:alert(1))",
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[click](vbscript:msgbox(1))",
        "[click](/me/delete)",
        "[click](//evil.example/x)",
        "[click][ref]\n\n[ref]: javascript:alert(1)",
    ],
)
def test_links_of_other_schemes_lose_their_address_but_keep_their_text(markdown: str) -> None:
    """A forbidden or relative address is dropped, the link text stays as text, and no
    Markdown marker is left behind."""
    assert markdown_to_html(markdown) == "<p>click</p>"


def test_autolinks_of_other_schemes_become_text() -> None:
    """`<javascript:...>` is no link either."""
    assert markdown_to_html("<javascript:alert(1)>") == "<p>javascript:alert(1)</p>"


@pytest.mark.parametrize(
    "raw",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<svg onload=alert(1)>",
        '<a href="javascript:alert(1)">x</a>',
        "<iframe src=https://evil.example></iframe>",
        '<p style="background:url(javascript:alert(1))" onclick="alert(1)">x</p>',
    ],
)
def test_raw_html_in_markdown_is_shown_as_text(raw: str) -> None:
    """Markdown descriptions take no HTML: what was typed is shown, escaped, never parsed."""
    html = markdown_to_html(f"Before {raw} after")
    assert _tags(html) == {"p"}
    assert html == f"<p>Before {escape(raw, quote=False)} after</p>"


def test_images_become_links_to_them() -> None:
    """No image is loaded from a description; its alt text links to it instead."""
    assert markdown_to_html("![Team photo](https://example.com/team.png)") == (
        f'<p><a href="https://example.com/team.png" {REL}>Team photo</a></p>'
    )
    assert markdown_to_html("![x](javascript:alert(1))") == "<p>x</p>"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("<p>Kept</p><script>steal()</script>", "<p>Kept</p>"),
        ('<img src="x" onerror="alert(1)"><p>a</p>', "<p>a</p>"),
        ('<svg onload="alert(1)"><p>b</p></svg>', "<p>b</p>"),
        ('<a href="JaVaScRiPt:alert(1)">link</a>', "link"),
        ('<a href="data:text/html,x">link</a>', "link"),
        ('<a href="vbscript:x">link</a>', "link"),
        ('<a href="/relative">link</a>', "link"),
        (
            '<a href="https://example.com" target="_blank" rel="opener">ok</a>',
            f'<a href="https://example.com" {REL}>ok</a>',
        ),
        ('<p onclick="x()" style="color:red" class="c" title="t">p</p>', "<p>p</p>"),
        ("<h1>Role</h1><h2>Team</h2>", "<h2>Role</h2><h3>Team</h3>"),
        (
            '<ol start="2"><li>a</li></ol><ol start="x"><li>b</li></ol>',
            '<ol start="2"><li>a</li></ol><ol><li>b</li></ol>',
        ),
        ("<table><tr><td>cell</td></tr></table><style>p{}</style>", "cell"),
    ],
)
def test_html_descriptions_keep_only_the_allowlist(raw: str, expected: str) -> None:
    """Imported HTML loses scripts, handlers, styles, images, foreign addresses and tags
    outside the allowlist; its headings move below the page title too."""
    assert render_description(raw, "html") == expected


def test_imports_are_cleaned_without_being_rearranged() -> None:
    """What imports store is only cleaned (scripts, handlers, foreign addresses and tags
    outside the allowlist go) and otherwise left as the source wrote it, so that a feed
    whose content did not change still hashes the same; pages rearrange it."""
    raw = (
        '<h3 class="x">Team</h3><p onclick="x()">Hi <a href="javascript:x()">there</a></p>'
        "<script>steal()</script><h1>Big</h1>"
    )
    assert sanitize_html(raw) == (f"<h3>Team</h3><p>Hi <a {REL}>there</a></p>Big")
    assert render_description(sanitize_html(raw), "html") == "<h2>Team</h2><p>Hi there</p>Big"


def test_text_descriptions_are_markdown() -> None:
    """`text` is Markdown: tags in it are text, markers become HTML."""
    assert render_description("## Hi\n\n<b>bold?</b> **bold**", "text") == (
        "<h2>Hi</h2>\n<p>&lt;b&gt;bold?&lt;/b&gt; <strong>bold</strong></p>"
    )


_PIECES = st.sampled_from(
    [
        "# ", "## ", "### ", "- ", "1. ", "> ", "**", "_", "`", "```\n", "\n", "\n\n", "[", "]",
        "(", ")", "<", ">", "&", "javascript:", "https://example.com", "<script>", "<h1>",
        "</h1>", '<a href="', '">', "</a>", "<img src=x>", "word", " ", "    ", "![", "<b>",
    ]
)  # fmt: skip


@given(st.lists(_PIECES, max_size=40).map("".join))
def test_anything_renders_to_allowed_tags_only_and_cleans_to_itself(text: str) -> None:
    """Whatever is typed, the output holds only allowed tags and addresses; and cleaning the
    output again changes nothing."""
    for description_format in ("text", "html"):
        html = render_description(text, description_format)
        assert _tags(html) <= ALLOWED_TAGS
        for address in re.findall(r'<a href="([^"]*)"', html):
            assert address.startswith(("http://", "https://", "mailto:")), html
        assert page_html(html) == html
