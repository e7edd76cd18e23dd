"""L2-regularised logistic regression: full-batch Nesterov-accelerated gradient
descent with the step set from the loss's Lipschitz constant, so it is
deterministic and needs no tuning beyond the penalty.

Training multiplies by the whole feature matrix hundreds of times: those products
use scipy's sparse kernels (the `optimize` extra), four to eight times faster than
numpy gathers over the hashed columns. Scoring a few rows (`LogisticModel`) needs
numpy only, so a trained route runs on the light core."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .features import FeatureMatrix


@dataclass(frozen=True)
class LogisticModel:
    weights: np.ndarray
    bias: float

    def logit(self, features: FeatureMatrix) -> np.ndarray:
        return features.matvec(self.weights) + self.bias

    def probability(self, features: FeatureMatrix) -> np.ndarray:
        return sigmoid(self.logit(features))


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # no overflow for large |z|


class TrainingNeedsScipy(RuntimeError):
    """Training a router was asked for without scipy installed."""


class _Products:
    """X @ w and X.T @ v over one feature matrix, for training."""

    def __init__(self, features: FeatureMatrix) -> None:
        try:
            from scipy import sparse
        except ImportError:
            raise TrainingNeedsScipy(
                "training a learned route needs scipy: install the `optimize` extra "
                "(`pip install 'minionc[optimize]'`; scripts/setup.sh installs it)"
            ) from None
        self.rows = features.rows
        self.width = features.width
        self._dense = features.dense
        self._k = features.dense.shape[1]
        self._hashed = sparse.csr_matrix(
            (features.values, features.indices, features.indptr),
            shape=(features.rows, features.hashed_width),
        )
        self._hashed_t = self._hashed.T.tocsr()

    def matvec(self, weights: np.ndarray) -> np.ndarray:
        """X @ weights, for weights of shape (width,) or (width, columns)."""
        return self._dense @ weights[: self._k] + self._hashed @ weights[self._k :]

    def rmatvec(self, vector: np.ndarray) -> np.ndarray:
        """X.T @ vector, for vector of shape (rows,) or (rows, columns)."""
        return np.concatenate([self._dense.T @ vector, self._hashed_t @ vector])


def _largest_singular_value(matrix: _Products, iterations: int = 30) -> float:
    """|[X 1]|_2 by power iteration (the intercept column included)."""
    vector = np.ones(matrix.width + 1) / np.sqrt(matrix.width + 1)
    value = 0.0
    for _ in range(iterations):
        column = matrix.matvec(vector[:-1]) + vector[-1]
        product = np.concatenate([matrix.rmatvec(column), [column.sum()]])
        value = float(np.linalg.norm(product))
        if value == 0.0:
            return 0.0
        vector = product / value
    return float(np.sqrt(value))


def spectral_norm(features: FeatureMatrix) -> float:
    """|[X 1]|_2, which sets the step size: compute it once per matrix."""
    return _largest_singular_value(_Products(features))


def fit_logistic(
    features: FeatureMatrix,
    labels: np.ndarray,
    *,
    l2: float,
    iterations: int = 250,
    norm: float | None = None,
) -> list[LogisticModel]:
    """One model per column of `labels` (shape (n,) or (n, c)), fitted together
    (one pass over the features serves every column), each minimising mean log
    loss + l2/2 |w|^2 (the bias is not penalised). `norm`: `spectral_norm(features)`."""
    y = np.asarray(labels, dtype=np.float64).reshape(features.rows, -1)
    n, d = features.rows, features.width
    if n == 0:
        raise ValueError("logistic regression needs a training set")
    products = _Products(features)
    # The loss is L-smooth for L = |[X 1]|^2 / (4 n) + l2.
    norm = _largest_singular_value(products) if norm is None else norm
    step = 1.0 / (norm**2 / (4.0 * n) + l2)
    prior = np.clip(y.mean(axis=0), 1e-3, 1 - 1e-3)
    weights = np.zeros((d, y.shape[1]))
    bias = np.log(prior / (1 - prior))
    previous_weights, previous_bias = weights.copy(), bias.copy()
    for t in range(1, iterations + 1):
        momentum = (t - 1) / (t + 2)
        look_w = weights + momentum * (weights - previous_weights)
        look_b = bias + momentum * (bias - previous_bias)
        error = sigmoid(products.matvec(look_w) + look_b) - y
        gradient_w = products.rmatvec(error) / n + l2 * look_w
        gradient_b = error.mean(axis=0)
        previous_weights, previous_bias = weights, bias
        weights = look_w - step * gradient_w
        bias = look_b - step * gradient_b
    return [LogisticModel(weights[:, c].copy(), float(bias[c])) for c in range(y.shape[1])]
