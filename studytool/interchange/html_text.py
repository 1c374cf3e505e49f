"""Anki fields are HTML; deck text is plain. Converting both ways, and noticing media.

Fields are parsed with the standard library's HTML parser (never rendered or run): line
breaks and blocks become newlines, entities are decoded, scripts and styles are dropped, and
every picture or sound a field refers to is reported, because studytool does not carry media.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from studytool.core.text import CONTROL

_BLOCKS = {
    "address", "article", "blockquote", "dd", "div", "dl", "dt", "figcaption", "figure",
    "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "ol", "p", "pre",
    "section", "table", "tr", "ul",
}  # fmt: skip
_HIDDEN = {"script", "style", "head", "title", "template"}
_MEDIA_TAGS = {"img", "audio", "video", "source", "embed", "object", "track", "image"}
_BLOCK = "\ue000"
"""Stands for the edge of a block while parsing: several edges in a row make one line break,
as they do on screen, while each <br> is a line break of its own."""
_SOUND = re.compile(r"\[sound:([^\]]*)\]")


@dataclass(frozen=True)
class FieldText:
    text: str
    media: tuple[str, ...]
    """Files the field refers to (pictures, sounds), which are not carried over."""
    controls: bool
    """Control characters were removed."""


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.media: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self._hidden += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCKS:
            self.parts.append(_BLOCK)
        if tag in _MEDIA_TAGS:
            found = [value for name, value in attrs if name in ("src", "data", "href") and value]
            self.media.extend(found or [f"<{tag}>"])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in _HIDDEN:
            self._hidden -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag in _BLOCKS:
            self.parts.append(_BLOCK)

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            # In HTML a run of spaces and line breaks shows as one space.
            self.parts.append(re.sub(r"[ \t\r\n\f]+", " ", data))


def field_text(field: str) -> FieldText:
    """Plain text of one Anki field, and the media it refers to."""
    media = _SOUND.findall(field)
    parser = _Text()
    parser.feed(_SOUND.sub(" ", field.replace(_BLOCK, "")))
    parser.close()
    raw = "".join(parser.parts).replace("\xa0", " ")
    raw = re.sub(f"\n?{_BLOCK}+", "\n", raw)
    cleaned = CONTROL.sub("", raw)
    lines = [re.sub(" {2,}", " ", line).strip() for line in cleaned.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return FieldText(text, tuple([*media, *parser.media]), cleaned != raw)


def to_html(text: str) -> str:
    """Plain text as an Anki field: escaped, with its line breaks kept."""
    return html.escape(text, quote=False).replace("\n", "<br>")
