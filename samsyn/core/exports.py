"""The one PDF function and the XLSX number formats. Renderers only: they get finished data and never query.

PDFs are the page's own template rendered through WeasyPrint with the print stylesheet,
so the PDF carries the same content as the page. Reports reach both through samsyn.core.reports;
workbooks are written there, from sheets of rows.
"""

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string

from . import registry

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Swedish number formats for openpyxl cells: whole kronor and öre, with space as thousands separator.
SEK_FORMAT = '#,##0 "kr";-#,##0 "kr"'
SEK_ORE_FORMAT = '#,##0.00 "kr";-#,##0.00 "kr"'
INTEGER_FORMAT = "#,##0"


def pdf_bytes(template, context, request=None, stylesheets=None) -> bytes:
    """The one PDF function: a template rendered for print through WeasyPrint.

    `stylesheets` (static paths) replaces the pages' own: a document that is not a page (the
    finance appendix) has no menus or forms, and their rules would only slow the layout."""
    from weasyprint import CSS, HTML

    html = render_to_string(template, {**context, "printing": True}, request=request)
    if stylesheets is None:
        # The apps register their own styles (AppConfig.ready), as base.html links them.
        stylesheets = [
            "samsyn/css/print-tokens.css",
            "samsyn/css/samsyn.css",
            *registry.stylesheets(),
            "samsyn/css/print.css",
        ]
    sheets = [CSS(filename=finders.find(sheet)) for sheet in stylesheets]
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(stylesheets=sheets)


def pdf_response(template, context, filename, request=None) -> HttpResponse:
    response = HttpResponse(pdf_bytes(template, context, request), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
