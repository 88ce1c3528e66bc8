"""A generated project after it is written: how it was made, its history, and merging a new
generation with the user's own changes.

    record.py   .pipeline/project.json: request, plan, design, run id, each file's hash as generated
    history.py  git: one commit per generation or edit; the generated tree kept as the merge base
    merge.py    three-way merge of a new generation into the user's files (pure)
"""

from pipeline.projects.merge import FileMerge, merge_generation
from pipeline.projects.record import ProjectRecord, blob_id, load_project

__all__ = ["FileMerge", "ProjectRecord", "blob_id", "load_project", "merge_generation"]
