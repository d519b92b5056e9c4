package org.daybreak.hdf5;

import java.io.IOException;
import java.util.Arrays;

import org.daybreak.core.data.NDArray;
import org.daybreak.core.data.SliceSpec;

/**
 * Reads a selection of a virtual dataset: fill value everywhere, then, mapping by mapping, the selected elements
 * the mapping covers, read from the source dataset (only the bounding box of the needed source elements).
 *
 * <p>Correspondence: the axes along which the virtual selection picks more than one index are paired, in order,
 * with the source axes along which the source selection does; the pairs must have equal lengths (an error
 * otherwise). A missing source file or dataset is an error naming it, never silently the fill value.
 */
final class VirtualReader {
    private VirtualReader() {
    }

    static Object read(H5Dataset target, VirtualLayout v, SliceSpec.Selection sel, int total) throws IOException {
        TypeInfo type = target.type();
        if (!type.rawReadable() || type.extraDims.length > 0) {
            throw new IOException("virtual datasets of this element type are not supported");
        }
        int rank = v.dims.length;
        Sink sink = Sink.of(type, total, target.file());
        int[] outStrides = new int[rank];
        int so = 1;
        for (int d = rank - 1; d >= 0; d--) {
            outStrides[d] = so;
            so *= sel.count()[d];
        }
        // fill value
        byte[] fillBytes = new byte[type.fileSize];
        if (v.fill != null && v.fill.length == type.fileSize) {
            fillBytes = v.fill;
        }
        int row = rank == 0 ? 1 : sel.count()[rank - 1];
        byte[] fillRow = new byte[row * type.fileSize];
        for (int i = 0; i < row; i++) {
            System.arraycopy(fillBytes, 0, fillRow, i * type.fileSize, type.fileSize);
        }
        Sink.Copier fill = sink.bind(fillRow);
        for (int o = 0; o < total; o += row) {
            fill.copy(0, o, Math.min(row, total - o));
        }
        Object out = sink.array;
        for (VirtualLayout.Mapping m : v.mappings) {
            copyMapping(target, m, sel, rank, outStrides, out);
        }
        return out;
    }

    private static void copyMapping(H5Dataset target, VirtualLayout.Mapping m, SliceSpec.Selection sel, int rank,
            int[] outStrides, Object out) throws IOException {
        VirtualLayout.Hyperslab vs = m.virtual();
        // per virtual axis: output positions and positions inside the virtual selection's index list
        int[][] outK = new int[rank][];
        int[][] vPos = new int[rank][];
        for (int d = 0; d < rank; d++) {
            long[] idx = vs.indices(d);
            int count = sel.count()[d];
            int[] ks = new int[count];
            int[] ps = new int[count];
            int n = 0;
            for (int k = 0; k < count; k++) {
                long u = sel.start()[d] + (long) k * sel.step()[d];
                int p = Arrays.binarySearch(idx, u);
                if (p >= 0) {
                    ks[n] = k;
                    ps[n] = p;
                    n++;
                }
            }
            if (n == 0) {
                return; // the request does not touch this mapping
            }
            outK[d] = Arrays.copyOf(ks, n);
            vPos[d] = Arrays.copyOf(ps, n);
        }
        if (m.problem() != null) {
            throw new IOException("a mapping of this virtual dataset cannot be read: " + m.problem());
        }
        H5File srcFile;
        try {
            srcFile = target.file().openRelated(m.file());
        } catch (IOException e) {
            throw new IOException("its source file '" + m.file() + "' is missing (" + e.getMessage() + ")", e);
        }
        H5Dataset src;
        try {
            src = srcFile.dataset(m.dataset());
        } catch (IOException e) {
            throw new IOException("its source dataset '" + m.dataset() + "' in '" + m.file() + "' cannot be read ("
                    + e.getMessage() + ")", e);
        }
        long[] srcDims = src.fileShapeLong();
        VirtualLayout.Hyperslab ss = m.source() != null ? m.source() : VirtualLayout.Hyperslab.all(srcDims);
        int srank = srcDims.length;
        long[][] sIdx = new long[srank][];
        for (int e = 0; e < srank; e++) {
            sIdx[e] = ss.indices(e);
        }
        // pair the virtual axes that select more than one index with such source axes
        int[] pairOf = new int[rank];
        Arrays.fill(pairOf, -1);
        int e = 0;
        for (int d = 0; d < rank; d++) {
            if (vs.size(d) > 1) {
                while (e < srank && sIdx[e].length <= 1) {
                    e++;
                }
                if (e >= srank || sIdx[e].length != vs.size(d)) {
                    throw new IOException("a mapping's source selection does not match its virtual selection");
                }
                pairOf[d] = e++;
            }
        }
        // source indices needed, per source axis: bounding box
        long[] lo = new long[srank];
        long[] hi = new long[srank];
        for (int s = 0; s < srank; s++) {
            lo[s] = sIdx[s][0];
            hi[s] = sIdx[s][0];
        }
        for (int d = 0; d < rank; d++) {
            if (pairOf[d] >= 0) {
                int s = pairOf[d];
                lo[s] = Long.MAX_VALUE;
                hi[s] = Long.MIN_VALUE;
                for (int p : vPos[d]) {
                    lo[s] = Math.min(lo[s], sIdx[s][p]);
                    hi[s] = Math.max(hi[s], sIdx[s][p]);
                }
            }
        }
        SliceSpec.Item[] items = new SliceSpec.Item[srank];
        int[] boxShape = new int[srank];
        for (int s = 0; s < srank; s++) {
            items[s] = SliceSpec.Item.range((int) lo[s], (int) hi[s] + 1, 1);
            boxShape[s] = (int) (hi[s] - lo[s] + 1);
        }
        NDArray box = src.read(SliceSpec.of(items));
        if (box.dtype() != target.dtype()) {
            box = box.astype(target.dtype());
        }
        Object boxData = box.isContiguous() ? box.data() : box.copy().data();
        int[] boxStrides = new int[srank];
        int sb = 1;
        for (int s = srank - 1; s >= 0; s--) {
            boxStrides[s] = sb;
            sb *= boxShape[s];
        }
        int fixedOffset = 0;
        for (int s = 0; s < srank; s++) {
            boolean paired = false;
            for (int d = 0; d < rank; d++) {
                paired |= pairOf[d] == s;
            }
            if (!paired) {
                fixedOffset += (int) (sIdx[s][0] - lo[s]) * boxStrides[s];
            }
        }
        // odometer over the covered output positions
        int[] pos = new int[rank];
        while (true) {
            int dst = 0;
            int srcOff = fixedOffset;
            for (int d = 0; d < rank; d++) {
                dst += outK[d][pos[d]] * outStrides[d];
                if (pairOf[d] >= 0) {
                    int s = pairOf[d];
                    srcOff += (int) (sIdx[s][vPos[d][pos[d]]] - lo[s]) * boxStrides[s];
                }
            }
            System.arraycopy(boxData, srcOff, out, dst, 1);
            int d = rank - 1;
            while (d >= 0) {
                pos[d]++;
                if (pos[d] < outK[d].length) {
                    break;
                }
                pos[d] = 0;
                d--;
            }
            if (d < 0) {
                break;
            }
        }
    }
}
