from samsyn.core.subcommands import dispatching_command

Command = dispatching_command("import", "Import records from files: samsyn import WHAT FILE... --partnership SLUG")
