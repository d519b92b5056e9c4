"""Long computations (reconstructions, correlator runs, batch fits) run as jobs, on this machine or on remote
workers behind a Daybreak broker.

    job = daybreak.tomo.recon("tooth.h5", out="rec.h5", slices="0:1")
    print job.progress, job.message      # while it runs
    result = job.wait()                  # a dict; raises JobFailed / JobCancelled
    job.cancel()

    job = daybreak.jobs.submit("core.echo", {"x": 1}, remote=True)       # on the broker's workers
    results = daybreak.jobs.map("tomo.recon", [{"center": c, "out": "rec_%d.npy" % c} for c in (318, 320)],
                                inputs={"sinogram": "sino.npy", "angles": "theta.npy"}, remote="local")
    daybreak.jobs.workers(remote=True)   # [{'name': 'w1', 'state': 'alive', ...}]

Where a job runs (the same words as the command line's --remote, --user, --password-file, --device):

    remote=None (or False)  this session's own thread, one job at a time (the default)
    remote=True             the broker in $DAYBREAK_BROKER, else the local broker
    remote='local'          the broker the workbench (or 'daybreak broker') runs on this machine
    remote='tcp://HOST:PORT' or 'tls://HOST:PORT'   that broker
    user=, password_file=   the account (default $DAYBREAK_USER, $DAYBREAK_PASSWORD_FILE; with neither, the
                            local broker's admin account)
    trust=, fingerprint=    TLS trust: a trust store or PEM certificate, or the broker's pinned SHA-256
                            fingerprint (default $DAYBREAK_TRUST, $DAYBREAK_FINGERPRINT)
    device='cpu'|'gpu'|'auto'   the job's device request: 'gpu' sends it to the workers with a GPU

The session keeps one connection per broker and account and closes them when it ends; jobs already queued on a
broker go on running after that (list them with daybreak.jobs.list or 'daybreak jobs list').
"""

import __builtin__
import os

from daybreak._java import JobSpec, JobState, PyValues, RunTarget, Sweep, SessionContext, SiteDefaults, \
    context as _context, call as _call

# map and list are not exported by 'import *': they would hide the builtins of that name
__all__ = ['Job', 'JobFailed', 'JobCancelled', 'submit', 'workers', 'show']

_list = __builtin__.list
_map = __builtin__.map


class JobFailed(RuntimeError):
    """The job ended with an error; the message is the job's one-line reason. .job is the Job; from map() also
    .index (its place in the sweep) and .jobs (every Job of the sweep, for the results that did arrive)."""

    def __init__(self, message, job=None, index=None, jobs=None):
        RuntimeError.__init__(self, message)
        self.job = job
        self.index = index
        self.jobs = jobs


class JobCancelled(RuntimeError):
    """The job was cancelled before it finished. .job, and from map() .index and .jobs, as JobFailed's."""

    def __init__(self, message, job=None, index=None, jobs=None):
        RuntimeError.__init__(self, message)
        self.job = job
        self.index = index
        self.jobs = jobs


