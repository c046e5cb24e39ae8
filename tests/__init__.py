"""Tests for seasonwatch."""
