"""The dashboard's widgets: the show list, the news list, the status line, the timeline, an
item's link line."""
