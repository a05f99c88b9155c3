"""scikit-learn's estimator protocol without importing scikit-learn.

``get_params``/``set_params`` read and set the parameters that ``__init__`` takes, so that
``sklearn.base.clone``, grid searches and pipelines handle the estimator as one of their own. It is
for estimators that are used on every start of a command (the theme dictionary): importing
``sklearn.base`` alone takes over a second there. Estimators that need scikit-learn anyway
(:class:`~analysis.classify.theme_model.ThemeModel`) derive from ``sklearn.base.BaseEstimator``.
"""

from __future__ import annotations

import inspect
from typing import Any


class ParamsMixin:
    """``get_params``, ``set_params`` and a ``repr`` that follow scikit-learn's conventions:
    ``__init__`` stores each parameter under its own name and does nothing else."""

    @classmethod
    def _param_names(cls) -> list[str]:
        signature = inspect.signature(cls.__init__)
        return sorted(name for name, p in signature.parameters.items()
                      if name != "self" and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD))

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """The estimator's parameters, by name (``deep`` is accepted for scikit-learn; no parameter
        here is an estimator)."""
        return {name: getattr(self, name) for name in self._param_names()}

    def set_params(self, **params: Any) -> ParamsMixin:
        """Set parameters by name; an unknown name is a ``ValueError``, as in scikit-learn."""
        valid = self._param_names()
        for name, value in params.items():
            if name not in valid:
                raise ValueError(f"invalid parameter {name!r} for estimator {type(self).__name__}; "
                                 f"valid parameters are: {valid}")
            setattr(self, name, value)
        return self

    def __repr__(self) -> str:
        defaults = {name: p.default for name, p in inspect.signature(type(self).__init__).parameters.items()}
        changed = [f"{name}={value!r}" for name, value in self.get_params().items() if value != defaults.get(name)]
        return f"{type(self).__name__}({', '.join(changed)})"


def check_fitted(estimator: object, attribute: str) -> None:
    """Raise scikit-learn's ``NotFittedError`` if ``estimator`` has no ``attribute`` (set by ``fit``)."""
    if not hasattr(estimator, attribute):
        from sklearn.exceptions import NotFittedError

        raise NotFittedError(f"This {type(estimator).__name__} instance is not fitted yet; call 'fit' first.")
