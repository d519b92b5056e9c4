"""Where the examples find their data and write their results.

Test data: $DAYBREAK_TESTDATA, else the Java system property daybreak.testdata (set by the test build), else
../shared/testdata next to the repository (this file is in <repo>/examples, so that is
<repo>/../shared/testdata). Results: the folder given as the script's first
argument, else <temp>/daybreak-examples.
"""

import os
import sys
import tempfile


def testdata(relative):
    """The absolute path of a file under the test data folder; exits with a clear message when it is missing."""
    root = os.environ.get('DAYBREAK_TESTDATA')
    if not root:
        from java.lang import System
        root = System.getProperty('daybreak.testdata')
    if not root:
        here = os.path.dirname(os.path.abspath(__file__))
        root = os.path.join(here, '..', '..', 'shared', 'testdata')
    path = os.path.normpath(os.path.join(root, relative))
    if not os.path.isfile(path):
        sys.stderr.write("test data file %s not found; set DAYBREAK_TESTDATA to the testdata folder\n" % path)
        sys.exit(2)
    return path


def output_dir():
    """The folder for result files: sys.argv[1] if given, else <temp>/daybreak-examples (created)."""
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(tempfile.gettempdir(), 'daybreak-examples')
    if not os.path.isdir(out):
        os.makedirs(out)
    return out
