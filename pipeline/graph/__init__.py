"""The LangGraph state machine: CORE → ARCH → (BACKEND ∥ UIX) → DEBUG ⟲ → write."""
