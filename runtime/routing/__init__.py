"""Learned routing: which queries are worth the remote tier.

One module per concern: `data` reads recorded outcomes (RouteLLM's CSVs),
`features` turns a query (and, in a cascade, the local answer) into a vector,
`logistic` fits the scorers, `policy` is the trained policy as plain JSON data
(what a plan's `RouteStep.learned` holds and the executor scores with),
`calibrate` picks the threshold that keeps a budget, `metrics` computes
RouteLLM's figures (PGR, CPT, APGR) and `evaluate` ties them into a report.
"""
