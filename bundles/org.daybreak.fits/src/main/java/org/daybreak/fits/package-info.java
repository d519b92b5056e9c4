/**
 * A FITS reader written from the FITS Standard 4.0 (IAU FITS Working Group, 2018): primary HDUs (images and
 * random groups, as in UVFITS visibility files), IMAGE and BINTABLE extensions, read lazily as
 * {@link org.daybreak.core.data.LazyDataset}s. Entry point: {@link org.daybreak.fits.FitsFile#open}.
 *
 * <p>Axis order: every dataset is in C order, the FITS axes reversed (NAXIS1, the fastest-varying FITS axis, is
 * the last axis). Random-group data have shape [GCOUNT][NAXISn]...[NAXIS2]. ASCII TABLE extensions and other
 * extension types are listed with their headers but no datasets; variable-length arrays (P/Q) are given as their
 * (count, heap offset) descriptors, not resolved from the heap; compressed images are not decompressed.
 */
package org.daybreak.fits;
