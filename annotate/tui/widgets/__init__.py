"""Widgets of the main screen: the episodes list, the transcript view, the annotations panel."""
