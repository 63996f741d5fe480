/** The registry client: talks the OCI Distribution API to berth-registry, Docker Hub and any OCI registry. */
package dev.berth.client;
