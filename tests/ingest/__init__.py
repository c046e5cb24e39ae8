"""Tests for seasonwatch/ingest."""
