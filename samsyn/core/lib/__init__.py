"""Kept libraries behind small interfaces: numbers and money (Babel), tabular imports (CSV and XLSX)."""
