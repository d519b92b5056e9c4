package org.daybreak.tomo;

import java.io.IOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.Map;

import org.daybreak.core.data.DType;
import org.daybreak.core.data.NDArray;
import org.daybreak.hdf5.H5Writer;

/**
 * NeXus output of a reconstruction (through org.daybreak.hdf5's {@link H5Writer}):
 * <pre>
 * /@default = "entry"
 * /entry                      NXentry, @default = "reconstruction"
 * /entry/reconstruction       NXdata, @signal = "data", @axes = ["slice", "y", "x"], @slice_indices = 0, ...
 *        data   float32 [slice][y][x], chunked one slice per chunk; @slices_completed, @slices_requested
 *        slice  int32  detector row (sinogram index) of each slice
 *        y, x   float64 pixel position relative to the rotation axis (pixels = detector bins), @units = "pixel"
 * /entry/process              NXprocess: program, date, algorithm, filter, iterations, centre_of_rotation,
 *                             first_slice, slices_requested, slices_completed, source
 * </pre>
 * After a cancelled job {@code slices_completed} is smaller than {@code slices_requested} and {@code data} holds
 * only the completed slices.
 */
final class NexusReconWriter {
    private NexusReconWriter() {
    }

    static void write(Path out, NDArray volume, Map<String, Object> meta) throws IOException {
        int slices = volume.shape(0);
        int size = volume.shape(1);
        int first = ((Number) meta.get("first_slice")).intValue();
        try (H5Writer w = H5Writer.create(out)) {
            w.attribute("/", "default", "entry");
            w.group("/entry", "NXentry");
            w.attribute("/entry", "default", "reconstruction");
            w.group("/entry/reconstruction", "NXdata");
            if (slices > 0) {
                w.dataset("/entry/reconstruction/data", volume, new int[] {1, size, size});
            } else {
                w.dataset("/entry/reconstruction/data", volume);
            }
            w.attribute("/entry/reconstruction/data", "slices_completed", meta.get("slices_completed"));
            w.attribute("/entry/reconstruction/data", "slices_requested", meta.get("slices_requested"));
            int[] index = new int[slices];
            for (int i = 0; i < slices; i++) {
                index[i] = first + i;
            }
            w.dataset("/entry/reconstruction/slice", NDArray.wrap(DType.INT32, index, slices));
            double[] pos = new double[size];
            for (int i = 0; i < size; i++) {
                pos[i] = i - size / 2;
            }
            w.dataset("/entry/reconstruction/y", NDArray.wrap(DType.FLOAT64, pos.clone(), size));
            w.dataset("/entry/reconstruction/x", NDArray.wrap(DType.FLOAT64, pos, size));
            w.attribute("/entry/reconstruction/y", "units", "pixel");
            w.attribute("/entry/reconstruction/x", "units", "pixel");
            w.attribute("/entry/reconstruction", "signal", "data");
            w.attribute("/entry/reconstruction", "axes", new String[] {"slice", "y", "x"});
            w.attribute("/entry/reconstruction", "slice_indices", 0L);
            w.attribute("/entry/reconstruction", "y_indices", 1L);
            w.attribute("/entry/reconstruction", "x_indices", 2L);
            w.group("/entry/process", "NXprocess");
            w.dataset("/entry/process/program", NDArray.of(new String[] {"daybreak tomo"}, 1).reshape());
            w.dataset("/entry/process/date", NDArray.of(new String[] {OffsetDateTime.now().toString()}, 1).reshape());
            w.dataset("/entry/process/algorithm", str(meta.get("algorithm")));
            w.dataset("/entry/process/filter", str(meta.get("filter")));
            w.dataset("/entry/process/source", str(meta.get("source")));
            w.dataset("/entry/process/iterations", NDArray.scalar(((Number) meta.get("iterations")).doubleValue())
                    .astype(DType.INT32));
            w.dataset("/entry/process/centre_of_rotation", NDArray.scalar(((Number) meta.get("centre")).doubleValue()));
            w.attribute("/entry/process/centre_of_rotation", "units", "pixel");
            for (String k : new String[] {"first_slice", "slices_requested", "slices_completed"}) {
                w.dataset("/entry/process/" + k, NDArray.scalar(((Number) meta.get(k)).doubleValue()).astype(DType.INT32));
            }
        }
    }

    private static NDArray str(Object v) {
        return NDArray.of(new String[] {String.valueOf(v)}, 1).reshape();
    }
}
