"""What the workbench offers to scripts run in its console; headless sessions raise a clear error."""

from daybreak._java import context as _context

NO_WORKBENCH = "no workbench: this script runs headless"


class NoWorkbenchError(RuntimeError):
    """Raised by calls that need the workbench when the script runs headless (daybreak run)."""


def has_workbench():
    """True inside the workbench's console, False in 'daybreak run'."""
    return bool(_context.hasWorkbench())


def bridge():
    """The Java WorkbenchBridge; NoWorkbenchError when headless."""
    if not _context.hasWorkbench():
        raise NoWorkbenchError(NO_WORKBENCH)
    return _context.workbench()


def selected():
    """The dataset selected in the workbench's Data Browser, as a lazy dataset (index it to read data);
    None when nothing is selected. NoWorkbenchError when headless."""
    ds = bridge().selectedDataset()
    if ds is None:
        return None
    from daybreak.files import Dataset
    return Dataset(ds)
