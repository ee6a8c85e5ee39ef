from annotate.cli import entry_point

entry_point()
