"""The dashboard's screens: the main dashboard, a show's estimate, an item, feed health, help."""
