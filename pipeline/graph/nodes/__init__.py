"""The graph's nodes, one module per concern: ``step`` (what every node shares), ``agents``
(CORE, ARCH, BACKEND, UIX, the review pauses), ``debug``, ``policy`` (never ship broken),
``write`` and ``summary``. Progress goes out through LangGraph's stream writer
(``stream_mode="custom"``), the same events the CLI renders."""

from pipeline.graph.nodes.agents import (
    arch_node,
    backend_node,
    core_node,
    review_design_node,
    review_plan_node,
    start_node,
    uix_node,
)
from pipeline.graph.nodes.debug import debug_node
from pipeline.graph.nodes.policy import fall_back
from pipeline.graph.nodes.step import Node, Update, sync_twin
from pipeline.graph.nodes.summary import run_commands
from pipeline.graph.nodes.write import write_node

__all__ = [
    "Node", "Update", "arch_node", "backend_node", "core_node", "debug_node", "fall_back",
    "review_design_node", "review_plan_node", "run_commands", "start_node", "sync_twin", "uix_node",
    "write_node",
]  # fmt: skip
