/**
 * CSV files as a {@link io.rostersync.spi.UserDirectory}: an HR export or a bulk-import upload read as a
 * full snapshot, a team list kept as a CSV file, and export of any directory's members or of an empty
 * template with the same headers.
 *
 * <p>Start with {@link io.rostersync.csv.CsvUserDirectory#builder()}, {@link io.rostersync.csv.CsvColumns}
 * for the column mapping and {@link io.rostersync.csv.CsvExport} for writing files.
 */
@NullMarked
package io.rostersync.csv;

import org.jspecify.annotations.NullMarked;
