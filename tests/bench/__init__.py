"""Tests for seasonwatch/bench."""