class Job(object):
    """A submitted job, local or remote: .id, .kind, .progress (0..1), .message, .state ('QUEUED', 'RUNNING',
    'SUCCEEDED', 'FAILED', 'CANCELLED'), .done, .worker (the remote worker's name, else None),
    .wait(timeout=None) -> result dict, .result (the same), .cancel(). Interrupting a script that waits
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

    @property
    def remote(self):
        """True for a job sent to a broker."""
        return bool(SessionContext.isRemote(self.java))

    @property
    def worker(self):
        """The name of the remote worker that runs (or ran) the job; None for local jobs and queued ones."""
        return SessionContext.workerOf(self.java)

    def cancel(self):
        """Asks the job to stop; returns at once (wait() then raises JobCancelled)."""
        self.java.cancel()

    def _end(self, timeout=None):
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

    def wait(self, timeout=None):
        """Waits for the end and returns the job's result as a dict. timeout (seconds) -> RuntimeError when
        it has not ended by then (the job goes on)."""
        self._end(timeout)
        state = self.state
        if state == 'SUCCEEDED':
            return self._result()
        if state == 'CANCELLED':
            raise JobCancelled("job %s (%s) was cancelled" % (self.id, self.kind), self)
        raise JobFailed("job %s (%s) failed: %s" % (self.id, self.kind, self.java.message()), self)

    def _result(self):
        result = PyValues.toPython(self.java.await())
        if self.remote and isinstance(result, dict):
            # a worker that received its inputs in the job message wrote its outputs in a folder of its own and
            # they were copied back here: name the files as the submitter gave them
            params = self.java.spec().params()
            for name in params.keySet():
                if (name == 'out' or name.endswith('_out')) and isinstance(result.get(name), basestring):
                    result[name] = PyValues.toPython(params.get(name))
        return result

    @property
    def result(self):
        """The result dict of a finished job (see wait())."""
        return self.wait()

    def __repr__(self):
        where = " on %s" % self.worker if self.worker else ""
        return "<Job %s %s: %s %.0f%% %s%s>" % (self.id, self.kind, self.state, 100 * self.progress, self.message,
                                               where)


def _java_value(v):
    from java.util import ArrayList, LinkedHashMap
    if isinstance(v, dict):
        m = LinkedHashMap()
        for k, x in v.items():
            m.put(str(k), _java_value(x))
        return m
    if isinstance(v, (_list, tuple)):
        l = ArrayList()
        for x in v:
            l.add(_java_value(x))
        return l
    return v


def _spec(kind, params, inputs):
    from java.util import LinkedHashMap
    if params is not None and not isinstance(params, dict):
        raise TypeError("job params must be a dict of name -> JSON value, not %r" % (params,))
    if inputs is not None and not isinstance(inputs, dict):
        raise TypeError("job inputs must be a dict of name -> file reference, not %r" % (inputs,))
    jparams = LinkedHashMap()
    for k, v in (params or {}).items():
        if v is not None:
            jparams.put(str(k), _java_value(v))
    jinputs = LinkedHashMap()
    for k, v in (inputs or {}).items():
        jinputs.put(str(k), str(v))
    return _call(JobSpec, kind, jparams, jinputs)


def _env(name):
    v = os.environ.get(name)
    return v if v and v.strip() else None


def _target(remote=None, user=None, password_file=None, device=None, trust=None, fingerprint=None):
    """The Java RunTarget for these settings (see the module's text); environment defaults as the command
    line's."""
    if device is not None:
        device = str(device).lower()
    else:
        # the site's default device (site/plugin_customization.ini; in the workbench, its Preferences)
        device = _call(SiteDefaults.current().device)
    if remote is None or remote is False:
        for name, value in (('user', user), ('password_file', password_file), ('trust', trust),
                            ('fingerprint', fingerprint)):
            if value is not None:
                raise ValueError("%s= goes with remote= (a broker URL, 'local' or True)" % name)
        return _call(RunTarget, None, None, None, device, None)
    if remote is True:
        url = _env('DAYBREAK_BROKER') or 'local'
    elif isinstance(remote, basestring):
        url = remote.strip()
        if not url:
            raise ValueError("remote= needs a broker URL (tcp://HOST:PORT, tls://HOST:PORT), 'local' or True")
    else:
        raise TypeError("remote= is a broker URL (tcp://HOST:PORT, tls://HOST:PORT), 'local', True or None, "
                        "not %r" % (remote,))
    from java.util import HashMap
    options = HashMap()
    if trust is not None:
        options.put('trust', os.path.expanduser(str(trust)))
    if fingerprint is not None:
        options.put('fingerprint', str(fingerprint))
    if password_file is None:
        password_file = _env('DAYBREAK_PASSWORD_FILE')
    return _call(RunTarget, url, user if user is not None else _env('DAYBREAK_USER'),
                 None if password_file is None else os.path.expanduser(str(password_file)), device, options)


_TARGET_WORDS = ('remote', 'user', 'password_file', 'device', 'trust', 'fingerprint')


def _pop_target(params):
    """Takes the run-target keywords (remote, user, password_file, device, trust, fingerprint) out of an entry
    point's keyword arguments and returns them as a dict for _target()."""
    return dict((k, params.pop(k)) for k in _TARGET_WORDS if k in params)


def _submit_specs(specs, target):
    from java.util import ArrayList
    l = ArrayList()
    for s in specs:
        l.add(s)
    return [Job(h) for h in _call(_context.submitAll, l, target)]


def submit(kind, params=None, inputs=None, remote=None, user=None, password_file=None, device=None, trust=None,
           fingerprint=None, **more_params):
    """Submits a job of a registered kind ('core.echo', 'tomo.recon', 'corr.run', 'fit.batch') and returns a
    Job at once. params: a dict of JSON-like settings (keyword arguments are added to it); inputs: a dict of
    name -> file reference ('/data/scan.nxs' or '/data/scan.nxs#/entry/data/data'). remote, user,
    password_file, device, trust, fingerprint: where it runs (see the module's text). A broker that cannot
    be reached is an IOError with one sentence."""
    p = dict(params or {})
    p.update(more_params)
    spec = _spec(kind, p, inputs)
    return _submit_specs([spec], _target(remote, user, password_file, device, trust, fingerprint))[0]


def _short(value, limit=100):
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 3] + '...'


