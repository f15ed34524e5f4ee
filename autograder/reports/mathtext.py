"""Text with LaTeX formulas (`$...$`, `$$...$$`) as safe HTML: the formulas become MathML,
which every current browser renders offline (no script, no CDN), and everything else is
escaped. A formula that cannot be converted is shown as its source.
"""

from __future__ import annotations

import re

from latex2mathml.converter import convert
from markupsafe import Markup, escape

MATH = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", re.DOTALL)


def _formula(latex: str, display: bool) -> str:
    try:
        return convert(latex.strip(), display="block" if display else "inline")
    except Exception:
        return str(escape(f"${latex}$"))


def math_html(text: str | None) -> Markup:
    """`text` escaped, with each `$...$` formula as MathML."""
    if not text:
        return Markup("")
    parts, last = [], 0
    for match in MATH.finditer(text):
        parts.append(str(escape(text[last : match.start()])))
        parts.append(_formula(match.group(1) or match.group(2), match.group(1) is not None))
        last = match.end()
    parts.append(str(escape(text[last:])))
    return Markup("".join(parts))
