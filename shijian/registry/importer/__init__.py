"""Bulk import of registry files (登记数据批量导入): CSV/XLSX, validated per row, resumable.

See docs/registry-import.md for the column format, the error report and resumption.
"""
