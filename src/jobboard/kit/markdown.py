"""Job descriptions as safe HTML: Markdown (CommonMark) rendered by markdown-it-py, and both
Markdown and HTML descriptions cleaned against the one allowlist in ``kit.html``.

What this makes of a description is stored with the job (``job.description_html``) whenever
the description changes; a change to what it makes ships with a migration that sets that
column back to NULL, so ``jobboard migrate`` renders every description again.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from jobboard.kit.html import page_html


class _DescriptionMarkdown(MarkdownIt):
    def validateLink(self, url: str) -> bool:
        # Every link is parsed as a link so that a forbidden one loses its address in the
        # cleaner (one place decides which addresses stay) instead of showing as "[x](...)".
        return True


def _image_as_link(
    renderer: RendererHTML,
    tokens: Sequence[Token],
    index: int,
    options: OptionsDict,
    env: EnvType,
) -> str:
    """An image becomes a link to it, its alt text the link text: descriptions show no
    images, but what the image said stays."""
    token = tokens[index]
    alt = renderer.renderInlineAsText(token.children, options, env)
    source = str(token.attrGet("src") or "")
    return f'<a href="{html.escape(source)}">{html.escape(alt)}</a>'


@cache
def _parser() -> MarkdownIt:
    # CommonMark, with raw HTML off: tags typed into a description show as the text typed.
    # A newline is a line break, as it was when descriptions were shown as plain text and
    # as people expect of what they type into a text box.
    parser = _DescriptionMarkdown("commonmark", {"html": False, "breaks": True})
    parser.add_render_rule("image", _image_as_link)
    return parser


def markdown_to_html(text: str) -> str:
    """Markdown as safe HTML for a page (see ``kit.html`` for what stays)."""
    return page_html(_parser().render(text))


def render_description(description: str, description_format: str) -> str:
    """A job description as the HTML its page shows: ``text`` descriptions are Markdown,
    ``html`` ones (imported) are cleaned again whatever stored them."""
    if description_format == "html":
        return page_html(description)
    return markdown_to_html(description)
