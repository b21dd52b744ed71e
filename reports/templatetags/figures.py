from django import template
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.translation import gettext as _

from reports import formatting

register = template.Library()

register.filter("number", formatting.format_number)
register.filter("percent", formatting.format_percent)
register.filter("amount", formatting.format_amount)  # issue 15
register.filter("points", formatting.format_points)
register.filter("vndate", formatting.format_date)
register.filter("report_sentence", formatting.report_sentence)


@register.simple_tag
def stacked_bar(shares) -> str:
    """Completed / in progress / not started shares (adding up to 100) as a bar: SVG
    widths, not inline styles, so the CSP holds. A tag, not an included template: the home
    page draws one for each document (issue 17)."""
    done, started, waiting = (share or 0 for share in shares)
    label = _("Completed %(done)s%%, in progress %(started)s%%, not started %(waiting)s%%") % {
        "done": localize(done),
        "started": localize(started),
        "waiting": localize(waiting),
    }
    return format_html(
        '<svg class="stacked-bar" viewBox="0 0 100 4" preserveAspectRatio="none" role="img"'
        ' aria-label="{}"><rect class="bar-done" x="0" y="0" height="4" width="{}"></rect>'
        '<rect class="bar-started" x="{}" y="0" height="4" width="{}"></rect></svg>',
        label,
        str(done),
        str(done),
        str(started),
    )
