package org.daybreak.fits;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.daybreak.core.data.LazyDataset;

/**
 * One header-data unit of a FITS file: its header and its arrays as lazy datasets.
 *
 * <p>Datasets by kind (all shapes C order, i.e. the FITS axes NAXIS1..NAXISn reversed so that NAXIS1 is last):
 * <ul>
 * <li>random groups (primary HDU with GROUPS = T, NAXIS1 = 0; FITS 4.0 section 6): {@code group_parameters}
 * [GCOUNT][PCOUNT] float64, each parameter scaled by its PSCALn/PZEROn, and {@code data}
 * [GCOUNT][NAXISn]...[NAXIS2] scaled by BSCALE/BZERO;</li>
 * <li>a primary or IMAGE extension array with NAXIS &gt; 0: {@code data} [NAXISn]...[NAXIS1];</li>
 * <li>a BINTABLE extension: one dataset per column, named by TTYPEn (or {@code col<n>}), shape [NAXIS2] for a
 * repeat count of 1 and [NAXIS2][repeat] otherwise (strings: [NAXIS2] of width repeat; bits (X): [NAXIS2][bytes]
 * uint8, most significant bit first; complex C/M: an extra trailing axis of 2 (re, im); variable-length array
 * descriptors P/Q: [NAXIS2][2] (count, heap offset)).</li>
 * </ul>
 *
 * @param name      EXTNAME, {@code PRIMARY} for the first HDU, {@code HDU<index>} without EXTNAME; made unique
 *                  within the file by a {@code " (n)"} suffix and with any '/' replaced by '_'
 * @param index     position in the file, 0 for the primary HDU
 * @param kind      PRIMARY, RANDOM_GROUPS, IMAGE, BINTABLE, or OTHER (an extension type read as header only)
 * @param fitsHeader the parsed header cards
 * @param units     unit text per dataset name (BUNIT, TUNITn), for display
 * @param headerOffset byte offset of the header in the file
 * @param dataOffset byte offset of the data
 * @param dataBytes  data size in bytes without padding (FITS 4.0 section 4.4.1.1)
 */
public record FitsHdu(String name, int index, Kind kind, FitsHeader fitsHeader, Map<String, LazyDataset> datasets,
        long headerOffset, long dataOffset, long dataBytes, Map<String, String> units) {

    public enum Kind {
        PRIMARY, RANDOM_GROUPS, IMAGE, BINTABLE, OTHER
    }

    public FitsHdu {
        datasets = Collections.unmodifiableMap(new LinkedHashMap<>(datasets));
        units = Collections.unmodifiableMap(new LinkedHashMap<>(units));
    }

    /** The header as keyword to value (file order, JSON-like values; see {@link FitsHeader#map()}). */
    public Map<String, Object> header() {
        return fitsHeader.map();
    }

    /** The header cards in file order, with their comments. */
    public List<FitsHeader.Card> cards() {
        return fitsHeader.cards();
    }

    /** A dataset by name, or null. */
    public LazyDataset dataset(String datasetName) {
        return datasets.get(datasetName);
    }
}
