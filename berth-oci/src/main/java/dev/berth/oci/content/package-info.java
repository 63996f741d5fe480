/**
 * Content-addressed blob storage after containerd's content store: small role interfaces ({@link
 * dev.berth.oci.content.BlobReader}, {@link dev.berth.oci.content.Ingester}, {@link
 * dev.berth.oci.content.IngestManager}, {@link dev.berth.oci.content.BlobManager}) composed into {@link
 * dev.berth.oci.content.ContentStore}, and {@link dev.berth.oci.content.LocalContentStore}, whose blobs directory is
 * that of an OCI image layout (image-layout spec, "Blobs").
 */
package dev.berth.oci.content;
