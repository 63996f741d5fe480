/**
 * The Distribution API client: {@link dev.berth.client.registry.RegistryClient} (one per daemon, configured by
 * {@link dev.berth.client.registry.RegistryConfig} in daemon.json's terms) hands out a
 * {@link dev.berth.client.registry.Repository} per image name, whose calls go through {@code RegistryHttp}
 * (authentication, redirects) to the endpoints {@link dev.berth.client.registry.RegistryHosts} chose.
 *
 * <p>JVM settings for a daemon that pulls a lot: the JDK HTTP client reads into 16 KiB buffers by default;
 * {@code -Djdk.httpclient.bufsize=262144} lets one read carry more of a layer.
 */
package dev.berth.client.registry;
