"""Self-contained screens the app pushes: each takes core objects and dismisses with a result."""
