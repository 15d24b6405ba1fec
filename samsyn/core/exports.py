"""PDF and XLSX responses. Renderers only: they get finished data and never query.

PDFs are the page's own template rendered through WeasyPrint with the print stylesheet,
so the PDF carries the same content as the page.
"""

from io import BytesIO

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Swedish number formats for openpyxl cells: whole kronor and öre, with space as thousands separator.
SEK_FORMAT = '#,##0 "kr";-#,##0 "kr"'
SEK_ORE_FORMAT = '#,##0.00 "kr";-#,##0.00 "kr"'
INTEGER_FORMAT = "#,##0"


# The domain apps' own styles, as base.html links them.
APP_STYLESHEETS = ["economy/economy.css", "governance/governance.css", "followup/followup.css", "archive/archive.css"]


def pdf_bytes(template, context, request=None, stylesheets=None) -> bytes:
    """The one PDF function: a template rendered for print through WeasyPrint.

    `stylesheets` (static paths) replaces the pages' own: a document that is not a page (the
    finance appendix) has no menus or forms, and their rules would only slow the layout."""
    from weasyprint import CSS, HTML

    html = render_to_string(template, {**context, "printing": True}, request=request)
    if stylesheets is None:
        stylesheets = ["samsyn/css/samsyn.css", *APP_STYLESHEETS, "samsyn/css/print.css"]
    sheets = [CSS(filename=finders.find(sheet)) for sheet in stylesheets]
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(stylesheets=sheets)


def pdf_response(template, context, filename, request=None) -> HttpResponse:
    response = HttpResponse(pdf_bytes(template, context, request), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(workbook, filename) -> HttpResponse:
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_table(sheet, title, header, rows, number_formats=None):
    """Write a titled table; `number_formats` maps column index to an Excel format."""
    from openpyxl.styles import Font

    sheet.append([title])
    sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True, size=13)
    sheet.append(list(header))
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
        for col, fmt in (number_formats or {}).items():
            sheet.cell(row=sheet.max_row, column=col + 1).number_format = fmt
    sheet.append([])
    for column in sheet.columns:
        width = max((len(str(c.value)) for c in column if c.value is not None), default=8)
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 10), 60)
