package org.daybreak.hdf5.nexus;

import java.io.IOException;
import java.util.Optional;

import org.daybreak.hdf5.H5File;

/**
 * Paths of a tomography scan in the APS Data Exchange layout (De Carlo et al. 2014, J. Synchrotron Rad. 21, 1224;
 * used by TomoPy): {@code /exchange/data} projections [angle][y][x], {@code /exchange/data_white} flats,
 * {@code /exchange/data_dark} darks, {@code /exchange/theta} angles (degrees in practice; see its {@code units}).
 *
 * @param dataPath  projections
 * @param flatPath  flat (white) fields, or null
 * @param darkPath  dark fields, or null
 * @param thetaPath rotation angles, or null
 */
public record DataExchange(String dataPath, String flatPath, String darkPath, String thetaPath) {

    /** The Data Exchange paths of a file; empty when it has no {@code /exchange/data}. */
    public static Optional<DataExchange> find(H5File f) throws IOException {
        if (!f.exists("/exchange/data")) {
            return Optional.empty();
        }
        return Optional.of(new DataExchange("/exchange/data", existing(f, "/exchange/data_white"),
                existing(f, "/exchange/data_dark"), existing(f, "/exchange/theta")));
    }

    private static String existing(H5File f, String p) {
        return f.exists(p) ? p : null;
    }
}
