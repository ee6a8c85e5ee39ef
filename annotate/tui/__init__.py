"""The Textual app: screens, widgets and styles over ``annotate.core``."""
