"""The Java classes behind the daybreak module.

A Daybreak script session registers them as the module _daybreak_java (see
org.daybreak.script.internal.JavaModule); outside a session they are imported from their Java packages,
which works on a plain class path.
"""

try:
    from _daybreak_java import *
    import _daybreak_java as _module
    context = _module.context
    capabilities = list(_module.capabilities)
except ImportError:
    raise ImportError("the daybreak module runs inside Daybreak: use 'daybreak run script.py' "
                      "or the workbench's console")

from java.lang import IllegalArgumentException, IllegalStateException, IndexOutOfBoundsException
from java.io import IOException, UncheckedIOException


def call(function, *args):
    """Calls a Java function, turning its errors into the Python exceptions a scientist expects:
    IllegalArgumentException -> ValueError, IndexOutOfBoundsException -> IndexError,
    IOException -> IOError, IllegalStateException -> RuntimeError (all with the Java message)."""
    try:
        return function(*args)
    except IllegalArgumentException, e:
        raise ValueError(e.getMessage())
    except IndexOutOfBoundsException, e:
        raise IndexError(e.getMessage())
    except UncheckedIOException, e:
        raise IOError(e.getCause().getMessage())
    except IOException, e:
        raise IOError(e.getMessage())
    except IllegalStateException, e:
        raise RuntimeError(e.getMessage())
