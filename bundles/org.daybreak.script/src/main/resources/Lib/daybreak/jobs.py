"""Long computations (reconstructions, correlator runs, batch fits) run as jobs on the session's executor.

    job = daybreak.tomo.recon("tooth.h5", out="rec.h5", slices="0:1")
    print job.progress, job.message      # while it runs
    result = job.wait()                  # a dict; raises JobFailed / JobCancelled
    job.cancel()
"""

from daybreak._java import JobSpec, JobState, PyValues, context as _context, call as _call

__all__ = ['Job', 'JobFailed', 'JobCancelled', 'submit']


class JobFailed(RuntimeError):
    """The job ended with an error; the message is the job's one-line reason."""


class JobCancelled(RuntimeError):
    """The job was cancelled before it finished."""


class Job(object):
    """A submitted job: .progress (0..1), .message, .state ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED',
    'CANCELLED'), .done, .wait(timeout=None) -> result dict, .cancel(). Interrupting a script that waits
    (Ctrl-C in the console) cancels the job."""

    def __init__(self, handle):
        self.java = handle

    @property
    def id(self):
        return self.java.id()

    @property
    def kind(self):
        return self.java.spec().kind()

    @property
    def progress(self):
        return self.java.progress()

    @property
    def message(self):
        return self.java.message()

    @property
    def state(self):
        return self.java.state().name()

    @property
    def done(self):
        return bool(self.java.state().isFinal())

    def cancel(self):
        """Asks the job to stop; returns at once (wait() then raises JobCancelled)."""
        self.java.cancel()

    def wait(self, timeout=None):
        """Waits for the end and returns the job's result as a dict. timeout (seconds) -> RuntimeError when
        it has not ended by then."""
        from java.time import Duration
        from java.lang import InterruptedException
        try:
            if timeout is not None:
                if not self.java.awaitEnd(Duration.ofMillis(long(timeout * 1000))):
                    raise RuntimeError("job %s (%s) has not ended after %s s" % (self.id, self.kind, timeout))
            while not self.java.awaitEnd(Duration.ofMillis(200)):
                pass
        except (KeyboardInterrupt, InterruptedException):
            self.java.cancel()
            raise KeyboardInterrupt("interrupted while waiting for job %s; the job was cancelled" % self.id)
        state = self.state
        if state == 'SUCCEEDED':
            return PyValues.toPython(self.java.await())
        if state == 'CANCELLED':
            raise JobCancelled("job %s (%s) was cancelled" % (self.id, self.kind))
        raise JobFailed("job %s (%s) failed: %s" % (self.id, self.kind, self.java.message()))

    @property
    def result(self):
        """The result dict of a finished job (see wait())."""
        return self.wait()

    def __repr__(self):
        return "<Job %s %s: %s %.0f%% %s>" % (self.id, self.kind, self.state, 100 * self.progress, self.message)


def _java_value(v):
    from java.util import ArrayList, LinkedHashMap
    if isinstance(v, dict):
        m = LinkedHashMap()
        for k, x in v.items():
            m.put(str(k), _java_value(x))
        return m
    if isinstance(v, (list, tuple)):
        l = ArrayList()
        for x in v:
            l.add(_java_value(x))
        return l
    return v


def submit(kind, inputs=None, **params):
    """Submits a job of a registered kind (e.g. 'tomo.recon', 'corr.run') with input references (name ->
    path) and JSON-like parameters; returns a Job at once."""
    from java.util import LinkedHashMap
    jparams = LinkedHashMap()
    for k, v in params.items():
        if v is not None:
            jparams.put(k, _java_value(v))
    jinputs = LinkedHashMap()
    for k, v in (inputs or {}).items():
        jinputs.put(k, str(v))
    spec = _call(JobSpec, kind, jparams, jinputs)
    return Job(_call(_context.submit, spec))
