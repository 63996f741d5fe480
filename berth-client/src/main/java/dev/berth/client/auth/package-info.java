/**
 * Registry authentication as docker does it: {@link dev.berth.client.auth.CredentialStore} (with
 * {@link dev.berth.client.auth.DockerConfigCredentials} reading {@code config.json} and running
 * {@code docker-credential-*} helpers), {@link dev.berth.client.auth.Challenge} (RFC 7235) and
 * {@link dev.berth.client.auth.BearerTokens} (the distribution token protocol, cached per scope).
 */
package dev.berth.client.auth;
