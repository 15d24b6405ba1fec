from samsyn.core.reports import report_subcommands
from samsyn.core.subcommands import dispatching_command

# The registry's report kinds, and the app's own text reports (`overdue`) from their cli modules.
Command = dispatching_command(
    "report", "Produce a report: samsyn report WHAT --partnership SLUG --format ...", extra=report_subcommands
)
