"""Printable PDFs: a Django template for the page and one for its stylesheet, rendered by WeasyPrint
with the Noto CJK fonts the system provides (or the fonts the stylesheet's @font-face names)."""

from typing import Any

from django.template.loader import render_to_string


def render_pdf(*, html_template: str, css_template: str, context: dict[str, Any]) -> bytes:
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    css = CSS(string=render_to_string(css_template, context), font_config=font_config)
    html = HTML(string=render_to_string(html_template, context))
    pdf: bytes = html.write_pdf(stylesheets=[css], font_config=font_config)
    return pdf
