"""The five agents: CORE plans, ARCH designs, BACKEND and UIX write code, DEBUG checks it."""
