"""Tasks from tables (appendix rows) and lists (body items); both end as pydantic Task records."""
