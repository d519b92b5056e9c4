package org.daybreak.remote;

import java.io.IOException;

import org.daybreak.core.job.JobExecutor;
import org.daybreak.core.job.RemoteExecutorFactory;
import org.daybreak.core.job.RunTarget;

/** The remote bundle's {@link RemoteExecutorFactory}: a {@link RemoteJobExecutor} on its own connection. */
public final class RemoteExecutors implements RemoteExecutorFactory {
    @Override
    public JobExecutor open(RunTarget target) throws IOException {
        BrokerConnection c = BrokerConnection.open(target, false);
        try {
            return new RemoteJobExecutor(c, true);
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }
}
