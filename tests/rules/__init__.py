"""Tests for seasonwatch/rules."""
