/**
 * The Spark-free half of the converters: listing an ILSVRC2012 tree and its val label files, what is stored
 * for each source image, and atomic output directories. The Spark jobs in {@code org.xnornet.spark} drive them.
 */
package org.xnornet.data.convert;