def map(kind, params, inputs=None, remote=None, user=None, password_file=None, device=None, trust=None,
        fingerprint=None, return_exceptions=False, timeout=None):
    """A parameter sweep: one job of `kind` per dict in `params`, all submitted at once (to a broker in one
    transaction: all are queued, or none), and their results as a list in the order of `params`.

    inputs: one dict of file references for every job, or a list of dicts, one per job.
    A job that fails (or is cancelled) raises JobFailed (JobCancelled) at once, naming the job, its params and
    its reason; the jobs that have not ended are then cancelled, and the exception's .jobs holds every Job (the
    finished ones keep their results). With return_exceptions=True every job runs to its end and the list
    holds the exception in place of each missing result. timeout (seconds for the whole sweep): RuntimeError
    when not every job has ended by then (the jobs go on). Interrupting the wait cancels the unfinished jobs."""
    items = _list(params)
    for i, p in enumerate(items):
        if not isinstance(p, dict):
            raise TypeError("params[%d] must be a dict of job params, not %r" % (i, p))
    if isinstance(inputs, (_list, tuple)):
        if len(inputs) != len(items):
            raise ValueError("%d inputs for %d params: give one dict of inputs, or one per job" % (len(inputs),
                                                                                                    len(items)))
        per_job = _list(inputs)
    else:
        per_job = [inputs] * len(items)
    target = _target(remote, user, password_file, device, trust, fingerprint)
    if not items:
        return []
    jobs = _submit_specs([_spec(kind, p, i) for p, i in zip(items, per_job)], target)
    sweep = Sweep([j.java for j in jobs])
    _await_sweep(kind, items, jobs, sweep, return_exceptions, timeout)
    results = []
    for i, j in enumerate(jobs):
        try:
            results.append(j.wait())
        except (JobFailed, JobCancelled), e:
            e.index, e.jobs = i, jobs
            results.append(e)
    return results


def _await_sweep(kind, items, jobs, sweep, return_exceptions, timeout):
    import time
    from java.lang import InterruptedException
    end = None if timeout is None else time.time() + timeout
    try:
        while True:
            i = sweep.nextEnded(200)
            if i == Sweep.ALL_ENDED:
                return
            if i >= 0 and not return_exceptions and jobs[i].state != 'SUCCEEDED':
                unfinished = len([j for j in jobs if not j.done])
                sweep.cancelUnfinished()
                raise _sweep_failure(kind, items, jobs, i, unfinished)
            if end is not None and time.time() > end:
                left = len([j for j in jobs if not j.done])
                e = RuntimeError("%d of %d %s jobs have not ended after %s s" % (left, len(jobs), kind, timeout))
                e.jobs = jobs
                raise e
    except (KeyboardInterrupt, InterruptedException):
        sweep.cancelUnfinished()
        raise KeyboardInterrupt("interrupted while waiting for %d %s jobs; the unfinished ones were cancelled"
                                % (len(jobs), kind))


def _sweep_failure(kind, items, jobs, i, unfinished):
    j = jobs[i]
    what = "job %s (%s, params[%d] = %s)" % (j.id, kind, i, _short(items[i]))
    tail = "; %d unfinished job(s) of the sweep were cancelled" % unfinished if unfinished else ""
    if j.state == 'CANCELLED':
        return JobCancelled("%s was cancelled%s" % (what, tail), j, i, jobs)
    return JobFailed("%s failed: %s%s" % (what, j.message, tail), j, i, jobs)


def workers(remote=None, user=None, password_file=None, trust=None, fingerprint=None):
    """The workers a broker knows, as dicts (name, host, pid, threads, capabilities, current jobs, started,
    last_heartbeat, state 'alive' or 'lost'). remote None or True: $DAYBREAK_BROKER, else the local broker."""
    t = _target(True if remote is None else remote, user, password_file, None, trust, fingerprint)
    return PyValues.toPython(_call(_context.workers, t))


def list(state=None, kind=None, limit=None, remote=None, user=None, password_file=None, trust=None,
         fingerprint=None):
    """Job records on a broker, oldest first, as dicts (id, kind, state, worker, attempts, result or error,
    queued, started, finished, params, inputs, ...); state ('queued', 'running', 'done', 'failed',
    'cancelled'), kind and limit filter. remote None or True: $DAYBREAK_BROKER, else the local broker."""
    from java.lang import Integer
    t = _target(True if remote is None else remote, user, password_file, None, trust, fingerprint)
    return PyValues.toPython(_call(_context.list, t, state, kind, None if limit is None else Integer(int(limit))))


def show(id, remote=None, user=None, password_file=None, trust=None, fingerprint=None):
    """One job's record on a broker, as a dict (see list()); a Job's .id names it. IOError when the broker
    knows no such job."""
    t = _target(True if remote is None else remote, user, password_file, None, trust, fingerprint)
    return PyValues.toPython(_call(_context.show, t, str(getattr(id, 'id', id))))
