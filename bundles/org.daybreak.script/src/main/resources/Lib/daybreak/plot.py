"""Plots from scripts: into the workbench's plot view, or (headless) an in-memory plot saved with save().

    daybreak.plot.line(x, y, name="I0", color="red", xlabel="energy / eV")
    daybreak.plot.line(x, fit_curve, name="fit")       # lines add up; hold=False starts afresh
    daybreak.plot.image(frame, colormap="inferno", scaling="log")
    daybreak.plot.save("frame.png")                    # PNG, or SVG by the extension
"""

from daybreak._java import Plotting, context as _context, call as _call
from daybreak.arrays import asarray, ndarray

__all__ = ['line', 'image', 'clear', 'title', 'labels', 'save', 'describe', 'current']


def _target():
    return _context.plotTarget()


def _options(kw):
    from java.util import LinkedHashMap
    m = LinkedHashMap()
    for k, v in kw.items():
        if isinstance(v, ndarray):
            v = v.java
        elif isinstance(v, tuple):
            v = list(v)
        m.put(k, v)
    return m


def line(x, y=None, **options):
    """A line of y over x (or of x over its indices when y is omitted). Options: name, color ('red', 'C1',
    '#1f77b4'), width, marker ('o', 's', 'x', 'D'), line=False (markers only), errors (an array of
    +-errors), hold=False (clear first), title, xlabel, ylabel, logx, logy."""
    if y is None:
        x, y = None, x
    if 'errors' in options and options['errors'] is not None:
        options['errors'] = asarray(options['errors'], 'float64')
    xj = None if x is None else asarray(x).java
    _call(Plotting.line, _target(), xj, asarray(y).java, _options(options))


def image(a, **options):
    """A 2-D array as an image (row 0 at the top), replacing what the plot showed. Options: name,
    colormap ('viridis', 'gray', 'inferno', 'magma', 'turbo'; '_r' reverses), scaling ('linear', 'log',
    'sqrt'), vmin/vmax, autocontrast=(1, 99) (percentiles), x/y (axis values), title, xlabel, ylabel."""
    for k in ('x', 'y'):
        if k in options and options[k] is not None:
            options[k] = asarray(options[k], 'float64')
    _call(Plotting.image, _target(), asarray(a).java, _options(options))


def clear():
    """Removes every trace."""
    Plotting.clear(_target())


def title(text):
    Plotting.labels(_target(), text, None, None)


def labels(title=None, xlabel=None, ylabel=None):
    """Sets the title and axis labels given."""
    Plotting.labels(_target(), title, xlabel, ylabel)


def save(path, width=800, height=600):
    """Renders the current plot to a PNG file (SVG when path ends in .svg), width x height pixels."""
    _call(Plotting.save, _target(), str(path), int(width), int(height))


def describe():
    """A short text: the title and one line per trace."""
    return Plotting.describe(_target())


def current():
    """The plot model (org.daybreak.plot.Plot) of the workbench's plot view; NoWorkbenchError headless."""
    from daybreak.workbench import bridge
    target = bridge().plotTarget()
    from java.util.function import Function

    class _Get(Function):
        def apply(self, plot):
            return plot
    return target.apply(_Get())
