package org.daybreak.script;

import org.daybreak.core.data.LazyDataset;

/**
 * What the workbench offers to scripts run in its console: the dataset selected in the Data Browser and the
 * plot view. The workbench installs one with {@link ScriptSession.Options#workbench}; a headless session
 * (the {@code run} command) has none, and the script calls that need it raise
 * "no workbench: this script runs headless".
 *
 * <p>Thread rule: these methods are called on the script's thread; an implementation that needs its UI
 * thread must hop there itself.
 */
public interface WorkbenchBridge {

    /** The dataset selected in the Data Browser, or {@code null} when nothing is selected. */
    LazyDataset selectedDataset();

    /** Where {@code daybreak.plot} calls draw: the workbench's current plot view. */
    PlotTarget plotTarget();
}
