from django import template

from reports import formatting

register = template.Library()

register.filter("number", formatting.format_number)
register.filter("percent", formatting.format_percent)
register.filter("amount", formatting.format_amount)  # issue 15
register.filter("points", formatting.format_points)
register.filter("vndate", formatting.format_date)
register.filter("report_sentence", formatting.report_sentence)
