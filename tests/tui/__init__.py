"""Tests for seasonwatch/tui."""
