"""Curve fitting (Levenberg-Marquardt, org.daybreak.fit), with results in the manner of lmfit.

    r = daybreak.fit(x, y, "gaussian+linear", params={"p1_center": 7.06})
    print r.params["p1_center"].value, r.params["p1_center"].stderr, r.redchi, r.success
    daybreak.plot.line(x, r.best_fit, name="fit")

Models: a sum of built-in functions (gaussian, lorentzian, pseudovoigt, voigt, pearson7, linear, constant,
exponential, polynomialN, ...) whose parameters are named center, sigma, amplitude... for one function and
p1_center, p2_slope... for a sum; or an expression of x ("a*exp(-b*x) + c") whose parameters are its names.
Parameter settings: a number (start value), a dict with value/min/max/fixed/tie, or text like "5[4,6]".
"""

from collections import OrderedDict

from daybreak._java import Fitting, PyValues, call as _call
from daybreak.arrays import asarray, ndarray

__all__ = ['fit', 'FitResult', 'Parameter']


class Parameter(object):
    """One fitted parameter: .name, .value, .stderr (NaN when it cannot be estimated, 0 when fixed)."""

    def __init__(self, name, value, stderr):
        self.name = name
        self.value = value
        self.stderr = stderr

    def __repr__(self):
        return "<Parameter %s = %.6g +/- %.3g>" % (self.name, self.value, self.stderr)


class FitResult(object):
    """The outcome of daybreak.fit: .params (name -> Parameter, in model order), .redchi, .chi2, .rsquared,
    .success, .message, .nfev, .ndata, .nfree, .derived (peak heights and FWHMs), .best_fit (the model at x),
    .eval(x), .report()."""

    def __init__(self, java_result, model, x):
        self.java = java_result
        self.model = model
        self._x = x
        names = list(java_result.names())
        values = list(java_result.values())
        errors = list(java_result.stderr())
        self.params = OrderedDict((n, Parameter(n, v, e)) for n, v, e in zip(names, values, errors))
        self.chi2 = java_result.chi2()
        self.redchi = java_result.redchi()
        self.rsquared = java_result.rsquared()
        self.success = bool(java_result.success())
        self.message = java_result.message()
        self.nfev = java_result.evaluations()
        self.ndata = java_result.points()
        self.nfree = java_result.free()
        self.derived = PyValues.toPython(java_result.derived())

    def eval(self, x=None):
        """The fitted model at x (default: the x that was fitted), as an ndarray."""
        xs = self._x if x is None else asarray(x, 'float64').java
        return ndarray(_call(Fitting.evaluate, self.model, self.java, xs))

    @property
    def best_fit(self):
        return self.eval()

    def report(self):
        """A text summary: fit statistics and one line per parameter."""
        lines = ["model: %s" % self.model.description(),
                 "success: %s (%s)" % (self.success, self.message),
                 "points: %d, free parameters: %d, chi2: %.6g, reduced chi2: %.6g, R^2: %.6f"
                 % (self.ndata, self.nfree, self.chi2, self.redchi, self.rsquared)]
        for p in self.params.values():
            lines.append("  %-16s %14.8g +/- %.4g" % (p.name, p.value, p.stderr))
        return "\n".join(lines)

    def __repr__(self):
        return "<FitResult %s: success=%s, redchi=%.6g, %s>" % (
            self.model.description(), self.success, self.redchi,
            ", ".join("%s=%.6g" % (p.name, p.value) for p in self.params.values()))


def fit(x, y, model, params=None, weights=None):
    """Fits y(x) with a model (see the module's documentation); params maps parameter names to settings,
    weights (1/sigma per point) multiply the residuals. Returns a FitResult; a fit that does not converge has
    .success False and the reason in .message."""
    xa = asarray(x, 'float64')
    ya = asarray(y, 'float64')
    m = _call(Fitting.model, str(model))
    settings = None
    if params:
        from java.util import LinkedHashMap
        settings = LinkedHashMap()
        for name, setting in params.items():
            if isinstance(setting, dict):
                js = LinkedHashMap()
                for k, v in setting.items():
                    js.put(k, v)
                setting = js
            settings.put(name, setting)
    w = None if weights is None else asarray(weights, 'float64').java
    r = _call(Fitting.fit, xa.java, ya.java, m, settings, w)
    return FitResult(r, m, xa.java)
