"""The one PDF function and the XLSX number formats. Renderers only: they get finished data and never query.

PDFs are the page's own template rendered through WeasyPrint with the print stylesheet,
so the PDF carries the same content as the page. Reports reach both through samsyn.core.reports;
workbooks are written there, from sheets of rows.
"""

from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string

from . import registry
from .lib.charts import inline_print_style, print_style

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Swedish number formats for openpyxl cells: whole kronor and öre, with space as thousands separator.
SEK_FORMAT = '#,##0 "kr";-#,##0 "kr"'
SEK_ORE_FORMAT = '#,##0.00 "kr";-#,##0.00 "kr"'
INTEGER_FORMAT = "#,##0"


CHARTS_CSS = "samsyn/css/charts.css"


def _static_text(path: str) -> str:
    found = finders.find(path)
    if not isinstance(found, str):
        raise FileNotFoundError(path)
    return Path(found).read_text(encoding="utf-8")


@cache
def _chart_print_style() -> str:
    # The charts' classes with the print tokens' plain values, read once per process.
    return print_style(_static_text(CHARTS_CSS), _static_text("samsyn/css/print-tokens.css"))


def pdf_bytes(template, context, request=None, stylesheets=None) -> bytes:
    """The one PDF function: a template rendered for print through WeasyPrint.

    `stylesheets` (static paths) replaces the pages' own: a document that is not a page (the
    finance appendix) has no menus or forms, and their rules would only slow the layout."""
    from weasyprint import CSS, HTML

    html = inline_print_style(
        render_to_string(template, {**context, "printing": True}, request=request), _chart_print_style()
    )
    if stylesheets is None:
        # The apps register their own styles (AppConfig.ready), as base.html links them.
        stylesheets = [
            "samsyn/css/print-tokens.css",
            "samsyn/css/samsyn.css",
            # The charts' rules go inside each chart instead: WeasyPrint applies no outer rule to an SVG.
            *(sheet for sheet in registry.stylesheets() if sheet != CHARTS_CSS),
            "samsyn/css/print.css",
        ]
    sheets = [CSS(filename=finders.find(sheet)) for sheet in stylesheets]
    # Tagged for accessibility (PDF/UA-1: structure, reading order, the document's language from
    # <html lang>), as documents a public body publishes must be.
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(stylesheets=sheets, pdf_variant="pdf/ua-1")


def pdf_response(template, context, filename, request=None) -> HttpResponse:
    response = HttpResponse(pdf_bytes(template, context, request), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
