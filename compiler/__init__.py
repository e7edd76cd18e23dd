"""The minionc compiler: .minion source -> AST -> checked program -> plan."""
