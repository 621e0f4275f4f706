"""HTML for WeasyPrint, read faster: our print templates are well-formed XHTML.

Two things WeasyPrint does for any web page cost our documents for nothing:

- its HTML5 parser is pure Python (a twentieth of an invoice's rendering): a
  well-formed document is read by the C XML parser into the same kind of tree
  (ElementTree elements, no namespace); anything else still goes through
  WeasyPrint's parser, with a warning in the log;
- its HTML5 user-agent stylesheet matches ::marker and footnote
  pseudo-elements on every element (a tenth to a quarter of the time): each
  kind of document brings a small one naming only the elements its
  templates use.

Both go through WeasyPrint's internals (`_ua_stylesheets`, the parsed tree it
keeps): the version is pinned and a test checks them. No Django here: the
PDF worker processes import this module alone. User data is escaped by the
templates, so it cannot declare XML entities.
"""

import logging
import re
from functools import cache
from pathlib import Path
from xml.etree import ElementTree

logger = logging.getLogger(__name__)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


@cache
def html_class(user_agent_stylesheet: Path):
    """`weasyprint.HTML`, reading XHTML with the C parser and styled by default
    with `user_agent_stylesheet` instead of WeasyPrint's HTML5 one."""
    import cssselect2
    from weasyprint import CSS, HTML

    stylesheet = CSS(filename=str(user_agent_stylesheet))

    class PrintHTML(HTML):
        def __init__(self, *, string: str):
            # Control characters typed or pasted in (a soft return from a word
            # processor) are not XML and print as boxes: they go.
            string = _CONTROL.sub("", string)
            try:
                root = ElementTree.fromstring(string)  # noqa: S314 (our templates' output)
            except ElementTree.ParseError as error:
                logger.warning("Print HTML is not well-formed (%s): slow parser", error)
                super().__init__(string=string)
                return
            super().__init__(string="")  # WeasyPrint's own defaults: base URL, fetcher, media
            self.wrapper_element = cssselect2.ElementWrapper.from_html_root(
                root, content_language=None
            )
            self.etree_element = self.wrapper_element.etree_element

        def _ua_stylesheets(self, forms=False):
            return [stylesheet]

    return PrintHTML
