package org.daybreak.hdf5;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.jhdf.ObjectHeader;
import io.jhdf.api.Dataset;
import io.jhdf.dataset.DatasetBase;
import io.jhdf.dataset.chunked.Chunk;
import io.jhdf.dataset.chunked.ChunkedDatasetBase;
import io.jhdf.object.message.DataSpaceMessage;
import io.jhdf.object.message.FilterPipelineMessage;

/**
 * The few jHDF 0.13 internals Daybreak needs and jHDF does not make public: a dataset's object header (for the
 * dataspace type and the filter pipeline as stored, even with filters jHDF does not know) and the chunk index.
 * Reached by reflection, which works on a plain class path and in OSGi (no module boundaries).
 */
final class JhdfAccess {
    private JhdfAccess() {
    }

    static ObjectHeader objectHeader(Dataset ds) {
        try {
            Field f = DatasetBase.class.getDeclaredField("oh");
            f.setAccessible(true);
            return (ObjectHeader) f.get(ds);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** HDF5 dataspace type: 0 scalar, 1 simple, 2 null (no elements); -1 when unknown. */
    static int dataspaceType(Dataset ds) {
        ObjectHeader oh = objectHeader(ds);
        if (oh == null || !oh.hasMessageOfType(DataSpaceMessage.class)) {
            return -1;
        }
        return oh.getMessageOfType(DataSpaceMessage.class).getDataSpace().getType();
    }

    /** The filter pipeline as stored (id, name, client data), in the order applied when writing. */
    static List<FilterPipelineMessage.FilterInfo> filters(Dataset ds) {
        ObjectHeader oh = objectHeader(ds);
        if (oh == null || !oh.hasMessageOfType(FilterPipelineMessage.class)) {
            return List.of();
        }
        return oh.getMessageOfType(FilterPipelineMessage.class).getFilters();
    }

    @SuppressWarnings("unchecked")
    static Collection<Chunk> chunks(Dataset ds) throws ReflectiveOperationException {
        Method m = ChunkedDatasetBase.class.getDeclaredMethod("getChunkLookup");
        m.setAccessible(true);
        try {
            return ((Map<?, Chunk>) m.invoke(ds)).values();
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }
}
