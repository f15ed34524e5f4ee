"""Text with LaTeX formulas (`$...$`, `$$...$$`) as safe HTML: the formulas become MathML,
which every current browser renders offline (no script, no CDN), and everything else is
escaped. A formula that cannot be converted, or whose MathML holds anything but presentation
elements and their layout attributes (`\\text{<script>}` passes through the converter
unescaped, `\\href` makes a link), is shown as its source.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from markupsafe import Markup, escape

MATH = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", re.DOTALL)
MATHML = "{http://www.w3.org/1998/Math/MathML}"
ELEMENTS = frozenset({
    "math", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace", "msub", "msup", "msubsup",
    "munder", "mover", "munderover", "mfrac", "msqrt", "mroot", "mstyle", "mtable", "mtr",
    "mtd", "mpadded", "mphantom", "menclose", "mfenced", "merror", "mmultiscripts",
    "mprescripts", "none"})
ATTRIBUTES = frozenset({
    "display", "mathvariant", "displaystyle", "scriptlevel", "linebreak", "stretchy", "fence",
    "separator", "separators", "lspace", "rspace", "accent", "accentunder", "form", "largeop",
    "movablelimits", "symmetric", "minsize", "maxsize", "width", "height", "depth", "open",
    "close", "notation", "linethickness", "columnalign", "rowalign", "columnlines", "rowlines",
    "columnspacing", "rowspacing", "columnspan", "rowspan", "frame", "framespacing",
    "equalrows", "equalcolumns", "align", "bevelled", "numalign", "denomalign", "mathcolor",
    "mathsize"})


def _serialized(node: ET.Element) -> str:
    """One element as HTML, text and attribute values escaped again (never the converter's
    own string: XML and HTML read `<![CDATA[` inside `<mtext>` differently)."""
    tag = node.tag.removeprefix(MATHML)
    if tag not in ELEMENTS or not set(node.attrib) <= ATTRIBUTES:
        raise ValueError(f"not presentation MathML: <{tag}>")
    attributes = "".join(f' {name}="{escape(value)}"' for name, value in node.attrib.items())
    if tag == "math":
        attributes = f' xmlns="{MATHML[1:-1]}"' + attributes
    inner = "".join(_serialized(child) + str(escape(child.tail or "")) for child in node)
    return f"<{tag}{attributes}>{escape(node.text or '')}{inner}</{tag}>"


def _formula(latex: str, display: bool, source: str) -> str:
    """MathML for one formula, or its escaped source when it cannot be shown safely. The
    converter is imported on the first formula (40-90 ms): most pages, and every exercise's
    batch, have none."""
    from latex2mathml.converter import convert

    try:
        mathml = convert(latex.strip(), display="block" if display else "inline")
        return _serialized(ET.fromstring(mathml))
    except Exception:  # the converter's own errors, ParseError, ValueError, RecursionError
        return str(escape(source))


def math_html(text: str | None) -> Markup:
    """`text` escaped, with each `$...$` formula as MathML."""
    if not text:
        return Markup("")
    parts, last = [], 0
    for match in MATH.finditer(text):
        parts.append(str(escape(text[last : match.start()])))
        parts.append(_formula(match.group(1) or match.group(2), match.group(1) is not None,
                              match.group(0)))
        last = match.end()
    parts.append(str(escape(text[last:])))
    return Markup("".join(parts))
