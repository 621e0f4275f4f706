"""Rendering the logistics documents: A4 PDF (WeasyPrint), CSV and XLSX."""
