"""A capable scripted model played against the whole pipeline (issue 27, item 8).

Each agent's answer is a function of the prompt it is sent (``model.CapableChat``): it copies
SEARCH lines from the files shown, builds fixes from the evidence shown, and makes the mistakes
a strong model makes. When a prompt lacks what a real model would need, the answer raises
``PromptGap`` with the prompt. Set ``CAPABLE_PROMPTS=/some/folder`` to keep every exchange of a
run as numbered text files.
"""
