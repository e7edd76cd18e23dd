"""A trained route policy as plain JSON data: what `RouteStep.learned` holds.

    {"format": "minionc-route-policy", "version": 1,
     "features": {FeatureSpec}, "mean": [...], "scale": [...],
     "scorers": {"strong": {"weights": [...], "bias": b}, "weak": {...}},
     "threshold": t | null, "budget": {...} | null, "inputs": [names] | null,
     "trained": {what it was trained on}}

The score of a query is P(strong right) - P(weak right), each from a logistic
regression on the query's features: the expected gain in quality of sending it
remote. The route goes remote when the score is above the threshold, which
`calibrate` picks so that a budget holds on new data. Loading checks every
shape, so a hand-edited plan fails with a message, not a numpy error.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from .features import FeatureMatrix, FeatureSpec, featurize
from .logistic import LogisticModel, sigmoid

POLICY_FORMAT = "minionc-route-policy"
POLICY_VERSION = 1


class PolicyError(ValueError):
    """A policy that cannot be loaded (wrong format, shapes that do not match)."""


@dataclass(frozen=True)
class RoutePolicy:
    spec: FeatureSpec
    mean: np.ndarray  # of the dense features
    scale: np.ndarray
    strong: LogisticModel
    weak: LogisticModel
    threshold: float | None = None
    budget: Mapping[str, float] | None = None
    inputs: tuple[str, ...] | None = None  # the route's arguments it reads; None: all
    trained: Mapping[str, Any] | None = None

    def standardise(self, raw: FeatureMatrix) -> FeatureMatrix:
        return raw.with_dense((raw.dense - self.mean) / self.scale)

    def scores(self, raw: FeatureMatrix) -> np.ndarray:
        """Scores of raw feature rows (from `featurize_many`)."""
        x = self.standardise(raw)
        return sigmoid(self.strong.logit(x)) - sigmoid(self.weak.logit(x))

    def score(self, query: str, response: str | None = None) -> float:
        return float(self.scores(featurize(self.spec, query, response))[0])

    def with_threshold(
        self, threshold: float | None, budget: Mapping[str, float] | None
    ) -> RoutePolicy:
        return replace(self, threshold=threshold, budget=budget)

    def to_json(self) -> dict[str, Any]:
        def floats(values: np.ndarray) -> list[float]:
            # 6 significant digits: scores move by far less than any threshold gap.
            return [float(f"{v:.6g}") for v in np.asarray(values, dtype=np.float64)]

        return {
            "format": POLICY_FORMAT,
            "version": POLICY_VERSION,
            "features": self.spec.to_json(),
            "mean": floats(self.mean),
            "scale": floats(self.scale),
            "scorers": {
                name: {"weights": floats(model.weights), "bias": float(f"{model.bias:.6g}")}
                for name, model in (("strong", self.strong), ("weak", self.weak))
            },
            "threshold": self.threshold,
            "budget": dict(self.budget) if self.budget is not None else None,
            "inputs": list(self.inputs) if self.inputs is not None else None,
            "trained": dict(self.trained) if self.trained is not None else None,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RoutePolicy:
        if not isinstance(data, Mapping) or data.get("format") != POLICY_FORMAT:
            raise PolicyError(f"not a route policy (expected format {POLICY_FORMAT!r})")
        if data.get("version") != POLICY_VERSION:
            raise PolicyError(f"route policy version {data.get('version')!r} is not supported")
        try:
            spec = FeatureSpec.from_json(data["features"])
            mean = np.asarray(data["mean"], dtype=np.float64)
            scale = np.asarray(data["scale"], dtype=np.float64)
            scorers = {
                name: LogisticModel(
                    np.asarray(data["scorers"][name]["weights"], dtype=np.float64),
                    float(data["scorers"][name]["bias"]),
                )
                for name in ("strong", "weak")
            }
            threshold = data.get("threshold")
            threshold = float(threshold) if threshold is not None else None
            inputs = data.get("inputs")
        except (KeyError, TypeError, ValueError) as error:
            raise PolicyError(f"malformed route policy: {error}") from None
        dense = len(spec.dense_names)
        if mean.shape != (dense,) or scale.shape != (dense,) or np.any(scale <= 0):
            raise PolicyError(f"route policy: mean and scale must be {dense} numbers (scale > 0)")
        for name, model in scorers.items():
            if model.weights.shape != (spec.width,):
                raise PolicyError(
                    f"route policy: scorer {name!r} has {model.weights.size} weights, "
                    f"its features have {spec.width}"
                )
        return cls(
            spec=spec,
            mean=mean,
            scale=scale,
            strong=scorers["strong"],
            weak=scorers["weak"],
            threshold=threshold,
            budget=data.get("budget"),
            inputs=tuple(inputs) if inputs is not None else None,
            trained=data.get("trained"),
        )


def policy_query(policy: RoutePolicy, args: Mapping[str, Any]) -> str:
    """The text a route's policy reads: its named arguments (or all), in order,
    one per line. Training on a prompt column is the one-argument case."""
    names = policy.inputs if policy.inputs is not None else tuple(args)
    return "\n".join(str(args[name]) for name in names if name in args)
