"""Shared state's plumbing: one way to open Redis and SQLite, and the per-client rate limiter.

The key pool, cache, jobs, budgets and limits each keep their own schema; this is what they
open it with, so connection settings live in one place.

``project_store`` (SQL, Alembic's schema) and ``file_store`` (a folder, or an S3-compatible
bucket through ``bucket_store``) keep what must outlive Redis: projects, their versions and each
version's files.
"""
