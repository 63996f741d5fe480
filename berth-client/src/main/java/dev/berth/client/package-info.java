/**
 * The registry client: talks the OCI Distribution API to berth-registry, Docker Hub and any OCI registry.
 *
 * <ul>
 *   <li>{@link dev.berth.client.auth}: credentials ({@code ~/.docker/config.json}, credential helpers), the
 *       {@code WWW-Authenticate} challenge grammar and bearer tokens.</li>
 *   <li>{@link dev.berth.client.registry}: endpoints (Docker Hub, mirrors, plain http for loopback and insecure
 *       registries), authenticated requests with redirects, and the calls on one repository.</li>
 *   <li>{@link dev.berth.client.pull}: {@code docker pull} into a content store and layer directories, with docker's
 *       progress messages; {@link dev.berth.client.pull.PullTarget} is what a daemon implements.</li>
 *   <li>{@link dev.berth.client.push}: {@code docker push} from a content store.</li>
 * </ul>
 *
 * Dependencies flow one way: {@code pull}, {@code push} → {@code registry} → {@code auth}.
 */
package dev.berth.client;
