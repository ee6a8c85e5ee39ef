"""The command palette (ctrl+p): every action of the main screen, found by fuzzy search."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


class AnnotateCommands(Provider):
    """Offers each key binding of the main screen (and its transcript view) as a command."""

    def _commands(self):
        from annotate.tui.keys import KeyCommand, key_commands

        screen = self.screen
        try:
            commands = key_commands(screen)
        except Exception:  # the palette was opened over another screen
            return []
        taxonomy = getattr(screen, "taxonomy", None)
        found = []
        for command in commands:
            title = command.description
            if command.action.startswith("toggle_tag(") and taxonomy is not None:
                number = command.action.split("'")[1]
                tag = next((tag for tag in taxonomy.tags if tag.key == number), None)
                if tag is None:
                    continue
                title = f"Toggle tag {tag.label}"
            found.append((title, command))
        annotator = getattr(screen, "annotator", None)
        if annotator is not None:
            # Commands without a key of their own.
            found.append(
                (f"Annotator: change your name (now {annotator})", KeyCommand("", "", "change_annotator", screen, "App"))
            )
        return found

    async def discover(self) -> Hits:
        for title, command in self._commands():
            yield DiscoveryHit(title, partial(self._run, command), help=f"key: {command.keys}" if command.keys else "from the palette")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, command in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), partial(self._run, command), help=f"key: {command.keys}" if command.keys else "from the palette")

    async def _run(self, command) -> None:
        await self.app.run_action(command.action, command.node)
