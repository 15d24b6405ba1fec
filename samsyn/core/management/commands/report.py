from samsyn.core.subcommands import dispatching_command

Command = dispatching_command("report", "Produce a report: samsyn report WHAT --partnership SLUG --format ...")
