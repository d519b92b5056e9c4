package org.daybreak.hdf5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.daybreak.core.data.DType;
import org.daybreak.core.data.NDArray;
import org.daybreak.core.json.Json;
import org.daybreak.hdf5.nexus.NexusData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** H5Writer output read back by h5py and by Daybreak. */
class WriterTest {

    @Test
    void writtenFileReadsInH5pyAndBack(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("out.nxs");
        float[] img = new float[6 * 7];
        for (int i = 0; i < img.length; i++) {
            img[i] = i * 0.5f;
        }
        try (H5Writer w = H5Writer.create(file)) {
            w.group("/entry", "NXentry");
            w.attribute("/", "default", "entry");
            w.attribute("/entry", "default", "data");
            w.group("/entry/data", "NXdata");
            w.dataset("/entry/data/image", NDArray.wrap(DType.FLOAT32, img, 6, 7));
            w.dataset("/entry/data/y", NDArray.of(new double[] {0, 1, 2, 3, 4, 5}));
            w.dataset("/entry/data/counts", NDArray.wrap(DType.UINT16, new short[] {1, 2, (short) 60000}, 3));
            w.dataset("/entry/data/big", NDArray.wrap(DType.INT32, new int[64 * 50], 64, 50), new int[] {16, 25});
            w.dataset("/entry/notes", NDArray.of(new String[] {"first", "second µm"}));
            w.dataset("/entry/scalar", NDArray.scalar(2.5));
            w.attribute("/entry/data", "signal", "image");
            w.attribute("/entry/data", "axes", new String[] {"y", "."});
            w.attribute("/entry/data", "y_indices", new long[] {0});
            w.attribute("/entry/data/image", "units", "counts");
            w.attribute("/entry/data/image", "scale", 1.5);
        }
        String check = """
                import json, sys, h5py, numpy as np
                f = h5py.File('out.nxs', 'r')
                d = f['entry/data/image']
                print(json.dumps(dict(shape=list(d.shape), dtype=d.dtype.str, v=float(d[5, 6]),
                    units=d.attrs['units'].decode() if isinstance(d.attrs['units'], bytes) else d.attrs['units'],
                    counts=f['entry/data/counts'][()].tolist(), cdt=f['entry/data/counts'].dtype.str,
                    chunks=list(f['entry/data/big'].chunks), notes=[x.decode() for x in f['entry/notes'][()]],
                    scalar=float(f['entry/scalar'][()]), nx=f['entry/data'].attrs['NX_class'].decode())))
                """;
        Map<String, Object> r = Json.parseObject(TestSupport.python(tmp, check).strip());
        assertEquals(java.util.List.of(6L, 7L), ((java.util.List<?>) r.get("shape")).stream()
                .map(o -> ((Number) o).longValue()).toList());
        assertEquals("<f4", r.get("dtype"));
        assertEquals(20.5, ((Number) r.get("v")).doubleValue());
        assertEquals("counts", r.get("units"));
        assertEquals("<u2", r.get("cdt"));
        assertEquals(60000L, ((Number) ((java.util.List<?>) r.get("counts")).get(2)).longValue());
        assertEquals("second µm", ((java.util.List<?>) r.get("notes")).get(1));
        assertEquals("NXdata", r.get("nx"));
        try (H5File f = H5File.open(file)) {
            NexusData nd = NexusData.findDefault(f).orElseThrow();
            assertEquals("/entry/data/image", nd.signalPath());
            assertEquals("/entry/data/y", nd.axisPaths().get(0));
            assertTrue(f.dataset("/entry/data/image").read().contentEquals(NDArray.wrap(DType.FLOAT32, img, 6, 7)));
            assertEquals(java.util.List.of("deflate"), f.dataset("/entry/data/big").filters().stream()
                    .filter(s -> s.equals("deflate")).toList());
        }
    }
}
